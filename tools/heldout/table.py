#!/usr/bin/env python3
"""Prints the held-out results as a Markdown table: one row per SNR and metric, one column per denoiser.

Usage: tools/heldout/table.py [--json OUT] SET LABEL [LABEL ...]
(reads SET/report-LABEL-snrX/scores.json; the first column is the noisy input; --json also writes the means as JSON; where every
label has SET/report-LABEL-clean, also the rows "clean input": each model run on the clean speech itself)
"""
import json
import os
import sys

METRICS = [("si_sdr", "SI-SDR (dB)", 2), ("stoi", "STOI", 3), ("estoi", "ESTOI", 3), ("pesq_wb", "PESQ WB", 2)]


def main():
    args = sys.argv[1:]
    json_out = None
    if args[:1] == ["--json"]:
        json_out, args = args[1], args[2:]
    set_dir, labels = args[0], args[1:]
    means = {}
    print("| input SNR | metric | noisy | " + " | ".join(f"`{l}`" for l in labels) + " |")
    print("|---" * (3 + len(labels)) + "|")
    for snr in (0, 5, 10):
        reports = {l: json.load(open(os.path.join(set_dir, f"report-{l}-snr{snr}", "scores.json")))["summary"] for l in labels}
        means[f"{snr} dB"] = {"noisy": {k: reports[labels[0]]["noisy"][k]["mean"] for k, _, _ in METRICS},
                              **{l: {k: reports[l]["enhanced"][k]["mean"] for k, _, _ in METRICS} for l in labels},
                              "files": len(json.load(open(os.path.join(set_dir, f"report-{labels[0]}-snr{snr}", "scores.json")))["files"])}
        for key, name, digits in METRICS:
            noisy = reports[labels[0]]["noisy"][key]["mean"]
            cells = [f"{reports[l]['enhanced'][key]['mean']:.{digits}f}" for l in labels]
            print(f"| {snr} dB | {name} | {noisy:.{digits}f} | " + " | ".join(cells) + " |")
    clean = {l: os.path.join(set_dir, f"report-{l}-clean", "scores.json") for l in labels}
    if all(os.path.isfile(p) for p in clean.values()):
        reports = {l: json.load(open(p))["summary"] for l, p in clean.items()}
        means["clean input"] = {l: {k: reports[l]["enhanced"][k]["mean"] for k, _, _ in METRICS} for l in labels}
        for key, name, digits in METRICS:
            cells = [f"{reports[l]['enhanced'][key]['mean']:.{digits}f}" for l in labels]
            print(f"| clean input | {name} | - | " + " | ".join(cells) + " |")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"what": "mean scores on the held-out set (tools/heldout/make-heldout.sh): validation speakers and held-out noise "
                               "recordings mixed at 0, 5 and 10 dB; `sonic evaluate`", "results": means}, f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
