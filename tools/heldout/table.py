#!/usr/bin/env python3
"""Prints the held-out results as a Markdown table: one row per SNR and metric, one column per denoiser.

Usage: tools/heldout/table.py SET LABEL [LABEL ...]   (reads SET/report-LABEL-snrX/scores.json; the first column is the noisy input)
"""
import json
import os
import sys

METRICS = [("si_sdr", "SI-SDR (dB)", 2), ("stoi", "STOI", 3), ("estoi", "ESTOI", 3), ("pesq_wb", "PESQ WB", 2)]


def main():
    set_dir, labels = sys.argv[1], sys.argv[2:]
    print("| input SNR | metric | noisy | " + " | ".join(f"`{l}`" for l in labels) + " |")
    print("|---" * (3 + len(labels)) + "|")
    for snr in (0, 5, 10):
        reports = {l: json.load(open(os.path.join(set_dir, f"report-{l}-snr{snr}", "scores.json")))["summary"] for l in labels}
        for key, name, digits in METRICS:
            noisy = reports[labels[0]]["noisy"][key]["mean"]
            cells = [f"{reports[l]['enhanced'][key]['mean']:.{digits}f}" for l in labels]
            print(f"| {snr} dB | {name} | {noisy:.{digits}f} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
