#!/usr/bin/env python3
"""Averages the weights of model folders of one architecture (a uniform "model soup", Wortsman et al. 2022).

Usage: tools/train/average-models.py OUT MODEL [MODEL ...]

Every MODEL is a folder written by `sonic train-denoiser` (its model, best or checkpoint folder: model.json plus one .npy
per variable); they must share the architecture and the variables' shapes, as checkpoints of one run and the model it
started from (--init) do. OUT gets the element-wise mean of every variable (float32, summed in float64), model.json of the
first MODEL with "averagedFrom" (the folders, in order) added to its metadata, and files.txt. Adam state files of a
checkpoint folder (adam.*.npy) are ignored. Needs numpy.
"""
import json
import os
import sys

import numpy as np


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out, models = sys.argv[1], sys.argv[2:]
    infos = [json.load(open(os.path.join(m, "model.json"))) for m in models]
    arch = infos[0]["architecture"]
    for m, info in zip(models, infos):
        if info["architecture"] != arch:
            sys.exit(f"average-models: {m}: architecture {info['architecture']}, expected {arch}")
    if os.path.exists(out):
        sys.exit(f"average-models: {out} exists; give a new folder")
    tmp = out + ".tmp"
    os.makedirs(tmp)
    files = []
    for var in infos[0]["variables"]:
        name = var["file"]
        arrays = [np.load(os.path.join(m, name)) for m in models]
        for m, a in zip(models, arrays):
            if list(a.shape) != list(var["shape"]):
                sys.exit(f"average-models: {m}/{name}: shape {list(a.shape)}, expected {var['shape']}")
        mean = sum(a.astype(np.float64) for a in arrays) / len(arrays)
        np.save(os.path.join(tmp, name), mean.astype(np.float32))
        files.append(name)
    info = infos[0]
    info.setdefault("metadata", {})["averagedFrom"] = [os.path.normpath(m) for m in models]
    with open(os.path.join(tmp, "model.json"), "w", encoding="utf-8") as f:
        f.write(json.dumps(info, indent=2, separators=(",", " : "), ensure_ascii=False) + "\n")
    files.append("model.json")
    with open(os.path.join(tmp, "files.txt"), "w") as f:
        f.write("\n".join(sorted(files)) + "\n")
    os.rename(tmp, out)
    print(f"{out}: mean of {len(models)} models ({arch})")


if __name__ == "__main__":
    main()
