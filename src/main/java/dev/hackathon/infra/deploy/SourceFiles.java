package dev.hackathon.infra.deploy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Which files of an app's folder go into a release, as '/'-separated names relative to the folder.
 *
 * <p>In a git work tree: the files git tracks or would track ({@code git ls-files -co --exclude-standard}),
 * so uncommitted edits and new files deploy too and whatever {@code .gitignore} leaves out stays out; a
 * tracked file deleted in the work tree is listed by git but is not there, and is left out like any file
 * that vanishes before it is read. Submodules are listed the same way, inside.
 *
 * <p>Elsewhere: every file of the folder except {@code vendor/} and {@code .next/} at the top (Composer and
 * Next.js rebuild them on the instance; a nested {@code vendor/} such as {@code resources/views/vendor/} is
 * the app's own) and {@code node_modules/} and {@code .git} at any depth.
 *
 * <p>Names that are not UTF-8 are reported (a release's names must read the same on the instance); so is
 * anything under {@link ReleaseControl#DIR}, which is the tool's.
 */
final class SourceFiles {

    static final Set<String> TOP_LEVEL_EXCLUDED = Set.of("vendor", ".next");
    static final Set<String> EXCLUDED_ANYWHERE = Set.of("node_modules", ".git");

    /** The names found, sorted, and the names that cannot be packaged (already worded for the user). */
    record Listing(List<String> names, List<String> problems, boolean fromGit) {
    }

    private SourceFiles() {
    }

    static Listing list(Path folder) {
        Set<String> names = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        boolean git = isGitWorkTree(folder);
        if (git) {
            listWithGit(folder, "", names, problems);
        } else {
            walk(folder, names, problems);
        }
        List<String> reserved = names.stream()
                .filter(n -> n.equals(ReleaseControl.DIR) || n.startsWith(ReleaseControl.DIR + "/")).toList();
        if (!reserved.isEmpty()) {
            problems.add(reserved.get(0) + ": the folder " + ReleaseControl.DIR + "/ is where the tool puts what the "
                    + "instance needs to deploy the release; rename it in the app");
            names.removeAll(reserved);
        }
        return new Listing(List.copyOf(names), problems, git);
    }

    private static boolean isGitWorkTree(Path folder) {
        try {
            Result r = git(folder, "rev-parse", "--is-inside-work-tree");
            return r.exit == 0 && new String(r.out, StandardCharsets.UTF_8).strip().equals("true");
        } catch (IOException e) {
            return false; // no git on PATH: the folder is packaged as a plain folder
        }
    }

    private static void listWithGit(Path folder, String prefix, Set<String> names, List<String> problems) {
        Result r;
        try {
            r = git(folder, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (r.exit != 0) {
            problems.add(folder + ": git ls-files failed: " + new String(r.err, StandardCharsets.UTF_8).strip());
            return;
        }
        int start = 0;
        for (int i = 0; i < r.out.length; i++) {
            if (r.out[i] == 0) {
                byte[] raw = java.util.Arrays.copyOfRange(r.out, start, i);
                start = i + 1;
                String name = utf8(raw);
                if (name == null) {
                    problems.add(prefix + printable(raw) + ": the name is not UTF-8; rename it (git mv) so it reads"
                            + " the same on the instance");
                    continue;
                }
                Path path;
                try {
                    path = folder.resolve(name);
                } catch (java.nio.file.InvalidPathException e) {
                    problems.add(prefix + name + ": this JVM cannot open the name with its file-name encoding ("
                            + System.getProperty("sun.jnu.encoding") + "); run with LANG=C.UTF-8");
                    continue;
                }
                if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    // A submodule, or a repository of its own inside ("nested/"): its files, as its git lists them.
                    String folderName = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                    listWithGit(path, prefix + folderName + "/", names, problems);
                } else {
                    names.add(prefix + name);
                }
            }
        }
    }

    private static void walk(Path folder, Set<String> names, List<String> problems) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(folder)) {
                        return FileVisitResult.CONTINUE;
                    }
                    String name = dir.getFileName().toString();
                    boolean top = dir.getParent().equals(folder);
                    return EXCLUDED_ANYWHERE.contains(name) || top && TOP_LEVEL_EXCLUDED.contains(name)
                            ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = nameOf(folder, file);
                    if (name.indexOf('\uFFFD') >= 0) {
                        problems.add(name + ": the name is not UTF-8; rename it so it reads the same on the instance");
                    } else if (!EXCLUDED_ANYWHERE.contains(file.getFileName().toString())) {
                        names.add(name);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof java.nio.file.NoSuchFileException) {
                        return FileVisitResult.CONTINUE; // gone while we walked: as if deleted just before
                    }
                    problems.add(nameOf(folder, file) + ": cannot read it: " + e.getMessage());
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String nameOf(Path folder, Path file) {
        return folder.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }

    private static String utf8(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The name with every byte outside printable ASCII as \xNN, so the user can find the file. */
    private static String printable(byte[] raw) {
        StringBuilder sb = new StringBuilder();
        for (byte b : raw) {
            int c = b & 0xff;
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02X", c));
        }
        return sb.toString();
    }

    private record Result(int exit, byte[] out, byte[] err) {
    }

    private static Result git(Path folder, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("git", "-c", "core.quotepath=off"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(folder.toFile()).start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> copy(p.getErrorStream(), err));
        errReader.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("git " + String.join(" ", args) + " did not finish within 60 s in " + folder);
            }
            errReader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted while git listed " + folder, e);
        }
        return new Result(p.exitValue(), out, err.toByteArray());
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            // the process ended; what was read is what there is
        }
    }
}
