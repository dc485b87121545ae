package dev.hackathon.infra.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file so that they are all reported together, in file order. */
final class Problems {

    private final String file;
    private final List<ConfigProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(int line, String path, String message) {
        found.add(new ConfigProblem(file, line, path, message));
    }

    /** A problem after which nothing else can be checked (the file is unreadable or not YAML). */
    ConfigException fatal(int line, String message) {
        return new ConfigException(List.of(new ConfigProblem(file, line, "", message)));
    }

    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line)); // stable: same-line problems keep check order
            throw new ConfigException(sorted);
        }
    }
}
