#!/usr/bin/env bash
# VoiceBank+DEMAND test set benchmark (824 pairs, speakers p232 and p257, 16 kHz): never trained on, never used to pick a model.
# Extracts the set from a bare git snapshot of Zhangyuewei98/FDFNet at a pinned commit (audios/clean, audios/noisy; the
# official 48 kHz release works the same: put its clean_testset_wav and noisy_testset_wav as OUT/clean and OUT/noisy),
# denoises it with each LABEL=MODEL (`sonic denoise --model MODEL`), scores everything with `sonic evaluate`, adds RNNoise
# when tools/baselines is set up (node, npm install there, ffmpeg), and prints the table overall and per quarter of the
# noisy input's SNR (tools/voicebank/table.py).
# Usage: tools/voicebank/run.sh SNAPSHOTS_DIR OUT [LABEL=MODEL ...]   (default: default=default wiener=wiener)
#   SNAPSHOTS_DIR holds FDFNet's clone (SNAPSHOTS_DIR/Zhangyuewei98+FDFNet/repo, .../FDFNet.git or .../FDFNet).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
sonic="${SONIC:-$root/sonic}"   # SONIC=/path/to/launcher pins a build while the tree changes
snapshots="${1:?usage: run.sh SNAPSHOTS_DIR OUT [LABEL=MODEL ...]}"
out="${2:?usage: run.sh SNAPSHOTS_DIR OUT [LABEL=MODEL ...]}"
shift 2
[ $# -gt 0 ] || set -- default=default wiener=wiener
commit=6eac82047d96aeceb155f9aa0f5d73d453b4fa31
gitdir=""
for c in "$snapshots/Zhangyuewei98+FDFNet/repo" "$snapshots/Zhangyuewei98+FDFNet" "$snapshots/FDFNet.git" "$snapshots/FDFNet"; do
  if [ -d "$c/.git" ]; then gitdir="$c/.git"; break; fi
  if [ -f "$c/HEAD" ] && [ -d "$c/objects" ]; then gitdir="$c"; break; fi
done
[ -n "$gitdir" ] || { echo "run.sh: no clone of Zhangyuewei98/FDFNet under $snapshots (git clone --bare https://github.com/Zhangyuewei98/FDFNet $snapshots/FDFNet.git)" >&2; exit 1; }
if [ ! -d "$out/clean" ] || [ ! -d "$out/noisy" ]; then
  mkdir -p "$out"
  tmp="$(mktemp -d "$out/.extract.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  git --git-dir="$gitdir" archive "$commit" audios/clean audios/noisy | tar -x -C "$tmp"
  mv "$tmp/audios/clean" "$out/clean"
  mv "$tmp/audios/noisy" "$out/noisy"
fi
echo "$(ls "$out/clean" | wc -l) pairs in $out" >&2
labels=()
for spec in "$@"; do
  label="${spec%%=*}"
  model="${spec#*=}"
  labels+=("$label")
  if [ ! -f "$out/report-$label/scores.json" ]; then
    rm -rf "$out/enh-$label"
    mkdir -p "$out/enh-$label"
    start=$(date +%s.%N)
    "$sonic" denoise --quiet "$out/noisy" -o "$out/enh-$label/" --model "$model" >&2
    echo "$label: denoised in $(echo "$(date +%s.%N) - $start" | bc) s" >&2
    "$sonic" evaluate --quiet --clean "$out/clean" --noisy "$out/noisy" --enhanced "$out/enh-$label" -o "$out/report-$label" > "$out/report-$label.txt"
  fi
done
if command -v ffmpeg >/dev/null && command -v node >/dev/null && [ -d "$root/tools/baselines/node_modules" ]; then
  if [ ! -f "$out/report-rnnoise/scores.json" ]; then
    mkdir -p "$out/enh-rnnoise"
    for f in "$out/noisy"/*.wav; do
      name="$(basename "$f")"
      rate="$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate -of csv=p=0 "$f")"
      frames="$(ffprobe -v error -select_streams a:0 -show_entries stream=duration_ts -of csv=p=0 "$f")"
      ffmpeg -v error -i "$f" -ac 1 -ar 48000 -f s16le - | node "$root/tools/baselines/rnnoise.mjs" \
        | ffmpeg -v error -y -f s16le -ar 48000 -ac 1 -i - -af "aresample=$rate,apad,atrim=end_sample=$frames" -c:a pcm_s16le "$out/enh-rnnoise/$name"
    done
    "$sonic" evaluate --quiet --clean "$out/clean" --noisy "$out/noisy" --enhanced "$out/enh-rnnoise" -o "$out/report-rnnoise" > "$out/report-rnnoise.txt"
  fi
  labels+=(rnnoise)
else
  echo "run.sh: RNNoise skipped (needs ffmpeg, node and 'npm install' in tools/baselines)" >&2
fi
python3 "$here/table.py" "$out" "${labels[@]}"
