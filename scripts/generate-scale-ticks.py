#!/usr/bin/env python3
"""Writes the synthetic scale-test input: 100 keys, a tick every 30 s for 10,000 ticks each
(1,000,000 ticks), each key a daily cycle of its own level, amplitude and phase plus noise.

usage: scripts/generate-scale-ticks.py OUT.csv
"""
import math
import random
import sys
from datetime import datetime, timedelta, timezone

random.seed(7)
start = datetime(2026, 1, 5, tzinfo=timezone.utc)
with open(sys.argv[1], "w") as f:
    f.write("key,timestamp,value\n")
    for k in range(100):
        level, amp, phase = 10 + 5 * k, 1 + (k % 7), k * 0.3
        for i in range(10000):
            t = start + timedelta(seconds=30 * i)
            day = 30 * i / 86400.0
            v = (level + amp * math.sin(2 * math.pi * day + phase)
                 + 0.3 * amp * math.sin(2 * math.pi * day) + random.gauss(0, 0.2 * amp))
            f.write("key-%03d,%s,%.4f\n" % (k, t.strftime("%Y-%m-%dT%H:%M:%SZ"), v))
