package dev.hackathon.infra.deploy;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a release archive: a file with its bytes, or a symbolic link with its target. Owners,
 * times and modes are normalised by the archive; only whether a file is executable is kept, since that is
 * all a checkout keeps too (git records 644 or 755).
 *
 * @param name   the path inside the archive, '/'-separated, relative, never starting with '/' or "./"
 * @param target a symbolic link's target as written; null for a file
 */
public record ArchiveEntry(String name, byte[] content, boolean executable, String target) {

    public static ArchiveEntry file(String name, byte[] content, boolean executable) {
        return new ArchiveEntry(name, content, executable, null);
    }

    public static ArchiveEntry text(String name, String content, boolean executable) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), executable);
    }

    public static ArchiveEntry link(String name, String target) {
        return new ArchiveEntry(name, new byte[0], false, target);
    }

    public boolean isLink() {
        return target != null;
    }
}
