package dev.hackathon.infra.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Test helpers: write a config into a temporary folder, load one that must fail. */
final class ConfigFiles {

    static final Path SEED = Path.of("config/hackathon.yaml");

    private ConfigFiles() {
    }

    static Path write(Path dir, String name, String yaml) {
        try {
            return Files.writeString(dir.resolve(name), yaml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String seedText() {
        try {
            return Files.readString(SEED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The problems of a file that must not load, each checked to print as {@code file:line: ...}. */
    static List<ConfigProblem> problemsOf(Path file) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));
        assertFalse(e.problems().isEmpty());
        for (ConfigProblem p : e.problems()) {
            assertTrue(p.toString().startsWith(file + ":" + p.line() + ": "), p.toString());
            assertTrue(p.line() >= 0, p.toString());
            assertFalse(p.message().isBlank(), p.toString());
        }
        return e.problems();
    }
}
