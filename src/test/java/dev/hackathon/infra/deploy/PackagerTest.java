package dev.hackathon.infra.deploy;

import static dev.hackathon.infra.deploy.InstanceRoot.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What goes into a release and how: checked by reading the archive back with GNU tar, the reader the
 * instance uses, and by computing the id the way the on-instance script does.
 */
class PackagerTest {

    @TempDir
    Path dir;

    private static final List<ArchiveEntry> NO_CONTROL = List.of();

    private Packager.Release pack(Path folder) throws PackagingException {
        return new Packager().pack(folder, NO_CONTROL, dir.resolve("out-" + System.nanoTime() + ".tar.gz"));
    }

    private static String sh(Path cwd, String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), script + "\n" + out);
        return out;
    }

    /** GNU tar's listing: "mode owner size date time name[ -> target]" per entry. */
    private static List<String> listing(Packager.Release r) throws Exception {
        return sh(r.archive().getParent(), "tar --numeric-owner -tvzf '" + r.archive() + "'").lines()
                .map(l -> l.replaceAll("\\s+", " ")).toList();
    }

    private static List<String> names(Packager.Release r) throws Exception {
        return sh(r.archive().getParent(), "tar -tzf '" + r.archive() + "'").lines().toList();
    }

    private static Path app(Path folder) {
        write(folder.resolve("composer.json"), "{}\n");
        write(folder.resolve("app/Http/Kernel.php"), "<?php\n");
        write(folder.resolve("public/index.php"), "<?php // front\n");
        return folder;
    }

    /** Files of one line each (their own name) in {@code folder}. */
    private static Path files(Path folder, String... names) {
        for (String name : names) {
            write(folder.resolve(name), name + "\n");
        }
        return folder;
    }

    @Test
    void theSameFilesGiveTheSameBytesWhateverTheirTimesAndModes() throws Exception {
        Path a = app(dir.resolve("a"));
        Path b = dir.resolve("b");
        sh(dir, "cp -r a b");
        Files.setLastModifiedTime(b.resolve("composer.json"), FileTime.fromMillis(1_000_000_000L));
        Files.setPosixFilePermissions(b.resolve("public/index.php"), PosixFilePermissions.fromString("rw-------"));

        Packager.Release first = pack(a);
        Packager.Release second = pack(b);
        Packager.Release again = pack(a);

        assertEquals(first.id(), second.id());
        assertArrayEquals(Files.readAllBytes(first.archive()), Files.readAllBytes(again.archive()));
        assertEquals(3, first.files());
        // The id as the instance computes it: the SHA-256 of the uncompressed tar.
        assertEquals(first.id() + "  -", sh(dir, "gzip -dc '" + first.archive() + "' | sha256sum").strip());

        write(b.resolve("composer.json"), "{\"changed\": true}\n");
        assertFalse(pack(b).id().equals(first.id()), "new content, new id");
    }

    @Test
    void entriesAreSortedOwnedByRootAtOneFixedTimeAndKeepOnlyTheExecutableBit() throws Exception {
        Path a = app(dir.resolve("a"));
        write(a.resolve("bin/run.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(a.resolve("bin/run.sh"), PosixFilePermissions.fromString("rwx------"));
        Files.setPosixFilePermissions(a.resolve("composer.json"), PosixFilePermissions.fromString("rw-rw-rw-"));

        List<String> listing = listing(pack(a));

        assertEquals(List.of(
                "-rw-r--r-- 0/0 6 1980-01-01 00:00 app/Http/Kernel.php",
                "-rwxr-xr-x 0/0 10 1980-01-01 00:00 bin/run.sh",
                "-rw-r--r-- 0/0 3 1980-01-01 00:00 composer.json",
                "-rw-r--r-- 0/0 15 1980-01-01 00:00 public/index.php"), listing);
    }

    @Test
    void longAndNonAsciiNamesAndLinksUnpackAsTheyWere() throws Exception {
        Path a = app(dir.resolve("a"));
        String deep = "resources/" + "very-long-folder-name/".repeat(6) + "view.blade.php";
        write(a.resolve(deep), "deep\n");
        write(a.resolve("lang/fr/clés.php"), "<?php // é\n");
        write(a.resolve("storage/app/public/.gitignore"), "*\n");
        Files.createSymbolicLink(a.resolve("public/storage"), Path.of("../storage/app/public"));
        Files.createSymbolicLink(a.resolve("public/later"), Path.of("../not/yet/there")); // dangling, inside

        Packager.Release r = pack(a);
        Path out = Files.createDirectories(dir.resolve("unpacked"));
        sh(out, "tar -xzf '" + r.archive() + "'");

        assertTrue(deep.length() > 100);
        assertEquals("deep\n", Files.readString(out.resolve(deep)));
        assertEquals("<?php // é\n", Files.readString(out.resolve("lang/fr/clés.php")));
        assertEquals(Path.of("../storage/app/public"), Files.readSymbolicLink(out.resolve("public/storage")));
        assertEquals(Path.of("../not/yet/there"), Files.readSymbolicLink(out.resolve("public/later")));
        // Python's tarfile, a second reader, agrees on the names.
        String pyNames = sh(out, "python3 -c 'import tarfile,sys; print(\"\\n\".join(tarfile.open(sys.argv[1]).getnames()))' '"
                + r.archive() + "'");
        assertTrue(pyNames.contains(deep) && pyNames.contains("lang/fr/clés.php"), pyNames);
    }

    @Test
    void aLinkOutOfTheFolderIsRefusedWithWhatToDo() throws Exception {
        Path a = app(dir.resolve("a"));
        Files.createSymbolicLink(a.resolve(".env"), Path.of("/home/me/secrets/.env"));
        Files.createSymbolicLink(a.resolve("public/shared"), Path.of("../../elsewhere"));
        Path archive = dir.resolve("never.tar.gz");

        PackagingException e = assertThrows(PackagingException.class,
                () -> new Packager().pack(a, NO_CONTROL, archive));

        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.problems().get(0).startsWith(".env -> /home/me/secrets/.env: a link out of the app's folder"),
                e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("public/shared -> ../../elsewhere:"), e.problems().get(1));
        assertFalse(Files.exists(archive), "nothing written");
    }

    @Test
    void staysInsideReadsTheTargetAgainstTheLinksFolder() {
        assertTrue(Packager.staysInside("public/storage", "../storage/app/public"));
        assertTrue(Packager.staysInside("a/b/c", "./../../x"));
        assertFalse(Packager.staysInside("a/b", "../../x"));
        assertFalse(Packager.staysInside("link", "/etc/passwd"));
        assertFalse(Packager.staysInside("a/link", "../b/../../x"));
    }

    @Test
    void outsideGitEverythingButWhatTheInstanceRebuilds() throws Exception {
        Path a = files(app(dir.resolve("a")),
                "vendor/laravel/framework/src/x.php", "node_modules/react/index.js",
                "packages/ui/node_modules/x/index.js", ".next/cache/x", ".git/HEAD",
                "resources/views/vendor/mail/html.blade.php", // published views are the app's
                "public/vendor/horizon/app.js", ".env.example");

        Packager.Release r = pack(a);

        assertFalse(r.fromGit());
        assertEquals(List.of(".env.example", "app/Http/Kernel.php", "composer.json", "public/index.php",
                "public/vendor/horizon/app.js", "resources/views/vendor/mail/html.blade.php"), names(r));
    }

    @Test
    void inAGitWorkTreeWhatGitTracksOrWouldTrackWithUncommittedEdits() throws Exception {
        Path repo = dir.resolve("repo");
        Path a = app(repo.resolve("api"));
        write(repo.resolve(".gitignore"), "/api/vendor/\n.env\n*.log\n");
        write(a.resolve("gone.php"), "<?php // committed, then deleted\n");
        write(repo.resolve("web/page.tsx"), "another app of the same repository\n");
        sh(repo, "git init -q && git add -A && git -c user.name=t -c user.email=t@example.com commit -qm init");
        write(a.resolve("composer.json"), "{\"edited\": \"not committed\"}\n");
        write(a.resolve("app/New.php"), "<?php // new, not added\n");
        write(a.resolve(".env"), "APP_KEY=base64:local-secret\n");
        write(a.resolve("storage/logs/laravel.log"), "ignored\n");
        write(a.resolve("vendor/autoload.php"), "ignored\n");
        Files.delete(a.resolve("gone.php"));

        Packager.Release r = pack(a);

        assertTrue(r.fromGit());
        assertEquals(List.of("app/Http/Kernel.php", "app/New.php", "composer.json", "public/index.php"), names(r));
        Path out = Files.createDirectories(dir.resolve("unpacked"));
        sh(out, "tar -xzf '" + r.archive() + "'");
        assertEquals("{\"edited\": \"not committed\"}\n", Files.readString(out.resolve("composer.json")));
    }

    @Test
    void aRepositoryInsideIsListedByItsOwnGit() throws Exception {
        Path a = files(app(dir.resolve("a")), "packages/sdk/index.php", "packages/sdk/build/out.php");
        write(a.resolve("packages/sdk/.gitignore"), "build/\n");
        sh(a.resolve("packages/sdk"), "git init -q");
        sh(a, "git init -q");

        assertEquals(List.of("app/Http/Kernel.php", "composer.json", "packages/sdk/.gitignore", "packages/sdk/index.php",
                "public/index.php"), names(pack(a)));
    }

    @Test
    void aNameThatIsNotUtf8IsRefusedAndShownSoItCanBeFound() throws Exception {
        Path a = app(dir.resolve("a"));
        sh(a, "printf x > \"$(printf 'caf\\xe9.txt')\"");

        PackagingException walked = assertThrows(PackagingException.class, () -> pack(a));
        assertTrue(walked.problems().get(0).contains("the name is not UTF-8"), walked.getMessage());

        sh(a, "git init -q");
        PackagingException listed = assertThrows(PackagingException.class, () -> pack(a));
        assertEquals("caf\\xE9.txt: the name is not UTF-8; rename it (git mv) so it reads the same on the instance",
                listed.problems().get(0));
    }

    @Test
    void aFolderWithNothingToDeployIsRefused() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo.resolve(".gitignore"), "/api/\n");
        Path a = app(repo.resolve("api"));
        sh(repo, "git init -q");

        PackagingException e = assertThrows(PackagingException.class, () -> pack(a));

        assertTrue(e.problems().get(0).startsWith("no files to deploy in " + a), e.getMessage());
    }

    @Test
    void theToolsFolderInAnAppIsRefused() throws Exception {
        Path a = app(dir.resolve("a"));
        write(a.resolve(".hackathon-infra/release.json"), "{}\n");

        PackagingException e = assertThrows(PackagingException.class, () -> pack(a));

        assertTrue(e.problems().get(0).startsWith(".hackathon-infra/release.json: the folder .hackathon-infra/ is"),
                e.getMessage());
    }

    @Test
    void overTheLimitNamesTheLargestPathsAndWritesNothing() throws Exception {
        Path a = app(dir.resolve("a"));
        write(a.resolve("node_modules/big/a.js"), "x".repeat(3000));
        write(a.resolve("node_modules/big/b.js"), "x".repeat(3000));
        write(a.resolve("public/video.mp4"), "x".repeat(2500));
        Path archive = dir.resolve("never.tar.gz");
        sh(a, "git init -q"); // node_modules not ignored: git would track it

        PackagingException e = assertThrows(PackagingException.class,
                () -> new Packager(4096).pack(a, NO_CONTROL, archive));

        String m = e.problems().get(0);
        assertTrue(m.startsWith("the app's files come to 8.3 KiB, over the limit of 4.0 KiB; the largest: "
                + "node_modules/ 5.9 KiB in 2 files, public/ 2.5 KiB in 2 files,"), m);
        assertTrue(m.contains("node_modules/big/a.js 2.9 KiB") && m.contains("public/video.mp4 2.4 KiB"), m);
        assertTrue(m.endsWith("(.gitignore in a git work tree)"), m);
        assertFalse(Files.exists(archive));
    }

    @Test
    void theControlFilesComeAlongUnderTheToolsFolder() throws Exception {
        Path a = app(dir.resolve("a"));
        ReleaseManifest m = new ReleaseManifest("api", dev.hackathon.infra.config.StackConfig.App.Runtime.laravel, 80,
                "/up", "ap-northeast-1", List.of("/x/"), java.util.Map.of("DB_HOST", "db"), null, null);

        Packager.Release r = new Packager().pack(a, ReleaseControl.entries(m), dir.resolve("r.tar.gz"));

        List<String> listing = listing(r);
        assertTrue(listing.contains("-rwxr-xr-x 0/0 " + ReleaseControl.script().length
                + " 1980-01-01 00:00 .hackathon-infra/deploy"), listing.toString());
        String json = sh(dir, "tar -xzOf '" + r.archive() + "' .hackathon-infra/release.json");
        assertEquals(m.json(), json);
        assertThrows(IllegalArgumentException.class, () -> new ReleaseManifest("api",
                dev.hackathon.infra.config.StackConfig.App.Runtime.laravel, 80, "/up", "ap-northeast-1", List.of(),
                java.util.Map.of("DB_PASSWORD", "x"), null, null), "a secret never goes into a bundle");
    }

    @Test
    void paxRecordsCountTheirOwnLength() {
        for (int n = 1; n < 400; n++) {
            String record = TarWriter.paxRecord("path", "x".repeat(n));
            int declared = Integer.parseInt(record.substring(0, record.indexOf(' ')));
            assertEquals(record.getBytes(StandardCharsets.UTF_8).length, declared, record);
        }
    }
}
