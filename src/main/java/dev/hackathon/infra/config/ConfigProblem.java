package dev.hackathon.infra.config;

/** Placeholder until the loader lands; replaced by the real one. */
public record ConfigProblem(String file, int line, String path, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + path + ": " + message;
    }
}
