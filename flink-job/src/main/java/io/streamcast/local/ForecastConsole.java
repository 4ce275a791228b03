package io.streamcast.local;

import io.streamcast.records.DeadLetter;
import io.streamcast.records.ForecastRecord;
import io.streamcast.records.Json;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the forecasts (committed ones only, as an exactly-once consumer must) and the dead letters
 * on a background thread, and prints the {@link Scoreboard}'s live view.
 */
public final class ForecastConsole implements AutoCloseable {

    /** Dead letters printed in full; later ones are only counted. */
    private static final int DEAD_LETTERS_SHOWN = 3;

    private final KafkaConsumer<String, String> consumer;
    private final String forecastsTopic;
    private final Scoreboard board;
    private final PrintStream out;
    private final Thread thread;
    private volatile long deadLetters;
    private volatile long firstForecastNanos;
    private volatile long lastForecastNanos;
    private volatile boolean closed;

    public ForecastConsole(String bootstrapServers, String forecastsTopic, String deadLetterTopic,
            Scoreboard board, PrintStream out) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "streamcast-demo-console-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        this.consumer.subscribe(List.of(forecastsTopic, deadLetterTopic));
        this.forecastsTopic = forecastsTopic;
        this.board = board;
        this.out = out;
        this.thread = new Thread(this::poll, "forecast-console");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public long deadLetters() {
        return deadLetters;
    }

    /** {@link System#nanoTime()} when the first forecast arrived, or 0. */
    public long firstForecastNanos() {
        return firstForecastNanos;
    }

    /** {@link System#nanoTime()} when the latest forecast arrived, or 0. */
    public long lastForecastNanos() {
        return lastForecastNanos;
    }

    /** Stops reading and closes the consumer; the scoreboard is then safe to read. */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        consumer.wakeup();
        thread.join(TimeUnit.SECONDS.toMillis(10));
    }

    private void poll() {
        try {
            while (!closed) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.topic().equals(forecastsTopic)) {
                        show(Json.forecastFromJson(record.value()));
                    } else {
                        showDeadLetter(record.value());
                    }
                }
            }
        } catch (WakeupException e) {
            // closed
        } catch (RuntimeException e) {
            out.println("forecast console stopped: " + e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void show(ForecastRecord forecast) {
        long now = System.nanoTime();
        if (firstForecastNanos == 0) {
            firstForecastNanos = now;
        }
        lastForecastNanos = now;
        board.onForecast(forecast).forEach(out::println);
    }

    private void showDeadLetter(String json) {
        long n = ++deadLetters;
        if (n <= DEAD_LETTERS_SHOWN) {
            DeadLetter letter = Json.deadLetterFromJson(json);
            out.println("dead letter: " + letter.error() + ": " + letter.raw());
        } else if (n == DEAD_LETTERS_SHOWN + 1) {
            out.println("(further dead letters are counted, not shown)");
        }
    }
}
