#!/usr/bin/env bash
# Narrow-band copy of the held-out set: every clean and noisy file of SET (made by make-heldout.sh) resampled to 8 kHz
# with ffmpeg (its default resampler low-passes below 4 kHz), so the set is 8 kHz speech in real held-out noise at
# 0/5/10 dB, as telephone and 8 kHz recordings reach `sonic denoise`. Score it with score-models.sh OUT LABEL=MODEL ...
# Usage: tools/heldout/make-narrowband.sh SET OUT   (writes OUT/{clean,noisy}/snr{0,5,10}/NAME.wav, mono 16-bit 8,000 Hz)
set -euo pipefail
set_dir="${1:?usage: make-narrowband.sh SET OUT}"
out="${2:?usage: make-narrowband.sh SET OUT}"
for kind in clean noisy; do
  for snr in 0 5 10; do
    mkdir -p "$out/$kind/snr$snr"
    for f in "$set_dir/$kind/snr$snr"/*.wav; do
      t="$out/$kind/snr$snr/$(basename "$f")"
      [ -f "$t" ] || ffmpeg -v error -y -i "$f" -ar 8000 -c:a pcm_s16le "$t"
    done
  done
done
echo "$(ls "$out/noisy/snr0" | wc -l) files per SNR in $out" >&2
