package io.streamcast.model.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the long CSV of the sample data ({@link TickCsv}) into regular
 * series of one bar per step. A bar is the mean of the rows in its window; a window with no rows
 * repeats the previous bar (carry forward), the same gap rule the streaming job uses.
 */
public final class SeriesCsv {

    private SeriesCsv() {}

    /**
     * @throws IOException at the first row that is no tick, naming its line, or if the file cannot be
     *     read or has another header
     */
    public static List<Series> read(Reader csv, long stepMillis) throws IOException {
        Map<String, List<TickCsv.TickRow>> rows = new LinkedHashMap<>();
        TickCsv.readTicks(csv, tick -> rows.computeIfAbsent(tick.key(), k -> new ArrayList<>()).add(tick));
        List<Series> out = new ArrayList<>();
        rows.forEach((key, ticks) -> out.add(regularise(key, ticks, stepMillis)));
        return out;
    }

    private static Series regularise(String key, List<TickCsv.TickRow> ticks, long step) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TickCsv.TickRow t : ticks) {
            first = Math.min(first, Math.floorDiv(t.timestamp(), step) * step);
            last = Math.max(last, Math.floorDiv(t.timestamp(), step) * step);
        }
        int n = (int) ((last - first) / step) + 1;
        double[] sum = new double[n];
        int[] count = new int[n];
        for (TickCsv.TickRow t : ticks) {
            int w = (int) ((Math.floorDiv(t.timestamp(), step) * step - first) / step);
            sum[w] += t.value();
            count[w]++;
        }
        long[] starts = new long[n];
        double[] values = new double[n];
        for (int w = 0; w < n; w++) {
            starts[w] = first + w * step;
            values[w] = count[w] > 0 ? sum[w] / count[w] : values[w - 1];
        }
        return new Series(key, starts, values);
    }
}
