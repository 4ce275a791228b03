#!/usr/bin/env python3
"""Precision, recall and F1 of a backtest's anomaly flags against labelled windows, next to a
rolling z-score detector tuned to flag the same number of windows.

    scripts/anomaly-scores.py out/sensor/forecasts.csv data/sensor_network_labels.csv 60

A window is an anomaly when its mote's label is 1 at any tick inside it (see sensor_labels.py).
Only the windows of forecasts.csv (step 1) are judged, by both detectors. The z-score of a window
is |y - mean| / deviation over the key's previous N windows (past only); its threshold is the
one that flags as many windows as the backtest did (ties broken by time), for each N given
(default 10, 30, 60), and the best of them is reported as the baseline.
"""
import csv
import statistics
import sys

from sensor_labels import labelled_windows, mote, parse


def main(forecasts_csv, labels_csv, window_seconds, lookbacks):
    labelled = labelled_windows(labels_csv, window_seconds)
    rows = []
    with open(forecasts_csv) as f:
        for row in csv.DictReader(f):
            if row.get("step", "1") == "1":
                rows.append((row["key"], parse(row["windowEnd"]), float(row["actual"]), row["anomaly"] == "true"))
    truth = [(mote(k), end) in labelled for k, end, _, _ in rows]
    flags = [a for _, _, _, a in rows]
    print(f"windows {len(rows)}, labelled {sum(truth)}, flagged {sum(flags)}")
    print(row_of("interval flags", flags, truth))
    best = None
    for n in lookbacks:
        scores = zscores(rows, n)
        order = sorted(range(len(rows)), key=lambda i: (-scores[i], i))
        chosen = set(order[: sum(flags)])
        z_flags = [i in chosen for i in range(len(rows))]
        line = row_of(f"z-score, last {n} windows", z_flags, truth)
        print(line)
        f1 = prf(z_flags, truth)[2]
        if best is None or f1 > best[0]:
            best = (f1, line)
    print("best baseline: " + best[1])


def zscores(rows, n):
    scores = []
    history = {}
    for key, _, y, _ in rows:
        past = history.setdefault(key, [])
        if len(past) >= 2:
            sd = statistics.pstdev(past[-n:])
            scores.append(abs(y - statistics.fmean(past[-n:])) / sd if sd > 0 else 0.0)
        else:
            scores.append(0.0)
        past.append(y)
    return scores


def prf(flags, truth):
    tp = sum(1 for f, t in zip(flags, truth) if f and t)
    p = tp / sum(flags) if sum(flags) else 0.0
    r = tp / sum(truth) if sum(truth) else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0, tp


def row_of(name, flags, truth):
    p, r, f1, tp = prf(flags, truth)
    return f"| {name} | {sum(flags)} | {tp} | {p:.3f} | {r:.3f} | {f1:.3f} |"


if __name__ == "__main__":
    look = [int(a) for a in sys.argv[4:]] or [10, 30, 60]
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), look)
