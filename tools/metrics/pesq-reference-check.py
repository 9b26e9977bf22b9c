#!/usr/bin/env python3
"""Checks `sonic evaluate`'s PESQ WB against the ITU-T P.862 reference code on real outputs.

The reference C code (P.862 / P.862.2, version 2.0, October 2005) cannot be bundled (its licence allows using it to test
whether an implementation conforms, not redistributing it), so this script compiles a copy the user supplies:

  python3 tools/metrics/pesq-reference-check.py ITU_SRC_DIR CLEAN_DIR ENHANCED_DIR REPORT_DIR [--every N]

ITU_SRC_DIR holds the reference's .c and .h files (pesqmain.c, pesqmod.c, pesqio.c, pesqdsp.c, dsp.c, ...).
CLEAN_DIR and ENHANCED_DIR hold 16 kHz 16-bit mono WAV files with 44-byte headers under the same names (what `sonic
denoise` and tools/voicebank/run.sh write), REPORT_DIR is the `sonic evaluate -o` folder that scored them
(scores.csv). Every Nth file (default 20) is scored by the reference in wide-band mode (+16000 +wb) and compared with
the enhanced row's pesq_wb; the script prints each pair and the mean and largest absolute difference, and exits 1 when
the largest exceeds the fixtures' tolerance of 0.02 MOS.
"""
import argparse
import csv
import glob
import os
import subprocess
import sys
import tempfile


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("itu_src")
    p.add_argument("clean")
    p.add_argument("enhanced")
    p.add_argument("report")
    p.add_argument("--every", type=int, default=20)
    p.add_argument("--tolerance", type=float, default=0.02)
    a = p.parse_args()
    sources = sorted(glob.glob(os.path.join(a.itu_src, "*.c")))
    if not sources:
        sys.exit(f"pesq-reference-check: no .c files in {a.itu_src}")
    with open(os.path.join(a.report, "scores.csv")) as f:
        ours = {r["file"]: r["pesq_wb"] for r in csv.DictReader(f) if r["kind"] == "enhanced"}
    with tempfile.TemporaryDirectory() as tmp:
        exe = os.path.join(tmp, "pesq")
        # -fcommon: the 2005 code defines its globals in a header included by several files
        subprocess.run(["gcc", "-O2", "-w", "-fcommon", "-o", exe, *sources, "-lm"], check=True)
        diffs = []
        for name in sorted(ours)[:: a.every]:
            if not ours[name]:
                continue
            out = subprocess.run([exe, "+16000", "+wb", os.path.join(a.clean, name), os.path.join(a.enhanced, name)],
                                 capture_output=True, text=True, cwd=tmp).stdout
            lines = [l for l in out.splitlines() if "Prediction" in l]
            if not lines:
                print(f"{name}: the reference gave no score", file=sys.stderr)
                continue
            ref = float(lines[-1].split("=")[-1])
            diffs.append(abs(ref - float(ours[name])))
            print(f"{name} reference {ref:.3f} sonic {float(ours[name]):.3f}")
    if not diffs:
        sys.exit("pesq-reference-check: nothing scored")
    print(f"{len(diffs)} pairs: mean absolute difference {sum(diffs) / len(diffs):.4f}, largest {max(diffs):.4f}")
    sys.exit(0 if max(diffs) <= a.tolerance else 1)


if __name__ == "__main__":
    main()
