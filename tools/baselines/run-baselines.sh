#!/usr/bin/env bash
# Denoises the held-out set (tools/heldout/make-heldout.sh) with the outside baselines of issue #4 and scores them:
#   afftdn       ffmpeg's FFT denoiser with its defaults (Debian's ffmpeg 5.1: apt-get install ffmpeg)
#   afftdn-tuned afftdn tracking the noise floor from its highest setting (-af afftdn=nf=-20:tn=1), the best of a small
#                sweep of nr/nf on 12 files at 5 dB (the defaults assume a noise floor of -50 dB and barely act here)
# afftdn delays its output by 550 samples at 22,050 Hz (measured by cross-correlation, the same on every file): the
# input is padded and the output trimmed by that much so that it lines up with the clean reference.
#   rnnoise      RNNoise via npm @shiguredo/rnnoise-wasm at 48 kHz (npm install in this folder; see rnnoise.mjs)
# Usage: tools/baselines/run-baselines.sh HELDOUT_DIR   (writes HELDOUT_DIR/enh-NAME/snrX and HELDOUT_DIR/report-NAME-snrX)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sonic="${SONIC:-$root/sonic}"   # SONIC=/path/to/launcher pins a build while the tree changes
set_dir="${1:?usage: run-baselines.sh HELDOUT_DIR}"
declare -A filters=([afftdn]="afftdn" [afftdn-tuned]="afftdn=nf=-20:tn=1")
afftdn_delay=550
for snr in 0 5 10; do
  for f in "$set_dir/noisy/snr$snr"/*.wav; do
    name="$(basename "$f")"
    rate="$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate -of csv=p=0 "$f")"
    frames="$(ffprobe -v error -select_streams a:0 -show_entries stream=duration_ts -of csv=p=0 "$f")"
    [ "$rate" = 22050 ] || { echo "$f: the afftdn delay was measured at 22,050 Hz only" >&2; exit 1; }
    for b in afftdn afftdn-tuned; do
      mkdir -p "$set_dir/enh-$b/snr$snr"
      ffmpeg -v error -y -i "$f" -af "apad=pad_len=$afftdn_delay,${filters[$b]},atrim=start_sample=$afftdn_delay" -c:a pcm_s16le "$set_dir/enh-$b/snr$snr/$name"
    done
    mkdir -p "$set_dir/enh-rnnoise/snr$snr"
    ffmpeg -v error -i "$f" -ac 1 -ar 48000 -f s16le - | node "$here/rnnoise.mjs" \
      | ffmpeg -v error -y -f s16le -ar 48000 -ac 1 -i - -af "aresample=$rate,apad,atrim=end_sample=$frames" -c:a pcm_s16le "$set_dir/enh-rnnoise/snr$snr/$name"
  done
  for b in afftdn afftdn-tuned rnnoise; do
    "$sonic" evaluate --quiet --clean "$set_dir/clean/snr$snr" --noisy "$set_dir/noisy/snr$snr" \
      --enhanced "$set_dir/enh-$b/snr$snr" -o "$set_dir/report-$b-snr$snr" > "$set_dir/report-$b-snr$snr.txt"
  done
done
