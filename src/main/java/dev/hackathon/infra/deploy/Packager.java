package dev.hackathon.infra.deploy;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Packs an app's folder ({@link SourceFiles}) and the release's control files ({@link ReleaseControl}) into
 * one deterministic tar.gz: entries sorted by name, normalised as {@link TarWriter} says. The release id is
 * the SHA-256 of the tar before compression, so it names the content whatever zlib compressed it: the same
 * app packed on a laptop and in CI gets the same id, and an unchanged app can be recognised by name alone.
 *
 * <p>Symbolic links are kept as links when their target, read against the link's folder, stays inside the
 * app (public/storage -> ../storage/app/public), even when nothing is there yet; a link that is absolute or
 * leads out of the folder would point at the laptop's files, which the instance has not got, and is
 * refused. A file that vanishes between listing and reading is left out, as if deleted just before.
 * Sockets, pipes and devices are left out: they are not content.
 */
public final class Packager {

    /** Far above a Laravel or Next.js app without vendor/ and node_modules/, far below an upload that hurts. */
    public static final long DEFAULT_LIMIT_BYTES = 200L * 1024 * 1024;
    /** How many of the largest paths a refusal names. */
    static final int LARGEST_SHOWN = 8;

    private final long limitBytes;

    public Packager() {
        this(DEFAULT_LIMIT_BYTES);
    }

    public Packager(long limitBytes) {
        this.limitBytes = limitBytes;
    }

    /** What was written: the id, the archive and what it holds. */
    public record Release(String id, Path archive, long archiveBytes, int files, long contentBytes,
                          boolean fromGit) {

        /** The first 12 hex digits: enough to tell releases apart, short enough to read. */
        public String shortId() {
            return id.substring(0, 12);
        }
    }

