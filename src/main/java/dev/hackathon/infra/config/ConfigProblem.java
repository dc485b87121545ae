package dev.hackathon.infra.config;

/**
 * One thing wrong with a config file, printed as {@code file:line: path: message}.
 *
 * @param line 1-based; 0 when the problem is with the file as a whole (missing, empty, too big)
 * @param path the field, e.g. {@code loadBalancer.rules[1].priority}; empty for whole-file problems
 */
public record ConfigProblem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (path.isEmpty() ? "" : path + ": ") + message;
    }
}
