#!/usr/bin/env bash
# Measures every speed figure the README quotes and writes them, with the machine, the date and its load, as JSON
# (default docs/bench/results.json):
#   - JMH (sonic-bench/target/benchmarks.jar, one thread): hybrid features of one 55,296-sample clip
#     (HybridFeaturesBenchmark), all metrics of a 10 s pair (MetricsBenchmark), one training step of the seed
#     autoencoder at batch 32 with 1 and 2 TensorFlow threads (TrainStepBenchmark);
#   - `sonic bench`: real-time factor of every built-in model on generated 44.1 kHz audio, and of `default` on the
#     bundled sample looped;
#   - a whole-process run: `sonic denoise` of a generated 44.1 kHz stereo WAV (tools/bench/long-wav.py) with -Xmx128m,
#     wall clock with JVM start and peak resident memory (/usr/bin/time -v); the same audio as FLAC and 128 kbit/s MP3
#     too when ffmpeg is installed.
# Usage: tools/bench/run-benchmarks.sh [--quick] [OUT.json]
#   full (the README's settings, about 40 minutes on 2 cores): JMH 2 forks x 10 iterations, `sonic bench` on 600 s x 3
#   runs, one hour of audio; --quick (about 8 minutes): JMH 1 fork x 3 iterations, 60 s x 2 runs, 5 minutes of audio.
# Benchmarks on a busy machine read slow: the JSON records the load average before and after and says so.
# Needs Java 17, Maven, python3 with numpy, /usr/bin/time.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
mode=full
if [ "${1:-}" = "--quick" ]; then mode=quick; shift; fi
out="${1:-docs/bench/results.json}"
if [ "$mode" = quick ]; then
  jmh=(-f 1 -wi 2 -w 2 -i 3 -r 2); step_jmh=(-f 1 -wi 1 -w 3 -i 3 -r 3); bench_s=60; repeat=2; long_s=300
else
  jmh=(-f 2 -wi 5 -w 2 -i 10 -r 2); step_jmh=(-f 1 -wi 2 -w 5 -i 5 -r 5); bench_s=600; repeat=3; long_s=3600
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

echo "bench: building (sonic-bench, sonic-cli)" >&2
mvn -B -q -ntp package -DskipTests -pl sonic-bench,sonic-cli -am >&2

echo "bench: JMH features and metrics ($mode)" >&2
java -jar sonic-bench/target/benchmarks.jar 'HybridFeaturesBenchmark|MetricsBenchmark' "${jmh[@]}" -t 1 \
  -rf json -rff "$tmp/jmh-dsp.json" >"$tmp/jmh-dsp.txt"
echo "bench: JMH training step ($mode)" >&2
TF_CPP_MIN_LOG_LEVEL=2 java -jar sonic-bench/target/benchmarks.jar TrainStepBenchmark "${step_jmh[@]}" -t 1 \
  -rf json -rff "$tmp/jmh-step.json" >"$tmp/jmh-step.txt"

echo "bench: sonic bench (${bench_s} s of audio, $repeat runs)" >&2
./sonic bench --seconds "$bench_s" --rate 44100 --repeat "$repeat" >"$tmp/bench-44k.txt"
./sonic bench --model default --input samples/noisy-speech.wav --seconds "$bench_s" --repeat "$repeat" >"$tmp/bench-sample.txt"

echo "bench: whole-process denoise of ${long_s} s of 44.1 kHz stereo" >&2
python3 tools/bench/long-wav.py samples/speech.wav "$tmp/long.wav" "$long_s"
SONIC_JAVA_OPTS=-Xmx128m /usr/bin/time -v ./sonic denoise "$tmp/long.wav" -o "$tmp/long-out.wav" --model default --quiet \
  2>"$tmp/time.txt" >/dev/null

