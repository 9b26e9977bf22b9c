#!/usr/bin/env bash
# Scores models of `sonic denoise` (names or folders) on the held-out set made by make-heldout.sh:
# writes SET/report-LABEL-snrX/{scores.csv,scores.json} and SET/report-LABEL-snrX.txt for every SNR, and the same for the
# clean speech itself as input (SET/report-LABEL-clean: what the model does to a recording without noise).
# Usage: tools/heldout/score-models.sh SET LABEL=MODEL [LABEL=MODEL ...]   e.g. default=default wiener=wiener new=/tmp/run/model
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sonic="${SONIC:-$here/sonic}"   # SONIC=/path/to/launcher pins a build while the tree changes
set_dir="${1:?usage: score-models.sh SET LABEL=MODEL ...}"
shift
for spec in "$@"; do
  label="${spec%%=*}"
  model="${spec#*=}"
  for snr in 0 5 10; do
    "$sonic" evaluate --quiet --clean "$set_dir/clean/snr$snr" --noisy "$set_dir/noisy/snr$snr" --model "$model" \
      -o "$set_dir/report-$label-snr$snr" > "$set_dir/report-$label-snr$snr.txt"
  done
  "$sonic" evaluate --quiet --clean "$set_dir/clean/snr10" --noisy "$set_dir/clean/snr10" --model "$model" \
    -o "$set_dir/report-$label-clean" > "$set_dir/report-$label-clean.txt"
done
