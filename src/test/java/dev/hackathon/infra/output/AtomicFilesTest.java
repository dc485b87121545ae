package dev.hackathon.infra.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @Test
    void aReplacedFileKeepsItsPermissionsAndANewOneIsReadableByOthers(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("hackathon.yaml"), "stack: a\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        Path page = dir.resolve("status.html");

        AtomicFiles.replace(config, "stack: b\n");
        AtomicFiles.replace(page, "<p>x</p>");

        assertEquals("stack: b\n", Files.readString(config));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(page)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(2, files.count(), "a temporary file was left behind");
        }
    }
}
