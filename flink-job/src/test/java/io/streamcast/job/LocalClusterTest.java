package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A local cluster started before its job (as the demo starts it, beside its broker): a job that
 * needs more slots than the cluster has is refused with a message that says so, and the cluster
 * then runs a job that fits to its end.
 */
class LocalClusterTest {

    @Test
    void aClusterStartedFirstRunsTheJobSubmittedLater(@TempDir Path dir) throws Exception {
        LocalRun.Cluster cluster = LocalRun.Cluster.start(LocalRun.Settings.in(dir.resolve("checkpoints")).parallelism(2));
        LocalRun run;
        try {
            assertThatThrownBy(() -> cluster.submit(env -> env.fromData(List.of(1, 2, 3)).filter(v -> v > 1)
                            .setParallelism(3).sinkTo(new DiscardingSink<>())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("parallelism 3").hasMessageContaining("2 slots");
            run = cluster.submit(env -> env.fromData(List.of(1, 2, 3)).filter(v -> v > 1)
                    .setParallelism(2).sinkTo(new DiscardingSink<>()));
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        try (run) {
            run.await();
            assertThat(run.job().getJobStatus().get()).isEqualTo(JobStatus.FINISHED);
        }
    }
}
