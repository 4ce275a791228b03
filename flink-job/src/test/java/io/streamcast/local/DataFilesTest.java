package io.streamcast.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFilesTest {

    private static final String FILE = "data/sensor_network.csv";

    @TempDir
    Path repo;

    private Path jar() throws IOException {
        Path target = Files.createDirectories(repo.resolve("flink-job/target"));
        return Files.writeString(target.resolve("streamcast.jar"), "");
    }

    private Path data(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        return Files.writeString(dir.resolve(FILE), "key,timestamp,value\n");
    }

    @Test
    void theWorkingDirectoryComesFirst() throws IOException {
        Path inRepo = data(repo);
        Path elsewhere = Files.createDirectories(repo.resolve("elsewhere"));
        Path local = data(elsewhere);
        assertThat(DataFiles.resolve(FILE, elsewhere, jar())).isEqualTo(local);
        assertThat(DataFiles.resolve(FILE, repo, jar())).isEqualTo(inRepo);
    }

    @Test
    void fromAnotherDirectoryTheRepositoryAboveTheJarIsFound() throws IOException {
        Path inRepo = data(repo);
        Path elsewhere = Files.createDirectories(repo.resolve("elsewhere"));
        assertThat(DataFiles.resolve(FILE, elsewhere, jar())).isEqualTo(inRepo);
        Path classes = Files.createDirectories(repo.resolve("flink-job/target/classes"));
        assertThat(DataFiles.resolve(FILE, elsewhere, classes)).isEqualTo(inRepo);
    }

    @Test
    void anAbsolutePathIsTakenAsItIs() throws IOException {
        Path file = data(repo);
        assertThat(DataFiles.resolve(file.toString(), Path.of("/nonexistent"), null)).isEqualTo(file);
    }

    @Test
    void aMissingFileNamesWhereItWasLookedFor() throws IOException {
        Path elsewhere = Files.createDirectories(repo.resolve("elsewhere"));
        assertThatThrownBy(() -> DataFiles.resolve(FILE, elsewhere, jar()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no data file '" + FILE + "' in " + elsewhere.resolve(FILE))
                .hasMessageContaining(repo.resolve(FILE).toString())
                .hasMessageEndingWith("give the path of a key,timestamp,value CSV");
    }
}
