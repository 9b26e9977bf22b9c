#!/usr/bin/env python3
"""Prints the VoiceBank+DEMAND table: PESQ WB, STOI and SI-SDR means over all pairs and per quarter of the noisy input's SNR.

Usage: tools/voicebank/table.py [--json OUT] DIR LABEL [LABEL ...]   (reads DIR/report-LABEL/scores.csv from `sonic evaluate`)
Quarters are made from the noisy input's SNR against the clean reference (the `snr` column of the noisy rows), sorted,
cut into four groups of equal size (824 pairs: 206 each).
"""
import csv
import json
import os
import sys

METRICS = [("pesq_wb", "PESQ WB", 2), ("stoi", "STOI", 3), ("si_sdr", "SI-SDR", 2)]


def read(path):
    rows = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["file"], {})[r["kind"]] = {k: float(v) if v not in ("", "nan") else float("nan")
                                                         for k, v in r.items() if k not in ("file", "kind")}
    return rows


def mean(xs):
    xs = [x for x in xs if x == x and abs(x) != float("inf")]
    return sum(xs) / len(xs) if xs else float("nan")


def main():
    args = sys.argv[1:]
    json_out = None
    if args[:1] == ["--json"]:
        json_out, args = args[1], args[2:]
    d, labels = args[0], args[1:]
    reports = {l: read(os.path.join(d, f"report-{l}", "scores.csv")) for l in labels}
    files = sorted(reports[labels[0]], key=lambda f: reports[labels[0]][f]["noisy"]["snr"])
    n = len(files)
    groups = [("all", files)]
    for q in range(4):
        part = files[q * n // 4:(q + 1) * n // 4]
        lo = reports[labels[0]][part[0]]["noisy"]["snr"]
        hi = reports[labels[0]][part[-1]]["noisy"]["snr"]
        groups.append((f"Q{q + 1} ({lo:.1f} to {hi:.1f} dB)", part))
    table = {}
    print("| pairs | system | " + " | ".join(m[1] for m in METRICS) + " |")
    print("|---|---|" + "---|" * len(METRICS))
    for name, part in groups:
        table[name] = {}
        systems = [("noisy", labels[0], "noisy")] + [(l, l, "enhanced") for l in labels]
        for sname, label, kind in systems:
            vals = {k: mean([reports[label][f][kind][k] for f in part if f in reports[label]]) for k, _, _ in METRICS}
            table[name][sname] = vals
            cells = " | ".join(f"{vals[k]:.{dg}f}" for k, _, dg in METRICS)
            print(f"| {name} ({len(part)}) | {sname} | {cells} |")
    if json_out:
        with open(json_out, "w") as f:
            json.dump(table, f, indent=1)


if __name__ == "__main__":
    main()
