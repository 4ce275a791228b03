"""The windows the sensor data's ground truth labels as anomalies, shared by the scripts that judge
a backtest against it.

A window (mote, windowEnd) is an anomaly when its mote's label is 1 at any tick inside it: the
labels are per mote (`<deployment>.<mote>.<place>.label`), the series per mote and quantity
(`<deployment>.<mote>.<place>.<quantity>`), so a series' mote is its key without the last part.
"""
import csv
from datetime import datetime


def parse(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def mote(key):
    return key.rsplit(".", 1)[0]


def labelled_windows(labels_csv, window_seconds):
    """The set of (mote, windowEnd) whose window holds a tick labelled 1."""
    labelled = set()
    with open(labels_csv) as f:
        for row in csv.DictReader(f):
            if float(row["value"]) == 1:
                t = parse(row["timestamp"])
                end = datetime.fromtimestamp((t.timestamp() // window_seconds + 1) * window_seconds, t.tzinfo)
                labelled.add((mote(row["key"]), end))
    return labelled