    /**
     * Writes {@code archive} (replacing it) from {@code folder} plus {@code control} (which take their names
     * as they are, under {@link ReleaseControl#DIR}).
     *
     * @throws PackagingException when a name or link cannot be packaged or the files pass the limit; nothing
     *                            is written then
     */
    public Release pack(Path folder, List<ArchiveEntry> control, Path archive) throws PackagingException {
        SourceFiles.Listing listing = SourceFiles.list(folder);
        List<String> problems = new ArrayList<>(listing.problems());
        Map<String, Source> sources = new LinkedHashMap<>();
        for (String name : listing.names()) {
            Source s = source(folder, name, problems);
            if (s != null) {
                sources.put(name, s);
            }
        }
        if (problems.isEmpty() && sources.isEmpty()) {
            problems.add("no files to deploy in " + folder + (listing.fromGit()
                    ? " (git ls-files lists none: does a .gitignore leave the folder out?)" : ""));
        }
        if (!problems.isEmpty()) {
            throw new PackagingException(folder, problems);
        }
        long total = sources.values().stream().mapToLong(Source::size).sum();
        if (total > limitBytes) {
            throw new PackagingException(folder, List.of(tooLarge(folder, sources, total)));
        }
        List<ArchiveEntry> entries = new ArrayList<>(control);
        try {
            for (Map.Entry<String, Source> e : sources.entrySet()) {
                ArchiveEntry entry = read(folder, e.getKey(), e.getValue());
                if (entry != null) {
                    entries.add(entry);
                }
            }
            entries.sort(Comparator.comparing(ArchiveEntry::name));
            return write(entries, archive, listing.fromGit());
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + archive + ": " + e.getMessage(), e);
        }
    }

    /** What {@link #pack} needs to know of a file before reading it. */
    private record Source(long size, boolean executable, String linkTarget) {
    }

    private static Source source(Path folder, String name, List<String> problems) {
        Path path = folder.resolve(name);
        BasicFileAttributes attrs;
        try {
            attrs = attributes(path);
        } catch (NoSuchFileException e) {
            return null; // listed, then gone: deleted in the work tree, or while we looked
        } catch (IOException e) {
            problems.add(name + ": cannot read it: " + e.getMessage());
            return null;
        }
        if (attrs.isSymbolicLink()) {
            String target;
            try {
                target = Files.readSymbolicLink(path).toString();
            } catch (IOException e) {
                return null;
            }
            if (!staysInside(name, target)) {
                problems.add(name + " -> " + target + ": a link out of the app's folder points at files the instance "
                        + "has not got; make it relative and inside the folder, or leave it out (.gitignore)");
                return null;
            }
            return new Source(0, false, target);
        }
        boolean executable = attrs instanceof PosixFileAttributes posix
                ? posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE) : Files.isExecutable(path);
        return attrs.isRegularFile() ? new Source(attrs.size(), executable, null) : null;
    }

    /** One stat per file: POSIX attributes where the file system has them (they hold the executable bit). */
    private static BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException e) {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** The target, read against the link's folder, without touching the file system. */
    static boolean staysInside(String linkName, String target) {
        if (target.isEmpty() || target.startsWith("/")) {
            return false;
        }
        List<String> parts = new ArrayList<>(List.of(linkName.split("/")));
        parts.remove(parts.size() - 1);
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return false;
                }
                parts.remove(parts.size() - 1);
            } else if (!part.isEmpty() && !part.equals(".")) {
                parts.add(part);
            }
        }
        return true;
    }

    private static ArchiveEntry read(Path folder, String name, Source source) throws IOException {
        if (source.linkTarget() != null) {
            return ArchiveEntry.link(name, source.linkTarget());
        }
        Path path = folder.resolve(name);
        try {
            // Read whole, so the size in the header is the size of what follows, even if the file is being written.
            byte[] content = Files.readAllBytes(path);
            return ArchiveEntry.file(name, content, source.executable());
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private static Release write(List<ArchiveEntry> entries, Path archive, boolean fromGit) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long content = 0;
        int files = 0;
        try (OutputStream file = Files.newOutputStream(archive);
             GZIPOutputStream gzip = new GZIPOutputStream(new BufferedOutputStream(file, 1 << 16), 1 << 16);
             OutputStream tar = new BufferedOutputStream(new DigestOutputStream(gzip, sha256), 1 << 16)) {
            TarWriter writer = new TarWriter(tar);
            for (ArchiveEntry e : entries) {
                writer.write(e);
                content += e.content().length;
                files++;
            }
            writer.finish();
        }
        return new Release(HexFormat.of().formatHex(sha256.digest()), archive, Files.size(archive), files, content,
                fromGit);
    }

    /** The total, the limit, and where the bytes are: the largest top-level folders and files. */
    private String tooLarge(Path folder, Map<String, Source> sources, long total) {
        Map<String, long[]> byTop = new LinkedHashMap<>();
        sources.forEach((name, s) -> {
            int slash = name.indexOf('/');
            String top = slash < 0 ? name : name.substring(0, slash + 1);
            long[] sizeAndCount = byTop.computeIfAbsent(top, k -> new long[2]);
            sizeAndCount[0] += s.size();
            sizeAndCount[1]++;
        });
        List<String> largest = new ArrayList<>();
        byTop.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(LARGEST_SHOWN)
                .forEach(e -> largest.add(e.getKey() + " " + Sizes.human(e.getValue()[0])
                        + (e.getKey().endsWith("/") ? " in " + e.getValue()[1] + " files" : "")));
        sources.entrySet().stream().filter(e -> e.getKey().contains("/"))
                .sorted((a, b) -> Long.compare(b.getValue().size(), a.getValue().size())).limit(3)
                .forEach(e -> largest.add(e.getKey() + " " + Sizes.human(e.getValue().size())));
        return "the app's files come to " + Sizes.human(total) + ", over the limit of " + Sizes.human(limitBytes)
                + "; the largest: " + String.join(", ", largest) + ". Leave out what the instance rebuilds or does not"
                + " need (.gitignore in a git work tree)";
    }
}
