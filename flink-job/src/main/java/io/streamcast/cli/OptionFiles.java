package io.streamcast.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Reads a file named by an option, turning every failure into a one-line usage error. */
public final class OptionFiles {

    /** Reads a file; may throw IllegalArgumentException or a RuntimeException for bad content. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Path path) throws IOException;
    }

    private OptionFiles() {}

    public static <T> T read(CommandSpec spec, String option, Path path, Reader<T> reader) {
        if (Files.isDirectory(path)) {
            throw invalid(spec, option, "'" + path + "' is a directory; give a file");
        }
        try {
            return reader.read(path);
        } catch (NoSuchFileException e) {
            throw invalid(spec, option, "no such file '" + path.toAbsolutePath() + "'");
        } catch (AccessDeniedException e) {
            throw invalid(spec, option, "'" + path + "' is not readable (permission denied)");
        } catch (IOException | UncheckedIOException e) {
            throw invalid(spec, option, "cannot read '" + path + "': " + e.getMessage());
        } catch (RuntimeException e) {
            throw invalid(spec, option, e.getMessage());
        }
    }

    /** A Java properties file as a sorted map (for Kafka client settings). */
    public static Map<String, String> properties(Path file) throws IOException {
        Properties properties = new Properties();
        try (java.io.Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        Map<String, String> map = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return map;
    }

    /** A usage error naming the option, in picocli's own wording for bad values. */
    public static ParameterException invalid(CommandSpec spec, String option, String problem) {
        return new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': " + problem);
    }
}
