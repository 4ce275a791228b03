package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.cli.StreamcastCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a user starts it, in a process of its own: its console (stdout and stderr) holds
 * only the demo's own lines, and every log line is in the file it names at the end.
 */
class DemoConsoleTest {

    /** A log4j line as the console layouts write one: a clock time with seconds, then a level. */
    private static final Pattern LOG_LINE = Pattern.compile("^\\d{2}:\\d{2}:\\d{2}(\\.\\d{3})? +(TRACE|DEBUG|INFO|WARN|ERROR) ");

    @Test
    void theConsoleShowsOnlyTheDemoAndTheLogFileHasTheRest(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("ticks.csv");
        Files.writeString(csv, sixHoursOfTwoKeys());
        Path log = dir.resolve("demo.log");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                StreamcastCli.class.getName(), "demo", "--data", csv.toString(), "--window", "1m", "--speedup", "600",
                "--duration", "2m", "--log", log.toString())
                .directory(dir.toFile()).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("the demo ended by itself").isTrue();
        } finally {
            demo.destroyForcibly().waitFor();
        }

        List<String> out = Files.readAllLines(stdout);
        assertThat(demo.exitValue()).as("exit code; stdout: %s", out).isZero();
        assertThat(Files.readAllLines(stderr)).as("stderr").isEmpty();
        assertThat(out).as("stdout").noneMatch(line -> LOG_LINE.matcher(line).find())
                .anyMatch(line -> line.startsWith("first forecast"))
                .last().isEqualTo("log: " + log.toAbsolutePath());
        assertThat(Files.readAllLines(log)).as("the log file").anyMatch(line -> LOG_LINE.matcher(line).find());
    }

    /**
     * Two keys, one tick a minute for six hours: a replay (36 s at 600x) that outlasts the job's
     * start, so that forecasts come before it ends.
     */
    private static String sixHoursOfTwoKeys() {
        StringBuilder csv = new StringBuilder("key,timestamp,value\n");
        Instant start = Instant.parse("2010-07-10T00:00:00Z");
        for (int minute = 0; minute < 360; minute++) {
            for (String key : List.of("a", "b")) {
                double value = 20 + 5 * Math.sin(minute * 2 * Math.PI / 60) + (key.equals("a") ? 0 : 10);
                csv.append(key).append(',').append(start.plusSeconds(60L * minute)).append(',')
                        .append(String.format(java.util.Locale.ROOT, "%.3f", value)).append('\n');
            }
        }
        return csv.toString();
    }
}
