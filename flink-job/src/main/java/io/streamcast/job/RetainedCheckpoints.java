package io.streamcast.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.util.FileUtils;

/**
 * The checkpoints a local {@code run} keeps in its checkpoint directory. Flink writes them as
 * {@code <dir>/<job id>/chk-<n>/_metadata} and, retained on cancellation, leaves one job directory
 * per run behind. A restart resumes from the newest complete one (a checkpoint is complete once
 * its {@code _metadata} is written), and the job directories of older runs are removed.
 */
public final class RetainedCheckpoints {

    private static final String METADATA = "_metadata";

    private final Path directory;

    public RetainedCheckpoints(Path directory) {
        this.directory = directory;
    }

    /** The newest complete checkpoint's directory, if any. */
    public Optional<Path> latest() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(directory)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(RetainedCheckpoints::checkpointsOf)
                    .filter(chk -> Files.isRegularFile(chk.resolve(METADATA)))
                    .max(Comparator.comparing(RetainedCheckpoints::completedAt));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + directory, e);
        }
    }

    /** Removes every job directory but the one holding {@code keep}. */
    public void removeAllBut(Path keep) {
        Path keepJob = keep.getParent();
        try (Stream<Path> jobs = Files.list(directory)) {
            for (Path job : jobs.filter(Files::isDirectory).filter(job -> !job.equals(keepJob)).toList()) {
                FileUtils.deleteDirectory(job.toFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up old checkpoints in " + directory, e);
        }
    }

    private static Stream<Path> checkpointsOf(Path job) {
        try (Stream<Path> entries = Files.list(job)) {
            List<Path> checkpoints = entries.filter(p -> p.getFileName().toString().startsWith("chk-")).toList();
            return checkpoints.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime completedAt(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve(METADATA));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
