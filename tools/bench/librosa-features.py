#!/usr/bin/env python3
"""Times librosa's hybrid features of one 55,296-sample clip (mel power + 20 MFCC, the seed's settings) on one
thread, the anchor the README quotes beside HybridFeaturesBenchmark. Prints JSON (per-clip ms: min, median, max of
REPEATS runs of 50 clips). Needs librosa (0.11) and numpy.

usage: OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 tools/bench/librosa-features.py [REPEATS=7]
"""
import json
import platform
import sys
import time

import librosa
import numpy as np

repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
sr = 22050
t = np.arange(55296) / sr
rng = np.random.default_rng(42)
clip = (0.4 * np.sin(2 * np.pi * 220 * t) + 0.2 * np.sin(2 * np.pi * 1760 * t) + 0.05 * rng.uniform(-1, 1, t.size)).astype(np.float32)


def hybrid(y):
    mel = librosa.feature.melspectrogram(y=y, sr=sr, n_fft=2048, hop_length=512, n_mels=128)
    mfcc = librosa.feature.mfcc(S=librosa.power_to_db(mel), n_mfcc=20)
    return np.concatenate([mel, mfcc])


for _ in range(20):
    hybrid(clip)
per_clip = []
for _ in range(repeats):
    t0 = time.perf_counter()
    for _ in range(50):
        hybrid(clip)
    per_clip.append((time.perf_counter() - t0) / 50 * 1000)
per_clip.sort()
print(json.dumps({"librosa": librosa.__version__, "numpy": np.__version__, "python": platform.python_version(),
                  "ms_per_clip": {"min": per_clip[0], "median": per_clip[len(per_clip) // 2], "max": per_clip[-1]},
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}, indent=2))
