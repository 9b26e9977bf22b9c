#!/usr/bin/env python3
"""Turns a mask-net-unet model folder into the starting point of a mask-net-lite one (`train-denoiser --lite --init OUT`).

Usage: tools/train/unet-to-lite.py UNET_MODEL OUT

mask-net-lite is mask-net-unet without the refinement stage's second 7x3 convolution, so its variables are the unet's with
that convolution and the stage's last 1x1 convolution left out and every later one renamed one place down (conv2d_N ->
conv2d_N-1, Keras-style names). The 1x1 convolution is left out rather than copied because what it reads changes; the
trainer gives a variable that the initial folder lacks its fresh value, which for that layer is zero, so the lite network
starts from the unet's gains without their refinement. OUT gets the renamed .npy files, model.json (architecture, variable
list and parameter count of the variables listed rewritten, "convertedFrom" added to the metadata) and files.txt; it is an
initial model for training, not a model `denoise` loads (the fresh layer is not in it). Needs numpy.
"""
import json
import os
import re
import shutil
import sys

import numpy as np

# Position of the refinement stage's layers among the unet's conv2d layers (3 front-end, 1 bottleneck, 16 in the
# residual blocks, 1 per-frame output, then the refinement stage's 7x3, 7x3 and 1x1 convolutions, then the decoder).
SECOND_7X3 = 22
LAST_1X1 = 23


def renamed(name):
    """Returns the lite network's name for a unet variable, or None for the two that are left out."""
    m = re.fullmatch(r"conv2d(?:_(\d+))?/(kernel|bias)", name)
    if not m:
        raise SystemExit(f"unexpected variable {name}")
    index = int(m.group(1) or 0)
    if index in (SECOND_7X3, LAST_1X1):
        return None
    if index > LAST_1X1:
        index -= 1  # two layers out, one (the fresh 1x1) back in at LAST_1X1 - 1
    return ("conv2d" if index == 0 else f"conv2d_{index}") + "/" + m.group(2)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, out = sys.argv[1:]
    info = json.load(open(os.path.join(src, "model.json")))
    arch = info["architecture"]
    if not arch.startswith("mask-net-unet-"):
        sys.exit(f"{src}: architecture {arch}, expected mask-net-unet-*")
    k7 = next(v for v in info["variables"] if v["name"] == f"conv2d_{SECOND_7X3}/kernel")
    k1 = next(v for v in info["variables"] if v["name"] == f"conv2d_{LAST_1X1}/kernel")
    if k7["shape"] != [7, 3, 16, 16] or k1["shape"] != [1, 1, 16, 1]:
        sys.exit(f"{src}: the refinement stage's layers are not where a mask-net-unet has them")
    os.makedirs(out, exist_ok=True)
    variables = []
    total = len(info["variables"])
    for v in info["variables"]:
        name = renamed(v["name"])
        if name is None:
            continue
        file = name.replace("/", ".") + ".npy"
        a = np.load(os.path.join(src, v["file"]))
        np.save(os.path.join(out, file), a.astype(np.float32))
        variables.append({"name": name, "shape": v["shape"], "file": file})
    info["architecture"] = arch.replace("mask-net-unet-", "mask-net-lite-", 1)
    info["variables"] = variables
    info["parameterCount"] = int(sum(np.prod(v["shape"]) for v in variables))  # the variables listed (not the fresh 1x1)
    info.setdefault("metadata", {})["convertedFrom"] = src
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(info, f, indent=2)
    with open(os.path.join(out, "files.txt"), "w") as f:
        f.write("model.json\n" + "".join(v["file"] + "\n" for v in variables))
    for extra in ("history.csv",):
        if os.path.exists(os.path.join(src, extra)):
            shutil.copy(os.path.join(src, extra), os.path.join(out, extra))
    print(f"{out}: {len(variables)} of the {total} variables ({info['architecture']})")


if __name__ == "__main__":
    main()
