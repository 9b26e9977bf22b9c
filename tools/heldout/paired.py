#!/usr/bin/env python3
"""Compares two scored denoisers on the same held-out files: per input SNR and metric, the mean per-file difference
(B minus A), its 95 % interval (t distribution over the files) and how many files B makes worse than A.

Usage: tools/heldout/paired.py SET A B   (A = noisy: the noisy input itself, as B's reports scored it)
(reads SET/report-A-snrX/scores.csv and SET/report-B-snrX/scores.csv, as written by score-models.sh, and the "clean"
reports where both have them; A and B must have scored the same files; a metric a report leaves empty, as PESQ WB of
8 kHz files, is skipped)
"""
import csv
import math
import os
import sys

METRICS = [("si_sdr", "SI-SDR (dB)"), ("stoi", "STOI"), ("estoi", "ESTOI"), ("pesq_wb", "PESQ WB"), ("pesq_nb", "PESQ NB")]
# two-sided 97.5 % quantiles of Student's t for small sample sizes; above 120 degrees of freedom the normal one
T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228, 15: 2.131,
        20: 2.086, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980}


def t975(df):
    best = 1.960
    for k in sorted(T975, reverse=True):
        if df <= k:
            best = T975[k]
    return best


def rows(path, kind):
    with open(path, newline="") as f:
        return {row["file"]: row for row in csv.DictReader(f) if row["kind"] == kind}


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    set_dir, a, b = sys.argv[1:]
    print(f"| input | metric | mean {b} - {a} | 95 % interval | files worse |")
    print("|---|---|---|---|---|")
    for cond in ("snr0", "snr5", "snr10") if a == "noisy" else ("snr0", "snr5", "snr10", "clean"):
        pb = os.path.join(set_dir, f"report-{b}-{cond}", "scores.csv")
        pa = pb if a == "noisy" else os.path.join(set_dir, f"report-{a}-{cond}", "scores.csv")
        if not (os.path.exists(pa) and os.path.exists(pb)):
            continue
        ra, rb = rows(pa, "noisy" if a == "noisy" else "enhanced"), rows(pb, "enhanced")
        if set(ra) != set(rb):
            sys.exit(f"{cond}: the two reports scored different files")
        for key, name in METRICS:
            if any(ra[f][key] == "" or rb[f][key] == "" for f in ra):
                continue  # not scored at this rate (PESQ WB needs 16 kHz)
            d = [float(rb[f][key]) - float(ra[f][key]) for f in sorted(ra)]
            n = len(d)
            mean = sum(d) / n
            sd = math.sqrt(sum((x - mean) ** 2 for x in d) / (n - 1)) if n > 1 else float("nan")
            half = t975(n - 1) * sd / math.sqrt(n)
            worse = sum(1 for x in d if x < 0)
            label = cond.replace("snr", "") + " dB" if cond != "clean" else "clean input"
            print(f"| {label} | {name} | {mean:+.4f} | +-{half:.4f} | {worse} of {n} |")


if __name__ == "__main__":
    main()
