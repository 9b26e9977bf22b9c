#!/usr/bin/env python3
"""Writes a long noisy test WAV block by block (little memory): SPEECH (16-bit mono WAV, e.g. samples/speech.wav at
22,050 Hz) upsampled by linear interpolation to 44.1 kHz when it is at 22,050 Hz, tiled with different offsets on two
channels, plus white Gaussian noise at 5 dB SNR (seed 7); 44.1 kHz stereo 16-bit PCM.

usage: python3 tools/bench/long-wav.py SPEECH.wav OUT.wav [SECONDS=3600]   (needs numpy)
"""
import sys
import wave

import numpy as np

speech, out_path = sys.argv[1], sys.argv[2]
seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 3600
rate = 44100
with wave.open(speech) as src:
    assert src.getsampwidth() == 2 and src.getnchannels() == 1, "need 16-bit mono speech"
    s = np.frombuffer(src.readframes(src.getnframes()), dtype='<i2').astype(np.float64) / 32768
    if src.getframerate() * 2 == rate:
        s = np.interp(np.arange(2 * len(s)) / 2.0, np.arange(len(s)), s)
sigma = np.sqrt(np.mean(s ** 2) / 10 ** 0.5)  # 5 dB SNR
rng = np.random.default_rng(7)
n = len(s)
with wave.open(out_path, 'wb') as out:
    out.setnchannels(2)
    out.setsampwidth(2)
    out.setframerate(rate)
    for block in range(seconds):
        idx = np.arange(block * rate, (block + 1) * rate)
        x = np.stack([s[idx % n], s[(idx + n // 3) % n]], axis=1) + sigma * rng.standard_normal((rate, 2))
        out.writeframes(np.clip(np.round(x * 32768), -32768, 32767).astype('<i2').tobytes())
