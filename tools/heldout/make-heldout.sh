#!/usr/bin/env bash
# Builds the held-out evaluation set of issue #4: every speech file of the validation speakers (SpeakerSplit, seed 42,
# as listed in models/default/model.json) mixed with one of the 10 held-out noise recordings (every 5th noise file in
# sorted order, never trained on) at 0, 5 and 10 dB with `sonic add-noise`. Needs ../shared/data/train, ffmpeg, python3.
# Usage: tools/heldout/make-heldout.sh OUT_DIR   (writes OUT_DIR/{clean,noisy}/snr{0,5,10}/NAME.wav, mono 16-bit 22,050 Hz)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sonic="${SONIC:-$here/sonic}"   # SONIC=/path/to/launcher pins a build while the tree changes
data="${SONIC_DATA:-$here/../shared/data/train}"
out="${1:?usage: make-heldout.sh OUT_DIR}"
mapfile -t pairs < <(python3 - "$here/models/default/model.json" "$data" <<'PY'
import csv, json, os, sys
meta = json.load(open(sys.argv[1]))["metadata"]["data"]
speakers = set(meta["validationSpeakers"])
noises = sorted(meta["validationNoise"])
rows = [r for r in csv.DictReader(open(os.path.join(sys.argv[2], "manifest.csv")))
        if r["kind"].startswith("speech") and r["speaker_id"] in speakers]
for i, r in enumerate(sorted(rows, key=lambda r: r["path"])):
    print(os.path.basename(r["path"]), noises[i % len(noises)], i)
PY
)
echo "${#pairs[@]} validation utterances" >&2
for snr in 0 5 10; do
  mkdir -p "$out/clean/snr$snr" "$out/noisy/snr$snr"
  for p in "${pairs[@]}"; do
    read -r speech noise seed <<<"$p"
    name="${speech%.flac}.wav"
    [ -f "$out/clean/snr$snr/$name" ] && continue
    SONIC="$sonic" "$here/tools/heldout/add-noise-pair.sh" "$data/speech/$speech" "$out/clean/snr$snr/$name" \
      "$out/noisy/snr$snr/$name" --kind file --noise-file "$data/noise/$noise" --snr "$snr" --seed "$seed"
  done
done
