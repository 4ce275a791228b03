package io.streamcast.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code mvn package} put the deployment artifacts, and the pom's versions; failsafe passes
 * them as system properties (flink-job/pom.xml), and a run from an IDE falls back to the layout.
 */
final class BuildLayout {

    private BuildLayout() {}

    /** The repository root, where docker-compose.yml is. */
    static Path root() {
        String root = System.getProperty("streamcast.root");
        if (root != null) {
            return Path.of(root).toAbsolutePath().normalize();
        }
        Path dir = Path.of("").toAbsolutePath();
        return Files.exists(dir.resolve("docker-compose.yml")) ? dir : dir.getParent();
    }

    /** flink-job/target. */
    static Path target() {
        String target = System.getProperty("streamcast.target");
        return target != null ? Path.of(target) : root().resolve("flink-job/target");
    }

    /** The cluster job jar. */
    static Path jobJar() {
        return target().resolve("streamcast-job.jar");
    }

    /** DL4J/ND4J and their dependencies, for a cluster's lib/. */
    static Path flinkLib() {
        return target().resolve("flink-lib");
    }

    /** Flink's own jars, as a distribution's lib/ holds them (test only). */
    static Path flinkClusterLib() {
        return target().resolve("flink-cluster-lib");
    }

    static String version(String property) {
        String version = System.getProperty(property);
        if (version == null) {
            throw new IllegalStateException("system property " + property + " not set: run through `mvn verify`");
        }
        return version;
    }
}
