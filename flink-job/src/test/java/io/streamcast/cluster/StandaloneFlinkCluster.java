package io.streamcast.cluster;

import io.streamcast.local.FreePorts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster from the published jars, as on a real deployment: a
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and TaskManagers
 * ({@code TaskManagerRunner}) in JVMs of their own, with flink-job/target/flink-cluster-lib (what a
 * distribution's lib/ holds) and flink-job/target/flink-lib (DL4J/ND4J, as docs/deploy.md puts
 * them in lib/) on their class path, keyed state in RocksDB with incremental checkpoints,
 * everything on 127.0.0.1. Jobs go in through the REST API.
 * {@link #close()} kills the JVMs and deletes the directory.
 */
public final class StandaloneFlinkCluster implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Flink's JVM options for Java 17 (its config.yaml's env.java.opts.all default). */
    private static final List<String> JAVA_OPTS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;
    private final Map<String, String> config;
    private final String classPath;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String rest;
    private final List<Process> taskManagers = new ArrayList<>();
    private Process jobManager;

    private StandaloneFlinkCluster(Path dir, Map<String, String> config, String classPath) {
        this.dir = dir;
        this.config = config;
        this.classPath = classPath;
        this.rest = "http://" + HOST + ":" + config.get("rest.port");
    }

    /** Starts a JobManager and one TaskManager with two slots, and waits until it serves jobs. */
    public static StandaloneFlinkCluster start() {
        Path dir;
        try {
            dir = Files.createTempDirectory("streamcast-flink-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StandaloneFlinkCluster cluster = null;
        try {
            cluster = new StandaloneFlinkCluster(dir, configuration(dir), classPath());
            cluster.writeConf();
            cluster.startJobManager();
            cluster.startTaskManager();
            cluster.awaitTaskManagers(1);
            return cluster;
        } catch (RuntimeException | Error e) {
            if (cluster != null) {
                cluster.close();
            } else {
                deleteRecursively(dir);
            }
            throw e;
        }
    }

    private static Map<String, String> configuration(Path dir) {
        int[] ports = FreePorts.on(HOST, 4);
        Map<String, String> c = new LinkedHashMap<>();
        c.put("jobmanager.rpc.address", HOST);
        c.put("jobmanager.bind-host", HOST);
        c.put("jobmanager.rpc.port", String.valueOf(ports[0]));
        c.put("rest.address", HOST);
        c.put("rest.bind-address", HOST);
        c.put("rest.port", String.valueOf(ports[1]));
        c.put("blob.server.port", String.valueOf(ports[2]));
        c.put("taskmanager.host", HOST);
        c.put("taskmanager.bind-host", HOST);
        c.put("taskmanager.rpc.port", "0");
        c.put("taskmanager.data.port", "0");
        c.put("taskmanager.numberOfTaskSlots", "2");
        c.put("parallelism.default", "1");
        c.put("jobmanager.memory.process.size", "768m");
        c.put("taskmanager.memory.process.size", "1600m");
        c.put("taskmanager.memory.task.off-heap.size", "256m");
        c.put("taskmanager.memory.managed.size", "64m");
        c.put("taskmanager.memory.network.min", "64m");
        c.put("taskmanager.memory.network.max", "64m");
        c.put("classloader.parent-first-patterns.additional", "org.nd4j.;org.bytedeco.;org.deeplearning4j.");
        // As docker-compose.yml: keyed state in RocksDB, checkpointed incrementally.
        c.put("state.backend.type", "rocksdb");
        c.put("execution.checkpointing.incremental", "true");
        c.put("execution.checkpointing.dir", dir.resolve("checkpoints").toUri().toString());
        c.put("execution.checkpointing.savepoint-dir", dir.resolve("savepoints").toUri().toString());
        c.put("restart-strategy.type", "fixed-delay");
        c.put("restart-strategy.fixed-delay.attempts", "100");
        c.put("restart-strategy.fixed-delay.delay", "1 s");
        // A killed TaskManager is noticed in seconds, not after the default 50 s.
        c.put("heartbeat.interval", "1000");
        c.put("heartbeat.timeout", "5000");
        c.put("web.upload.dir", dir.resolve("uploads").toString());
        c.put("web.tmpdir", dir.resolve("web").toString());
        c.put("io.tmp.dirs", dir.resolve("io").toString());
        c.put("high-availability.storageDir", dir.resolve("ha").toUri().toString());
        return c;
    }

    /** Flink's jars as a distribution's lib/ holds them, then DL4J/ND4J as the deployment adds them. */
    private static String classPath() {
        Path flinkLib = BuildLayout.flinkClusterLib();
        Path nd4jLib = BuildLayout.flinkLib();
        if (!Files.isDirectory(flinkLib) || !Files.isDirectory(nd4jLib)) {
            throw new IllegalStateException(flinkLib + " or " + nd4jLib + " missing: run `mvn package` first");
        }
        return flinkLib.resolve("*") + java.io.File.pathSeparator + nd4jLib.resolve("*");
    }

    private void writeConf() {
        try {
            Files.createDirectories(dir.resolve("conf"));
            Files.createDirectories(dir.resolve("log"));
            Files.createDirectories(dir.resolve("uploads"));
            StringBuilder yaml = new StringBuilder();
            config.forEach((k, v) -> yaml.append(k).append(": \"").append(v).append("\"\n"));
            Files.writeString(dir.resolve("conf/config.yaml"), yaml);
            Files.writeString(dir.resolve("conf/log4j.properties"), String.join("\n",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = file",
                    "appender.file.name = file",
                    "appender.file.type = File",
                    "appender.file.fileName = ${sys:log.file}",
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5level %c{1} - %msg%n",
                    "logger.kafka.name = org.apache.kafka",
                    "logger.kafka.level = WARN",
                    ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startJobManager() {
        jobManager = startJvm("jobmanager", List.of("-Xmx512m", "-Xms512m"),
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint", List.of());
    }

    /** Starts another TaskManager JVM (after a crash, or to add slots). */
    public void startTaskManager() {
        Configuration flinkConfig = Configuration.fromMap(config);
        TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(flinkConfig);
        List<String> jvm = new ArrayList<>(Arrays.asList(ProcessMemoryUtils.generateJvmParametersStr(spec).trim().split("\\s+")));
        // ND4J unpacks its natives here; a test looks whether a resubmission unpacks another copy.
        jvm.add("-Dorg.bytedeco.javacpp.cachedir=" + javacppCache());
        List<String> dynamic = Arrays.asList(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec).trim().split("\\s+"));
        int n = taskManagers.size();
        taskManagers.add(startJvm("taskmanager-" + n, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", dynamic));
    }

    private Process startJvm(String name, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JAVA_OPTS);
        command.add("-XX:+UseParallelGC");
        command.addAll(jvmOptions);
        command.add("-Dlog.file=" + log(name));
        command.add("-Dlog4j.configurationFile=" + dir.resolve("conf/log4j.properties").toUri());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(dir.resolve("conf").toString());
        command.addAll(args);
        try {
            return new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("log/" + name + ".out").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** The log file of a JVM: "jobmanager", "taskmanager-0", ... */
    public Path log(String name) {
        return dir.resolve("log/" + name + ".log");
    }

    /** The name of the newest TaskManager's JVM, for {@link #log}. */
    public String newestTaskManager() {
        return "taskmanager-" + (taskManagers.size() - 1);
    }

    public Path javacppCache() {
        return dir.resolve("javacpp-cache");
    }

    /** A fresh directory for savepoints. */
    public Path newDirectory(String name) {
        try {
            return Files.createDirectories(dir.resolve(name + "-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** kill -9 of the newest TaskManager; returns once the JobManager has noticed it is gone. */
    public void killTaskManager() {
        Process tm = taskManagers.get(taskManagers.size() - 1);
        tm.destroyForcibly();
        try {
            tm.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        await("the JobManager to drop the killed TaskManager", START_TIMEOUT,
                () -> get("/overview").path("taskmanagers").asInt() == liveTaskManagers());
    }

    private int liveTaskManagers() {
        return (int) taskManagers.stream().filter(Process::isAlive).count();
    }

    public void awaitTaskManagers(int count) {
        await(count + " TaskManager(s) registered", START_TIMEOUT, () -> {
            if (!jobManager.isAlive()) {
                throw new IllegalStateException("the JobManager exited: see " + log("jobmanager"));
            }
            return get("/overview").path("taskmanagers").asInt() == count;
        });
    }

    // ---- REST ---------------------------------------------------------------------------------

    /** Uploads a jar; returns its id for {@link #run}. */
    public String upload(Path jar) {
        String boundary = "streamcast" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                    + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.write(Files.readAllBytes(jar));
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode response = send(HttpRequest.newBuilder(URI.create(rest + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String filename = response.path("filename").asText();
        return Path.of(filename).getFileName().toString();
    }

    /** Runs the uploaded jar's main class with these arguments; returns the job id. */
    public String run(String jarId, List<String> programArgs, int parallelism, String savepointPath) {
        ObjectNode request = JSON.createObjectNode();
        request.putPOJO("programArgsList", programArgs);
        request.put("parallelism", parallelism);
        if (savepointPath != null) {
            request.put("savepointPath", savepointPath);
            request.put("allowNonRestoredState", false);
        }
        return post("/jars/" + jarId + "/run", request).path("jobid").asText();
    }

    public String jobState(String jobId) {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Waits until the job runs with all its tasks deployed. */
    public void awaitRunning(String jobId) {
        await("job " + jobId + " running", START_TIMEOUT, () -> {
            JsonNode job = get("/jobs/" + jobId);
            if (List.of("FAILED", "CANCELED", "FINISHED").contains(job.path("state").asText())) {
                throw new IllegalStateException("job " + jobId + " is " + job.path("state").asText()
                        + ": " + get("/jobs/" + jobId + "/exceptions"));
            }
            boolean allRunning = job.path("vertices").size() > 0;
            for (JsonNode v : job.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
            return job.path("state").asText().equals("RUNNING") && allRunning;
        });
    }

    public long completedCheckpoints(String jobId) {
        return get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
    }

    /** Waits until the job has completed {@code count} more checkpoints than it had. */
    public void awaitCheckpoints(String jobId, int count) {
        long target = completedCheckpoints(jobId) + count;
        await(count + " more checkpoints of " + jobId, START_TIMEOUT, () -> completedCheckpoints(jobId) >= target);
    }

    public void cancel(String jobId) {
        send(HttpRequest.newBuilder(URI.create(rest + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
        await("job " + jobId + " cancelled", START_TIMEOUT, () -> jobState(jobId).equals("CANCELED"));
    }

    /** Stops the job with a savepoint (no drain: event time does not jump to the end); returns its path. */
    public String stopWithSavepoint(String jobId, Path directory) {
        ObjectNode request = JSON.createObjectNode();
        request.put("drain", false);
        request.put("targetDirectory", directory.toUri().toString());
        String trigger = post("/jobs/" + jobId + "/stop", request).path("request-id").asText();
        JsonNode[] result = new JsonNode[1];
        await("stop-with-savepoint of " + jobId, START_TIMEOUT, () -> {
            result[0] = get("/jobs/" + jobId + "/savepoints/" + trigger);
            return result[0].path("status").path("id").asText().equals("COMPLETED");
        });
        JsonNode operation = result[0].path("operation");
        if (!operation.has("location")) {
            throw new IllegalStateException("stop-with-savepoint failed: " + operation);
        }
        await("job " + jobId + " finished", START_TIMEOUT, () -> jobState(jobId).equals("FINISHED"));
        return operation.path("location").asText();
    }

    public JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(rest + path)).GET());
    }

    private JsonNode post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(URI.create(rest + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri()
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls {@code condition} (REST failures count as not yet) until it holds or the time is up. */
    static void await(String what, Duration timeout, Condition condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (UncheckedIOException e) {
                last = e;
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains(": HTTP ")) {
                    throw e;
                }
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("timed out waiting for " + what, last);
    }

    @FunctionalInterface
    interface Condition {
        boolean holds();
    }

    /** Lines of a JVM's log that satisfy {@code filter}. */
    public List<String> logLines(String name, Predicate<String> filter) {
        try (Stream<String> lines = Files.lines(log(name))) {
            return lines.filter(filter).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Process tm : taskManagers) {
            tm.destroyForcibly();
        }
        if (jobManager != null) {
            jobManager.destroyForcibly();
        }
        for (Process p : taskManagers) {
            p.onExit().join();
        }
        if (jobManager != null) {
            jobManager.onExit().join();
        }
        if (System.getenv("STREAMCAST_KEEP_CLUSTER") == null) {
            deleteRecursively(dir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
