package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.streamcast.cli.StreamcastCli;
import java.io.File;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html as a person sees it: a small backtest's report opened in real headless Chromium
 * (Debian's chromium package; .ci/run installs it), once per key, offline. Every key's two charts
 * must be drawn and the page must log nothing to the console (an uncaught error is logged there).
 */
class ReportPageTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    /** One key needs quoting in the CSV and escaping in the page's markup and data. */
    private static final List<String> KEYS = List.of("pump-1", "sensor <7>, \"east\"", "zone&2");
    private static final int WINDOWS = 48;
    private static final long HOUR = 3_600_000;
    private static final Pattern DATA_KEY = Pattern.compile("<body[^>]*data-key=\"([^\"]*)\"");

    @TempDir
    Path dir;

    @Test
    void everyKeysChartsRenderInHeadlessChromiumWithoutConsoleErrors() throws Exception {
        Path chromium = chromium().orElseGet(() -> fail("headless Chromium is needed to check report.html and "
                + "none is on the PATH: apt-get install chromium (.ci/run installs it)"));
        Path report = backtest().resolve("report.html");
        for (String key : KEYS) {
            Page page = open(chromium, report, key);
            assertThat(page.consoleLines()).as("console output of the page for %s", key).isEmpty();
            assertThat(count(page.dom(), "class=\"uplot")).as("uPlot charts drawn for %s", key).isEqualTo(2);
            assertThat(count(page.dom(), "<canvas")).as("chart canvases for %s", key).isEqualTo(2);
            assertThat(page.dom()).contains("data-charts=\"2\"");
            Matcher shown = DATA_KEY.matcher(page.dom());
            assertThat(shown.find()).as("the page names the key it shows").isTrue();
            assertThat(unescape(shown.group(1))).as("the key the address asked for").isEqualTo(key);
        }
    }

    private record Page(String dom, List<String> consoleLines) {}

    /** The DOM after the page's scripts ran, and what it logged to the console. */
    private Page open(Path chromium, Path report, String key) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-");
        Path out = dir.resolve("dom.html");
        Path err = dir.resolve("chromium.log");
        String url = report.toUri() + "#key=" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
        // As root (CI) Chromium needs --no-sandbox; the network flags keep it from trying the closed network.
        Process process = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--window-size=1200,900", "--virtual-time-budget=5000", "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish with " + url + " in 120 s; its log: " + Files.readString(err));
        }
        assertThat(process.exitValue()).as("Chromium's exit code; its log: %s", Files.readString(err)).isZero();
        List<String> console = Files.readAllLines(err).stream().filter(l -> l.contains(":CONSOLE")).toList();
        return new Page(Files.readString(out), console);
    }

    private Path backtest() throws IOException {
        List<String> rows = new ArrayList<>(List.of("key,timestamp,value"));
        for (int w = 0; w < WINDOWS; w++) {
            for (int k = 0; k < KEYS.size(); k++) {
                for (int i = 0; i < 4; i++) {
                    double value = 10 * (k + 1) + 5 * Math.sin(2 * Math.PI * w / 12) + (i % 2) * 0.5 + (w == 30 ? 40 : 0);
                    String key = KEYS.get(k);
                    String field = key.contains(",") || key.contains("\"") ? "\"" + key.replace("\"", "\"\"") + "\"" : key;
                    rows.add(field + "," + Instant.ofEpochMilli(w * HOUR + i * HOUR / 4) + "," + value);
                }
            }
        }
        Path input = Files.write(dir.resolve("ticks.csv"), rows);
        Path out = dir.resolve("out");
        assertThat(StreamcastCli.execute("backtest", "--input", input.toString(), "--out", out.toString(),
                "--window", "1h", "--retrain-every", "12h", "--min-training-windows", "4", "--tbptt", "5",
                "--hidden", "4", "--layers", "1", "--epochs", "1", "--parallelism", "2")).isZero();
        return out;
    }

    /** Debian installs it as chromium; other systems as chromium-browser. */
    private static Optional<Path> chromium() {
        return Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .flatMap(d -> Stream.of(Path.of(d, "chromium"), Path.of(d, "chromium-browser")))
                .filter(Files::isExecutable).findFirst();
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static String unescape(String attribute) {
        return attribute.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
