package io.streamcast.backtest;

import io.streamcast.model.training.SeededHash;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which keys report.html lists and charts. A page with every key's rows grows with the fleet:
 * 5,000 keys over 90 windows made a 27 MB page that headless Chromium took 14 s and 520 MB to
 * open, and a million keys' page would not open at all. Up to a limit the page has every key;
 * beyond it, half the limit goes to the keys the model serves worst against the naive forecast
 * (the lowest skill: where a user looks first) and the rest to a fixed sample of the others (a
 * seeded hash of the key: the same keys in every run), so that the page shows what is typical too.
 * report.json keeps every key's scores.
 */
final class ChartedKeys {

    /** Keys a page charts at most: a few hundred charts' rows open in a browser in seconds. */
    static final int LIMIT = 200;

    private static final long SAMPLE_SEED = 0x5ca1ab1eL;

    private ChartedKeys() {}

    /**
     * The keys to chart, in the order of {@code skillByKey}, whose values are each key's skill
     * against the naive forecast (NaN for a key with no scored window).
     */
    static Set<String> choose(LinkedHashMap<String, Double> skillByKey, int limit) {
        if (skillByKey.size() <= limit) {
            return skillByKey.keySet();
        }
        Set<String> chosen = new HashSet<>();
        skillByKey.entrySet().stream().filter(e -> !e.getValue().isNaN())
                .sorted(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit / 2).forEach(e -> chosen.add(e.getKey()));
        List<String> others = skillByKey.keySet().stream().filter(k -> !chosen.contains(k))
                .sorted(Comparator.comparingLong((String k) -> SeededHash.of(SAMPLE_SEED, k, 0)).thenComparing(k -> k))
                .limit(limit - chosen.size()).toList();
        chosen.addAll(others);
        return skillByKey.keySet().stream().filter(chosen::contains).collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
