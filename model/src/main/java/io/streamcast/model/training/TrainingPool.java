package io.streamcast.model.training;

import io.streamcast.model.lstm.TrainingWindow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The trainer's bounded store of training windows: at most {@code capacity}, the ones of lowest
 * seeded priority among those offered (a bottom-k sample: uniform over keys and time whatever
 * the arrival order, so the same in every replay), none older than the history horizon. Memory
 * and training time are bounded by the capacity, not by the number of keys.
 */
public final class TrainingPool {

    /** What an offer changed: whether the window was taken, and the window it pushed out. */
    public record Offer(boolean admitted, Optional<TrainingWindow> evicted) {}

    /** The windows of one retraining: the newest held out to compare challenger and champion. */
    public record Split(List<TrainingWindow> training, List<TrainingWindow> holdout) {}

    private record Slot(long priority, String key, long start) implements Comparable<Slot> {
        private static final Comparator<Slot> ORDER = Comparator.comparingLong(Slot::priority)
                .thenComparing(Slot::key).thenComparingLong(Slot::start);

        @Override
        public int compareTo(Slot o) {
            return ORDER.compare(this, o);
        }
    }

    private static final Comparator<TrainingWindow> BY_TIME =
            Comparator.comparingLong(TrainingWindow::end).thenComparing(TrainingWindow::key);

    private final int capacity;
    private final long seed;
    private final TreeMap<Slot, TrainingWindow> windows = new TreeMap<>();

    public TrainingPool(int capacity, long seed) {
        if (capacity < 2) {
            throw new IllegalArgumentException("the pool needs room for 2 windows at least, had " + capacity);
        }
        this.capacity = capacity;
        this.seed = seed;
    }

    public Offer offer(TrainingWindow w) {
        Slot slot = new Slot(SeededHash.of(seed, w.key(), w.firstForecastStart()), w.key(), w.firstForecastStart());
        if (windows.containsKey(slot)) {
            return new Offer(false, Optional.empty());
        }
        if (windows.size() < capacity) {
            windows.put(slot, w);
            return new Offer(true, Optional.empty());
        }
        if (slot.compareTo(windows.lastKey()) > 0) {
            return new Offer(false, Optional.empty());
        }
        TrainingWindow evicted = windows.pollLastEntry().getValue();
        windows.put(slot, w);
        return new Offer(true, Optional.of(evicted));
    }

    /** Drops the windows that end at or before {@code time}; returns them. */
    public List<TrainingWindow> forgetEndingBy(long time) {
        List<TrainingWindow> old = new ArrayList<>();
        windows.values().removeIf(w -> {
            boolean expired = w.end() <= time;
            if (expired) {
                old.add(w);
            }
            return expired;
        });
        return old;
    }

    public int size() {
        return windows.size();
    }

    /**
     * The pool in time order, its newest {@code holdoutFraction} (one at least) held out: the
     * challenger is judged on windows later than most of what it trained on.
     */
    public Split split(double holdoutFraction) {
        List<TrainingWindow> all = new ArrayList<>(windows.values());
        all.sort(BY_TIME);
        int holdout = Math.max(1, (int) Math.round(all.size() * holdoutFraction));
        int cut = Math.max(0, all.size() - holdout);
        return new Split(List.copyOf(all.subList(0, cut)), List.copyOf(all.subList(cut, all.size())));
    }

    /** A stable name of a window, for keyed state that mirrors the pool. */
    public static String id(TrainingWindow w) {
        return w.key() + "@" + w.firstForecastStart();
    }
}
