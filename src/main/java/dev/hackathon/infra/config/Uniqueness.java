package dev.hackathon.infra.config;

import java.util.HashMap;
import java.util.Map;

/** Finds a value given twice (a host, a priority, a zone) and names both places, so either can be fixed. */
final class Uniqueness<T> {

    private final String what;
    private final Map<T, Field> first = new HashMap<>();

    Uniqueness(String what) {
        this.what = what;
    }

    /** False, after reporting it on {@code field}, when an earlier field has the same value. */
    boolean add(T value, Field field) {
        Field earlier = first.putIfAbsent(value, field);
        if (earlier != null) {
            field.problem("duplicate " + what + " " + value + "; " + earlier.path() + " on line " + earlier.line()
                    + " has it too");
        }
        return earlier == null;
    }
}
