package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    private static Path checkpoint(Path dir, String job, int n, long completedAt, boolean complete) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(job).resolve("chk-" + n));
        Files.createDirectories(dir.resolve(job).resolve("shared"));
        if (complete) {
            Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.fromMillis(completedAt));
        }
        return chk;
    }

    @Test
    void theNewestCompleteCheckpointIsResumedAndOlderRunsRemoved(@TempDir Path dir) throws Exception {
        RetainedCheckpoints retained = new RetainedCheckpoints(dir);
        assertThat(retained.latest()).isEmpty();
        checkpoint(dir, "job-a", 7, 1_000, true);
        Path newest = checkpoint(dir, "job-b", 3, 2_000, true);
        checkpoint(dir, "job-c", 1, 0, false);

        assertThat(retained.latest()).contains(newest);
        retained.removeAllBut(newest);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly("job-b");
        assertThat(retained.latest()).contains(newest);
    }

    @Test
    void aMissingDirectoryHasNothingToResume(@TempDir Path dir) {
        assertThat(new RetainedCheckpoints(dir.resolve("none")).latest()).isEmpty();
    }
}
