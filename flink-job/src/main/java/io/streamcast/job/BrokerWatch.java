package io.streamcast.job;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Under a running local job, says when Kafka stops answering and when it answers again. The job's
 * own Kafka clients retry quietly (their connection warnings, which would repeat every second for
 * each of them, are off in streamcast.jar), so a broker lost under {@code run} showed nothing for
 * a minute, until the job failed and restarted.
 */
public final class BrokerWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerWatch.class);

    private final Admin admin;
    private final Duration every;
    private final Reachability reachability;
    private final Thread thread;

    private BrokerWatch(Admin admin, String bootstrapServers, Duration every, Duration silentFor) {
        this.admin = admin;
        this.every = every;
        this.reachability = new Reachability("Kafka at " + bootstrapServers, silentFor);
        this.thread = new Thread(this::watch, "streamcast-broker-watch");
        thread.setDaemon(true);
    }

    /**
     * Asks the cluster for its id every {@code every} (waiting as long for the answer) and logs at
     * ERROR once it has not answered for {@code silentFor}, then at INFO when it answers again.
     */
    public static BrokerWatch start(KafkaSettings kafka, Duration every, Duration silentFor) {
        BrokerWatch watch = new BrokerWatch(Admin.create(kafka.adminProperties()), kafka.bootstrapServers(), every,
                silentFor);
        watch.thread.start();
        return watch;
    }

    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                long start = System.nanoTime();
                boolean answered = answers();
                reachability.observe(start, System.nanoTime(), answered).ifPresent(change -> {
                    if (change.answering()) {
                        LOG.info(change.message());
                    } else {
                        LOG.error(change.message());
                    }
                });
                long left = every.toNanos() - (System.nanoTime() - start);
                if (left > 0) {
                    TimeUnit.NANOSECONDS.sleep(left);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean answers() throws InterruptedException {
        int timeout = (int) Math.min(Integer.MAX_VALUE, every.toMillis());
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeout)).clusterId()
                    .get(every.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        admin.close(Duration.ZERO);
    }

    /**
     * The watch's verdicts over time, free of Kafka: a change worth saying is one silence that has
     * lasted {@code silentFor}, and the first answer after it.
     */
    static final class Reachability {

        record Change(boolean answering, String message) {}

        private final String what;
        private final Duration silentFor;
        private Optional<Long> silentSince = Optional.empty();
        private boolean reported;

        Reachability(String what, Duration silentFor) {
            this.what = what;
            this.silentFor = silentFor;
        }

        /** One check, from its start to its end (in {@link System#nanoTime} nanoseconds), and whether it was answered. */
        Optional<Change> observe(long startNanos, long endNanos, boolean answered) {
            if (answered) {
                Optional<Change> back = reported
                        ? Optional.of(new Change(true, what + " answers again, after " + seconds(endNanos) + " s"))
                        : Optional.empty();
                silentSince = Optional.empty();
                reported = false;
                return back;
            }
            if (silentSince.isEmpty()) {
                silentSince = Optional.of(startNanos);
            }
            if (!reported && endNanos - silentSince.get() >= silentFor.toNanos()) {
                reported = true;
                return Optional.of(new Change(false, what + " has not answered for " + seconds(endNanos)
                        + " s: no ticks are read and no forecasts written until it does (the job"
                        + " restarts from its newest checkpoint if its clients give up first)"));
            }
            return Optional.empty();
        }

        private long seconds(long endNanos) {
            return Math.round((endNanos - silentSince.orElse(endNanos)) / 1e9);
        }
    }
}
