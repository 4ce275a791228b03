package io.streamcast.model.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the long CSV of the sample data ({@code key,timestamp,value}, ISO-8601) into regular
 * series of one bar per step. A bar is the mean of the rows in its window; a window with no rows
 * repeats the previous bar (carry forward), the same gap rule the streaming job uses.
 */
public final class SeriesCsv {

    private SeriesCsv() {}

    public static List<Series> read(Reader csv, long stepMillis) throws IOException {
        Map<String, List<long[]>> times = new LinkedHashMap<>();
        Map<String, List<Double>> rows = new LinkedHashMap<>();
        BufferedReader in = new BufferedReader(csv);
        String header = in.readLine();
        if (header == null || !header.trim().equals("key,timestamp,value")) {
            throw new IOException("expected the header 'key,timestamp,value', found: " + header);
        }
        String line;
        int lineNo = 1;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IOException("line " + lineNo + ": expected 3 fields, found " + f.length);
            }
            try {
                long ts = Instant.parse(f[1].trim()).toEpochMilli();
                double v = Double.parseDouble(f[2].trim());
                times.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new long[] {ts});
                rows.computeIfAbsent(f[0], k -> new ArrayList<>()).add(v);
            } catch (RuntimeException e) {
                throw new IOException("line " + lineNo + ": " + e.getMessage(), e);
            }
        }
        List<Series> out = new ArrayList<>();
        for (String key : rows.keySet()) {
            out.add(regularise(key, times.get(key), rows.get(key), stepMillis));
        }
        return out;
    }

    private static Series regularise(String key, List<long[]> ts, List<Double> vs, long step) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long[] t : ts) {
            first = Math.min(first, Math.floorDiv(t[0], step) * step);
            last = Math.max(last, Math.floorDiv(t[0], step) * step);
        }
        int n = (int) ((last - first) / step) + 1;
        double[] sum = new double[n];
        int[] count = new int[n];
        for (int i = 0; i < ts.size(); i++) {
            int w = (int) ((Math.floorDiv(ts.get(i)[0], step) * step - first) / step);
            sum[w] += vs.get(i);
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
