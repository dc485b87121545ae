package dev.hackathon.infra.config;

/** A rule for one text value of the config. */
@FunctionalInterface
interface Check {

    /** What is wrong with {@code value}, said to the user; null when it is fine. */
    String problem(String value);
}
