#!/usr/bin/env bash
# Files per second of the Spark job (local[2]) against the single-machine batch 'sonic denoise' on the same generated
# files: N (default 200) seeded noisy two-tone signals of 3 s, mono 16 kHz 16-bit WAV, model 'default'.
# Usage: sonic-spark/bench.sh [N] [WORKDIR]; prints both rates. Both launchers build their jars first if needed.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
n="${1:-200}"
work="${2:-$(mktemp -d)}"
mkdir -p "$work/in"
python3 - "$work/in" "$n" <<'PY'
import math, random, struct, sys, wave
out, n = sys.argv[1], int(sys.argv[2])
rate, secs = 16000, 3.0
for k in range(n):
    r = random.Random(k)
    f0 = 120 + 10 * (k % 10)
    frames = bytearray()
    for i in range(int(rate * secs)):
        t = i / rate
        env = 0.5 + 0.5 * math.sin(2 * math.pi * 3 * t)
        x = 0.3 * env * math.sin(2 * math.pi * f0 * t) + 0.08 * env * math.sin(2 * math.pi * 7 * f0 * t) + 0.05 * r.gauss(0, 1)
        frames += struct.pack('<h', max(-32768, min(32767, int(round(x * 32767)))))
    with wave.open(f"{out}/f{k:04d}.wav", 'wb') as w:
        w.setnchannels(1); w.setsampwidth(2); w.setframerate(rate); w.writeframes(bytes(frames))
PY
"$root/sonic" --version >/dev/null 2>&1 || true   # build the CLI jar outside the timing
"$here/sonic-spark" --help >/dev/null 2>&1 || true # build the Spark jar outside the timing
rm -rf "$work/cli" "$work/spark"
t0=$(date +%s.%N)
"$root/sonic" denoise --quiet --model default -o "$work/cli" "$work/in" >/dev/null
t1=$(date +%s.%N)
SONIC_SPARK_MASTER='local[2]' "$here/sonic-spark" denoise --model default --input "$work/in" --output "$work/spark" >/dev/null 2>"$work/spark.log"
t2=$(date +%s.%N)
same=$(cd "$work/cli" && for f in *.wav; do cmp -s "$f" "$work/spark/$f" || echo "$f"; done | wc -l)
python3 - "$n" "$t0" "$t1" "$t2" "$same" <<'PY'
import sys
n, t0, t1, t2, diff = int(sys.argv[1]), *map(float, sys.argv[2:5]), int(sys.argv[5])
print(f"sonic denoise (one JVM, one denoiser): {n} files in {t1-t0:.1f} s = {n/(t1-t0):.2f} files/s (JVM start included)")
print(f"sonic spark local[2]:                  {n} files in {t2-t1:.1f} s = {n/(t2-t1):.2f} files/s (Spark start included)")
print(f"outputs differing byte-wise: {diff} of {n}")
PY
