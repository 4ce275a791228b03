package io.streamcast.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChartedKeysTest {

    @Test
    void aSmallFleetIsChartedWhole() {
        LinkedHashMap<String, Double> skill = fleet(200);
        assertThat(ChartedKeys.choose(skill, 200)).containsExactlyElementsOf(skill.keySet());
    }

    @Test
    void aLargeFleetShowsItsWorstKeysAndAFixedSampleOfTheRestInItsOwnOrder() {
        LinkedHashMap<String, Double> skill = fleet(10_000);
        Set<String> chosen = ChartedKeys.choose(skill, 200);

        assertThat(chosen).hasSize(200);
        List<String> worst = skill.entrySet().stream().filter(e -> !e.getValue().isNaN())
                .sorted(Map.Entry.comparingByValue()).limit(100).map(Map.Entry::getKey).toList();
        assertThat(chosen).containsAll(worst);
        assertThat(new ArrayList<>(chosen)).as("in the report's order")
                .isSortedAccordingTo(Comparator.comparingInt(k -> Integer.parseInt(k.substring(4))));
        assertThat(ChartedKeys.choose(fleet(10_000), 200)).as("the same keys in every run").containsExactlyElementsOf(chosen);
        long fromTheMiddle = chosen.stream().filter(k -> skill.get(k) > 0.2 && skill.get(k) < 0.8).count();
        assertThat(fromTheMiddle).as("typical keys among the sample, not only the extremes").isGreaterThan(30);
        long unscored = chosen.stream().filter(k -> skill.get(k).isNaN()).count();
        assertThat(unscored).as("keys with no score are sampled like the others, never taken as the worst")
                .isBetween(1L, 20L);
    }

    /** Keys key-0..key-(n-1) with skills spread over [0, 1), every 50th unscored. */
    private static LinkedHashMap<String, Double> fleet(int n) {
        LinkedHashMap<String, Double> skill = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            skill.put("key-" + i, i % 50 == 0 ? Double.NaN : ((i * 7919L) % n) / (double) n);
        }
        return skill;
    }
}