# the same audio as FLAC and MP3 when ffmpeg is installed (decoding included)
: >"$tmp/compressed.txt"
if command -v ffmpeg >/dev/null; then
  for ext in flac mp3; do
    ffmpeg -v error -y -i "$tmp/long.wav" $([ "$ext" = mp3 ] && echo "-b:a 128k") "$tmp/long.$ext"
    SONIC_JAVA_OPTS=-Xmx128m /usr/bin/time -v ./sonic denoise "$tmp/long.$ext" -o "$tmp/long-$ext.wav" --model default \
      --quiet 2>"$tmp/time-$ext.txt" >/dev/null
    echo "$ext" >>"$tmp/compressed.txt"
  done
fi

load_after="$(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$(dirname "$out")"
python3 - "$tmp" "$out" "$mode" "$started" "$load_before" "$load_after" "$long_s" "$bench_s" "$repeat" <<'PY'
import json, os, platform, re, subprocess, sys
tmp, out, mode, started, before, after, long_s, bench_s, repeat = sys.argv[1:]
def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor()
mem_kb = int(re.search(r"MemTotal:\s+(\d+)", open("/proc/meminfo").read()).group(1))
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
cores = os.cpu_count()
load = [float(v) for v in before.split()] + [float(v) for v in after.split()]
jmh = {}
for f in ("jmh-dsp.json", "jmh-step.json"):
    for b in json.load(open(os.path.join(tmp, f))):
        name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
        if b.get("params"):
            name += "[" + ",".join(f"{k}={v}" for k, v in b["params"].items()) + "]"
        m = b["primaryMetric"]
        jmh[name] = {"mean": m["score"], "error_99_9": m["scoreError"], "unit": m["scoreUnit"],
                     "forks": b["forks"], "iterations": b["measurementIterations"], "threads": b["threads"]}
def rtf(path):
    res = {}
    for line in open(path):
        m = re.match(r"(\S+)\s+real-time factor ([0-9.]+) \(([0-9.]+) s", line)
        if m:
            res[m.group(1)] = {"real_time_factor": float(m.group(2)), "seconds": float(m.group(3))}
    return res
def timed(name):
    t = open(os.path.join(tmp, name)).read()
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
    secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
    rss_mb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1)) / 1024
    return {"wall_seconds": secs, "real_time_factor": secs / float(long_s), "peak_rss_mb": round(rss_mb)}
compressed = {ext: timed(f"time-{ext}.txt") for ext in open(os.path.join(tmp, "compressed.txt")).read().split()}
result = {
    "what": "speed figures quoted in the README, made by tools/bench/run-benchmarks.sh" + (" --quick" if mode == "quick" else ""),
    "date": started,
    "machine": {"cpu": cpu_model(), "cores": cores, "memory_gb": round(mem_kb / 1024 ** 2, 1), "os": platform.platform(),
                "java": java},
    "load": {"loadavg_before_1_5_15min": load[:3], "loadavg_after_1_5_15min": load[3:],
             "loaded": max(load) > 0.5 * cores,
             "note": "load averages of the whole machine; a 1-minute load above half the core count means other work "
                     "shared the CPUs, so the timings are slower than on a quiet machine"},
    "mode": mode,
    "jmh": jmh,
    "sonic_bench": {"generated_44100_hz": {"seconds_of_audio": float(bench_s), "runs": int(repeat), "best_of_runs": rtf(os.path.join(tmp, "bench-44k.txt"))},
                    "samples_noisy_speech_looped": {"seconds_of_audio": float(bench_s), "runs": int(repeat), "best_of_runs": rtf(os.path.join(tmp, "bench-sample.txt"))}},
    "whole_process_denoise": {"input": f"tools/bench/long-wav.py samples/speech.wav: {long_s} s, 44.1 kHz stereo 16-bit",
                              "command": "SONIC_JAVA_OPTS=-Xmx128m /usr/bin/time -v ./sonic denoise LONG.wav -o OUT.wav --model default",
                              **timed("time.txt"),
                              "same_audio_as": compressed if compressed else "flac and mp3 not timed (no ffmpeg)"},
}
with open(out + ".tmp", "w") as f:
    json.dump(result, f, indent=2)
    f.write("\n")
os.replace(out + ".tmp", out)
print(json.dumps(result, indent=2))
PY
