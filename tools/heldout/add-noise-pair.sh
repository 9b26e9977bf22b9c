#!/usr/bin/env bash
# One pair of a scored set: `sonic add-noise SPEECH ADD_NOISE_OPTIONS -o NOISY`, and SPEECH written as CLEAN with the same
# gain: where add-noise scales a mix down to avoid clipping (it says by how much), the clean reference gets that gain too,
# so that SNR and segmental SNR stay meaningful (SI-SDR, STOI and PESQ do not depend on it). Needs ffmpeg.
# Usage: tools/heldout/add-noise-pair.sh SPEECH CLEAN.wav NOISY.wav [add-noise options ...]   (SONIC=launcher as the callers)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sonic="${SONIC:-$here/sonic}"
speech="${1:?usage: add-noise-pair.sh SPEECH CLEAN.wav NOISY.wav [add-noise options ...]}"
clean="${2:?usage: add-noise-pair.sh SPEECH CLEAN.wav NOISY.wav [add-noise options ...]}"
noisy="${3:?usage: add-noise-pair.sh SPEECH CLEAN.wav NOISY.wav [add-noise options ...]}"
shift 3
msg="$("$sonic" add-noise "$speech" "$@" -o "$noisy" 2>&1 >/dev/null || true)"
db="$(sed -n 's/.*scaled down by \([0-9.]*\) dB.*/\1/p' <<<"$msg")"
ffmpeg -v error -y -i "$speech" -af "volume=-${db:-0}dB" -c:a pcm_s16le "$clean"
