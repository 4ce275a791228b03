package io.streamcast.local;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds a bundled data file given relative to the repository root, from wherever the demo runs: the
 * working directory first, then the directories above the jar (or class folder) holding this
 * class, so {@code java -jar flink-job/target/streamcast.jar demo} works from the repository root
 * and from anywhere else.
 */
final class DataFiles {

    /** target/ (or target/classes/), flink-job/, the repository root. */
    private static final int LEVELS_ABOVE_CODE = 3;

    private DataFiles() {}

    static Path resolve(String file) {
        return resolve(file, Path.of("").toAbsolutePath(), codeLocation());
    }

    /**
     * @param codeLocation the jar or class folder of the running code, or null if unknown
     * @throws IllegalArgumentException naming every place looked in, if none has the file
     */
    static Path resolve(String file, Path workingDir, Path codeLocation) {
        List<Path> candidates = candidates(Path.of(file), workingDir, codeLocation);
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new IllegalArgumentException("no data file '" + file + "' in " + candidates.stream()
                        .map(p -> p.normalize().toString()).collect(Collectors.joining(", "))
                        + "; give the path of a key,timestamp,value CSV"));
    }

    static List<Path> candidates(Path file, Path workingDir, Path codeLocation) {
        List<Path> candidates = new ArrayList<>();
        if (file.isAbsolute()) {
            candidates.add(file);
            return candidates;
        }
        candidates.add(workingDir.resolve(file));
        Path dir = codeLocation == null ? null : codeLocation.toAbsolutePath().getParent();
        for (int i = 0; i < LEVELS_ABOVE_CODE && dir != null; i++, dir = dir.getParent()) {
            candidates.add(dir.resolve(file));
        }
        return candidates;
    }

    private static Path codeLocation() {
        try {
            return Path.of(DataFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
