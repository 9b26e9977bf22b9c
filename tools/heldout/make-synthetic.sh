#!/usr/bin/env bash
# Stationary synthetic noise on held-out speech: the first COUNT clean files of a set made by make-heldout.sh or
# make-narrowband.sh (its snr10 copies, at their own rate) mixed with `sonic add-noise --kind KIND` (white or pink) at
# 0/5/10 dB, seed = the file's position (add-noise-pair.sh: the clean reference keeps the mix's gain). Score it as any
# set: score-models.sh OUT LABEL=MODEL ...; paired.py OUT noisy LABEL compares with the input.
# Usage: tools/heldout/make-synthetic.sh SET KIND OUT [COUNT]   (COUNT default 20; writes OUT/{clean,noisy}/snr{0,5,10}/NAME.wav)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sonic="${SONIC:-$here/sonic}"   # SONIC=/path/to/launcher pins a build while the tree changes
set_dir="${1:?usage: make-synthetic.sh SET KIND OUT [COUNT]}"
kind="${2:?usage: make-synthetic.sh SET KIND OUT [COUNT]}"
out="${3:?usage: make-synthetic.sh SET KIND OUT [COUNT]}"
count="${4:-20}"
case "$kind" in white|pink) ;; *) echo "make-synthetic.sh: KIND is white or pink, not $kind" >&2; exit 2;; esac
i=0
for f in $(ls "$set_dir/clean/snr10" | head -n "$count"); do
  i=$((i + 1))
  for snr in 0 5 10; do
    mkdir -p "$out/clean/snr$snr" "$out/noisy/snr$snr"
    [ -f "$out/clean/snr$snr/$f" ] && continue
    SONIC="$sonic" "$here/tools/heldout/add-noise-pair.sh" "$set_dir/clean/snr10/$f" "$out/clean/snr$snr/$f" "$out/noisy/snr$snr/$f" \
      --kind "$kind" --snr "$snr" --seed "$i"
  done
done
echo "$i files per SNR in $out" >&2
