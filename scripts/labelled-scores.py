#!/usr/bin/env python3
"""How much of a backtest's MASE its labelled anomaly windows carry: the model's and the naive
forecast's MASE over the scored windows inside labelled events and over the rest, and the share
of the naive's scaled error in the few windows with the largest.

    scripts/labelled-scores.py out/sensor_network data/sensor_network_labels.csv 60

Reads the backtest's report.json and forecasts.csv. A key's scored windows are the last n of its
step-1 rows (n from report.json; a key is scored from its scoring start to the end), each error
scaled by the key's MASE scale (its naive MAE over its MASE in report.json). Before splitting,
the overall MASE is recomputed this way and checked against report.json's.
"""
import csv
import json
import os
import sys
from collections import defaultdict

from sensor_labels import labelled_windows, mote, parse


def main(backtest_dir, labels_csv, window_seconds, top):
    with open(os.path.join(backtest_dir, "report.json")) as f:
        report = json.load(f)
    labelled = labelled_windows(labels_csv, window_seconds)
    rows = defaultdict(list)
    with open(os.path.join(backtest_dir, "forecasts.csv")) as f:
        for row in csv.DictReader(f):
            if row.get("step", "1") == "1":
                rows[row["key"]].append(row)
    scored = []  # (labelled, model's scaled error, naive's scaled error)
    for key, scores in report["keys"].items():
        scale = scores["naive"]["mae"] / scores["naive"]["mase"]
        for row in rows[key][-scores["n"]:]:
            actual = float(row["actual"])
            scored.append(((mote(key), parse(row["windowEnd"])) in labelled,
                           abs(actual - float(row["forecast"])) / scale,
                           abs(actual - float(row["naive"])) / scale))
    overall = report["overall"]
    model, naive = mase(scored)
    if abs(model - overall["model"]["mase"]) > 1e-9 or abs(naive - overall["naive"]["mase"]) > 1e-9:
        sys.exit(f"recomputed MASE {model} and {naive} differ from report.json's "
                 f"{overall['model']['mase']} and {overall['naive']['mase']}: not the scored windows")
    inside = [s for s in scored if s[0]]
    outside = [s for s in scored if not s[0]]
    print("| windows | count | model MASE | naive MASE | share of the naive's scaled error |")
    print("|---|---:|---:|---:|---:|")
    total = sum(s[2] for s in scored)
    for name, part in (("all scored", scored), ("inside labelled events", inside), ("the rest", outside)):
        m, n = mase(part)
        print(f"| {name} | {len(part)} | {m:.3f} | {n:.3f} | {sum(s[2] for s in part) / total:.1%} |")
    largest = sorted(scored, key=lambda s: -s[2])[:top]
    print(f"the {top} windows with the largest naive error carry {sum(s[2] for s in largest) / total:.1%} "
          f"of it ({sum(s[0] for s in largest)} of them labelled)")


def mase(part):
    if not part:
        return float("nan"), float("nan")
    return sum(s[1] for s in part) / len(part), sum(s[2] for s in part) / len(part)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]) if len(sys.argv) > 4 else 20)
