package io.streamcast.model.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.model.lstm.TrainingWindow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TrainingPoolTest {

    private static final long W = 60_000L;

    /** 5,000 keys, each with windows at 10 points in time. */
    private static List<TrainingWindow> offers() {
        List<TrainingWindow> out = new ArrayList<>();
        for (int k = 0; k < 5_000; k++) {
            for (int t = 0; t < 10; t++) {
                out.add(new TrainingWindow("sensor-" + k, (t * 100L + k % 7) * W, W, new float[] {1, 2}, new float[] {0, 1}));
            }
        }
        return out;
    }

    @Test
    void keepsAtMostItsCapacityAndTheSameWindowsWhateverTheArrivalOrder() {
        List<TrainingWindow> offers = offers();
        Set<String> kept = null;
        for (long shuffle = 0; shuffle < 3; shuffle++) {
            List<TrainingWindow> order = new ArrayList<>(offers);
            Collections.shuffle(order, new Random(shuffle));
            TrainingPool pool = new TrainingPool(1_000, 42);
            Set<String> mirror = new HashSet<>();
            for (TrainingWindow w : order) {
                TrainingPool.Offer offer = pool.offer(w);
                if (offer.admitted()) {
                    mirror.add(TrainingPool.id(w));
                }
                offer.evicted().ifPresent(e -> mirror.remove(TrainingPool.id(e)));
                assertThat(pool.size()).isLessThanOrEqualTo(1_000);
            }
            Set<String> inPool = ids(pool.split(0.2));
            assertThat(mirror).as("what the offers said they changed").isEqualTo(inPool);
            if (kept != null) {
                assertThat(inPool).isEqualTo(kept);
            }
            kept = inPool;
        }
        assertThat(kept).hasSize(1_000);
        long keys = kept.stream().map(id -> id.substring(0, id.indexOf('@'))).distinct().count();
        long times = kept.stream().map(id -> id.substring(id.indexOf('@') + 1)).map(Long::parseLong)
                .map(start -> start / (100 * W)).distinct().count();
        assertThat(keys).as("keys represented in 1,000 windows of 5,000 keys").isGreaterThan(800);
        assertThat(times).as("points in time represented").isEqualTo(10);
    }

    @Test
    void forgetsOldWindowsAndHoldsOutTheNewest() {
        TrainingPool pool = new TrainingPool(100_000, 42);
        offers().forEach(pool::offer);
        long cutoff = 500 * W;
        List<TrainingWindow> old = pool.forgetEndingBy(cutoff);
        assertThat(old).isNotEmpty().allMatch(w -> w.end() <= cutoff);
        TrainingPool.Split split = pool.split(0.2);
        assertThat(split.training()).allMatch(w -> w.end() > cutoff);
        assertThat(split.holdout()).hasSize((int) Math.round(pool.size() * 0.2));
        long newestTrained = split.training().stream().mapToLong(TrainingWindow::end).max().orElseThrow();
        assertThat(split.holdout()).allMatch(w -> w.end() >= newestTrained);
    }

    private static Set<String> ids(TrainingPool.Split split) {
        List<TrainingWindow> all = new ArrayList<>(split.training());
        all.addAll(split.holdout());
        return all.stream().map(TrainingPool::id).collect(Collectors.toSet());
    }
}
