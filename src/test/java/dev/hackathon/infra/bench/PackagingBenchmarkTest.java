package dev.hackathon.infra.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaging benchmark packs what it generates, both ways, and sees an unchanged app keep its id. */
class PackagingBenchmarkTest {

    @Test
    void packsTheGeneratedAppAsAFolderAndAsAGitTree(@TempDir Path dir) throws Exception {
        List<PackagingBenchmark.Result> results = PackagingBenchmark.run(dir, 100, 1, null);

        assertEquals(List.of("folder", "git tree"), results.stream().map(PackagingBenchmark.Result::mode).toList());
        for (PackagingBenchmark.Result r : results) {
            assertEquals(102, r.files(), r.mode() + ": the app's 100 files and the release's 2 control files");
            assertTrue(r.sameIdAgain(), r.mode() + ": the unchanged app packed to another id");
            assertTrue(r.archiveBytes() < r.contentBytes(), r.mode() + ": compressed");
        }
    }
}
