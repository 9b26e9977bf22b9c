#!/usr/bin/env bash
# Denoises the held-out set (tools/heldout/make-heldout.sh) with the outside baselines of issue #4 and scores them:
#   afftdn       ffmpeg's FFT denoiser with its defaults (Debian's ffmpeg: apt-get install ffmpeg)
#   afftdn-track afftdn with noise-floor tracking and 20 dB of reduction (-af afftdn=nr=20:tn=1)
#   rnnoise      RNNoise via npm @shiguredo/rnnoise-wasm at 48 kHz (npm install in this folder; see rnnoise.mjs)
# Usage: tools/baselines/run-baselines.sh HELDOUT_DIR   (writes HELDOUT_DIR/enh-NAME/snrX and HELDOUT_DIR/report-NAME-snrX)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
set_dir="${1:?usage: run-baselines.sh HELDOUT_DIR}"
declare -A filters=([afftdn]="afftdn" [afftdn-track]="afftdn=nr=20:tn=1")
for snr in 0 5 10; do
  for f in "$set_dir/noisy/snr$snr"/*.wav; do
    name="$(basename "$f")"
    for b in afftdn afftdn-track; do
      mkdir -p "$set_dir/enh-$b/snr$snr"
      ffmpeg -v error -y -i "$f" -af "${filters[$b]}" -c:a pcm_s16le "$set_dir/enh-$b/snr$snr/$name"
    done
    mkdir -p "$set_dir/enh-rnnoise/snr$snr"
    rate="$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate -of csv=p=0 "$f")"
    ffmpeg -v error -i "$f" -ac 1 -ar 48000 -f s16le - | node "$here/rnnoise.mjs" \
      | ffmpeg -v error -y -f s16le -ar 48000 -ac 1 -i - -ar "$rate" -c:a pcm_s16le "$set_dir/enh-rnnoise/snr$snr/$name"
  done
  for b in afftdn afftdn-track rnnoise; do
    "$root/sonic" evaluate --quiet --clean "$set_dir/clean/snr$snr" --noisy "$set_dir/noisy/snr$snr" \
      --enhanced "$set_dir/enh-$b/snr$snr" -o "$set_dir/report-$b-snr$snr" > "$set_dir/report-$b-snr$snr.txt"
  done
done
