package dev.hackathon.infra.config;

import java.nio.file.Path;

/** Placeholder until the loader lands; replaced by the real one. */
public final class ConfigLoader {
    private ConfigLoader() {
    }

    public static StackConfig load(Path file) throws ConfigException {
        throw new ConfigException(java.util.List.of(new ConfigProblem(file.toString(), 0, "", "loader not built yet")));
    }
}
