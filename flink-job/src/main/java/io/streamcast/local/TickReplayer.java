package io.streamcast.local;

import io.streamcast.model.data.TickCsv;
import io.streamcast.records.Json;
import io.streamcast.records.Tick;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays ticks in event-time order, paced so that {@code speedup} seconds of event time pass per
 * wall second, on a background thread. A gap in event time longer than {@code maxGap} (between
 * two recordings, say) is replayed as if it were that long.
 */
public final class TickReplayer implements AutoCloseable {

    /** Waits shorter than this are not slept but caught up with the next wait. */
    private static final long MIN_SLEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    /** Where the ticks go. */
    public interface TickSink extends AutoCloseable {
        void send(Tick tick);

        @Override
        void close();
    }

    /** Wall time; replaced in tests so that pacing is checked without sleeping. */
    interface Pacer {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Pacer SYSTEM = new Pacer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final List<Tick> ticks;
    private final double speedup;
    private final long maxGapMillis;
    private final TickSink sink;
    private final Pacer pacer;
    private final AtomicLong sent = new AtomicLong();
    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile boolean done;

    TickReplayer(List<Tick> ticks, double speedup, Duration maxGap, TickSink sink, Pacer pacer) {
        if (!(speedup > 0)) {
            throw new IllegalArgumentException("speed-up must be more than 0, was " + speedup);
        }
        if (maxGap.isNegative()) {
            throw new IllegalArgumentException("the longest gap cannot be negative, was " + maxGap);
        }
        this.ticks = List.copyOf(ticks);
        this.speedup = speedup;
        this.maxGapMillis = maxGap.toMillis();
        this.sink = sink;
        this.pacer = pacer;
        this.thread = new Thread(this::runReplay, "tick-replayer");
        this.thread.setDaemon(true);
    }

    public TickReplayer(List<Tick> ticks, double speedup, Duration maxGap, TickSink sink) {
        this(ticks, speedup, maxGap, sink, Pacer.SYSTEM);
    }

    /** A replayer producing JSON ticks to {@code topic}, keyed by the tick's key. */
    public static TickReplayer toKafka(List<Tick> ticks, double speedup, Duration maxGap, String bootstrapServers,
            String topic) {
        KafkaProducer<String, String> producer = TickProducers.create(bootstrapServers, new StringSerializer(),
                new StringSerializer(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 5));
        return new TickReplayer(ticks, speedup, maxGap, new TickSink() {
            @Override
            public void send(Tick tick) {
                producer.send(new ProducerRecord<>(topic, tick.key(), toJson(tick)));
            }

            @Override
            public void close() {
                producer.close(Duration.ofSeconds(10));
            }
        });
    }

    public void start() {
        thread.start();
    }

    public long ticksSent() {
        return sent.get();
    }

    public int ticksTotal() {
        return ticks.size();
    }

    /** True once every tick is sent, or the replay stopped or failed. */
    public boolean isDone() {
        return done;
    }

    /** What made the replay fail, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** Stops the replay, waits for its thread and closes the sink. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(10));
        sink.close();
    }

    private void runReplay() {
        try {
            replay();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            done = true;
        }
    }

    /** Sends the ticks on the calling thread, each when it is due. */
    void replay() throws InterruptedException {
        long start = pacer.nanoTime();
        long due = 0;
        long previousTimestamp = ticks.isEmpty() ? 0 : ticks.get(0).timestamp();
        for (Tick tick : ticks) {
            if (stopped) {
                return;
            }
            due = dueNanos(due, Math.min(tick.timestamp() - previousTimestamp, maxGapMillis), speedup);
            previousTimestamp = tick.timestamp();
            long wait = start + due - pacer.nanoTime();
            if (wait >= MIN_SLEEP_NANOS) {
                pacer.sleepNanos(wait);
            }
            sink.send(tick);
            sent.incrementAndGet();
        }
    }

    /**
     * When the next tick is due, in wall nanoseconds after the replay's start, given when the
     * previous one was due and the event time between them (ticks out of order are due at once).
     */
    static long dueNanos(long previousDueNanos, long eventDeltaMillis, double speedup) {
        return previousDueNanos + Math.round(Math.max(eventDeltaMillis, 0) * 1e6 / speedup);
    }

    /** The tick's JSON as the job reads it: {@code {"key":…,"ts":"<ISO-8601>","value":…}}. */
    static String toJson(Tick tick) {
        return Json.MAPPER.createObjectNode()
                .put("key", tick.key())
                .put("ts", Instant.ofEpochMilli(tick.timestamp()).toString())
                .put("value", tick.value())
                .toString();
    }

    /**
     * Reads a tick CSV ({@link TickCsv}) and merges the rows of its first {@code keys} keys (in
     * the order the file first names them) into one list in event-time order; rows of the same
     * time keep the keys' order.
     *
     * @throws IOException at the first bad row, naming its line
     */
    public static List<Tick> readCsv(Reader csv, int keys) throws IOException {
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be 1 or more, was " + keys);
        }
        Set<String> chosen = new LinkedHashSet<>();
        List<Tick> ticks = new ArrayList<>();
        TickCsv.readTicks(csv, row -> {
            if (chosen.contains(row.key()) || (chosen.size() < keys && chosen.add(row.key()))) {
                ticks.add(new Tick(row.key(), row.timestamp(), row.value()));
            }
        });
        // A stable sort: rows of one time stay in file order, which is the keys' order.
        ticks.sort(Comparator.comparingLong(Tick::timestamp));
        return ticks;
    }
}
