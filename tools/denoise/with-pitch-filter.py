#!/usr/bin/env python3
"""Copies a mask model folder and names the pitch post-filter in its model.json (metadata.postFilter), so that
`sonic denoise --model OUT` runs it after masking (PitchPostFilter; settings as measured in docs/model-history.md).
Usage: tools/denoise/with-pitch-filter.py MODEL_DIR OUT_DIR [STRENGTH]   e.g. models/default /tmp/default-pf"""
import json, os, shutil, sys

if len(sys.argv) not in (3, 4):
    sys.exit(__doc__)
src, out = sys.argv[1], sys.argv[2]
strength = float(sys.argv[3]) if len(sys.argv) == 4 else 1.0
if not 0 <= strength <= 1:
    sys.exit("with-pitch-filter.py: STRENGTH must lie in [0, 1]")
if os.path.exists(out):
    sys.exit(f"with-pitch-filter.py: {out} exists")
tmp = out + ".tmp"
shutil.rmtree(tmp, ignore_errors=True)
try:
    shutil.copytree(src, tmp)
    path = os.path.join(tmp, "model.json")
    with open(path) as f:
        model = json.load(f)
    model.setdefault("metadata", {})["postFilter"] = {"kind": "pitch-comb", "strength": strength, "fullHz": 1000.0,
                                                      "zeroHz": 2000.0, "voicing": 0.5, "removedForFull": 0.5}
    with open(path, "w") as f:
        json.dump(model, f, indent=2)
        f.write("\n")
    os.rename(tmp, out)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print(out)
