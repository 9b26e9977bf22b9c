#!/usr/bin/env python3
"""Writes the seed corpus of DecoderFuzzTest (python3 make-seeds.py here; needs numpy and the flac tool)."""
import math
import os
import shutil
import struct
import subprocess

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
AUDIO = os.path.join(HERE, *[".."] * 4, "audio")  # sonic-io/src/test/resources/audio
BAD = os.path.join(HERE, *[".."] * 8, "sonic-cli", "src", "test", "resources", "bad-inputs")


def wav(tag, channels, rate, bits, samples, extensible=False):
    ba = channels * ((bits + 7) // 8)
    fmt = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate, rate * ba, ba, bits)
    if extensible:
        fmt += struct.pack("<HHI", 22, bits, 3) + struct.pack("<H", tag) + bytes(
            [0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71])
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", len(samples)) + samples
    if len(samples) & 1:
        body += b"\0"
    return b"RIFF" + struct.pack("<I", len(body)) + body


def tone(n, scale):
    return [scale * math.sin(2 * math.pi * 440 * i / 8000) for i in range(n)]


def put(folder, name, data):
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "wb") as f:
        f.write(data)


def main():
    t = tone(40, 1.0)
    wavs = {
        "pcm16_mono.wav": wav(1, 1, 8000, 16, b"".join(struct.pack("<h", int(16000 * v)) for v in t)),
        "pcm24_stereo.wav": wav(1, 2, 8000, 24, b"".join(struct.pack("<i", int(4e6 * v))[:3] * 2 for v in t)),
        "pcm8.wav": wav(1, 1, 8000, 8, bytes(int(128 + 100 * v) for v in t)),
        "pcm32.wav": wav(1, 1, 8000, 32, b"".join(struct.pack("<i", int(1e9 * v)) for v in t)),
        "float32.wav": wav(3, 1, 8000, 32, b"".join(struct.pack("<f", 0.5 * v) for v in t)),
        "float64.wav": wav(3, 1, 8000, 64, b"".join(struct.pack("<d", 0.5 * v) for v in t)),
        "alaw.wav": wav(6, 1, 8000, 8, bytes(range(40))),
        "mulaw.wav": wav(7, 1, 8000, 8, bytes(range(100, 140))),
        "extensible24.wav": wav(1, 2, 8000, 24, bytes(240), extensible=True),
    }
    for name, data in wavs.items():
        put("wav", name, data)
        put("sourcesAgreeWithReaders", name, data)
    tiny = os.path.join(HERE, "tiny.wav")
    with open(tiny, "wb") as f:
        f.write(wav(1, 2, 8000, 16, b"".join(struct.pack("<h", int(9000 * v)) * 2 for v in tone(300, 1.0))))
    subprocess.run(["flac", "-s", "-f", "--no-padding", "--blocksize=64", "-o", os.path.join(HERE, "flac", "tiny.flac"), tiny],
                   check=True)
    os.remove(tiny)
    shutil.copy(os.path.join(HERE, "flac", "tiny.flac"), os.path.join(HERE, "sourcesAgreeWithReaders", "tiny.flac"))
    for mp3 in ["cbr_11k_mono_mpeg25_notag.mp3", "cbr_8k_mono_mpeg25_tag.mp3"]:
        data = open(os.path.join(AUDIO, "mp3-align", mp3), "rb").read()
        put("mp3", mp3, data)
        put("sourcesAgreeWithReaders", mp3, data)
    for bad in ["wav_float_nan.wav", "wav_data_truncated.wav", "mp3_garbage_in_the_middle.mp3", "flac_cut_in_streaminfo.flac"]:
        data = open(os.path.join(BAD, bad), "rb").read()
        put("sourcesAgreeWithReaders", bad, data)
    for name, arr in {"f4_2x3.npy": np.arange(6, dtype="<f4").reshape(2, 3), "f8_4.npy": np.arange(4, dtype="<f8"),
                      "f4_scalar.npy": np.float32(1.5), "f4_fortran.npy": np.asfortranarray(np.ones((2, 2), "<f4")),
                      "f4_1x0.npy": np.zeros((1, 0), "<f4")}.items():
        path = os.path.join(HERE, "npy", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        np.save(path, arr)


if __name__ == "__main__":
    main()
