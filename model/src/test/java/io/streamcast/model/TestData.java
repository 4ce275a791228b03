package io.streamcast.model;

import io.streamcast.model.data.Series;
import io.streamcast.model.data.SeriesCsv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The bundled real datasets (see data/README.md), read as daily series. */
public final class TestData {

    public static final long DAY_MS = 86_400_000L;

    private TestData() {}

    public static List<Series> daily(String file) {
        Path path = Path.of("..", "data", file);
        try (var reader = Files.newBufferedReader(path)) {
            return SeriesCsv.read(reader, DAY_MS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code bars} bars of a series. */
    public static Series tail(Series s, int bars) {
        return s.slice(Math.max(0, s.length() - bars), s.length());
    }
}
