#!/usr/bin/env bash
# Coloured copy of the held-out set: every clean and noisy file of SET (made by make-heldout.sh) through the same equaliser,
# as a microphone colours speech and noise alike, so the clean reference keeps the colour and a denoiser should remove the
# noise, not the colour. Needs ffmpeg. Score it with score-models.sh OUT LABEL=MODEL ...
#   bright: high shelf +8 dB at 3 kHz (headset and laptop microphones that stress sibilants)
#   dark:   high shelf -8 dB at 3 kHz (a muffled microphone, speech through cloth)
#   thin:   low shelf -10 dB at 300 Hz (small microphones with no bass)
# Each is followed by -6 dB of gain, so that nothing clips.
# Usage: tools/heldout/make-coloured.sh SET OUT bright|dark|thin   (writes OUT/{clean,noisy}/snr{0,5,10}/NAME.wav, mono 16-bit, SET's rate)
set -euo pipefail
set_dir="${1:?usage: make-coloured.sh SET OUT bright|dark|thin}"
out="${2:?usage: make-coloured.sh SET OUT bright|dark|thin}"
case "${3:?usage: make-coloured.sh SET OUT bright|dark|thin}" in
  bright) eq="highshelf=f=3000:g=8" ;;
  dark) eq="highshelf=f=3000:g=-8" ;;
  thin) eq="lowshelf=f=300:g=-10" ;;
  *) echo "make-coloured.sh: unknown colour '$3' (bright, dark or thin)" >&2; exit 2 ;;
esac
for kind in clean noisy; do
  for snr in 0 5 10; do
    mkdir -p "$out/$kind/snr$snr"
    for f in "$set_dir/$kind/snr$snr"/*.wav; do
      t="$out/$kind/snr$snr/$(basename "$f")"
      [ -f "$t" ] || ffmpeg -v error -y -i "$f" -af "$eq,volume=-6dB" -c:a pcm_s16le "$t"
    done
  done
done
echo "$(ls "$out/noisy/snr0" | wc -l) files per SNR in $out" >&2
