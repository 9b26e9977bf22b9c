#!/usr/bin/env python3
"""Makes the MP3 alignment fixtures: python3 make.py (needs LAME 3.100 on the PATH). See README.md."""
import math
import os
import struct
import subprocess
import wave


def source(rate, seconds, channels):
    """The test signal, as Mp3AlignmentTest.source computes it: 16-bit chirps (left up, right down) under an envelope."""
    n = int(rate * seconds)
    top = 0.4 * rate / 2
    out = []
    for i in range(n):
        t = i / rate
        env = 0.3 + 0.2 * math.sin(2 * math.pi * 3 * t)
        frame = []
        for c in range(channels):
            f0, f1 = (100.0, top) if c == 0 else (top, 100.0)
            phase = 2 * math.pi * (f0 * t + (f1 - f0) * t * t / (2 * seconds))
            frame.append(max(-32768, min(32767, round(32767 * env * math.sin(phase)))))
        out.append(frame)
    return out


def write_wav(path, rate, frames):
    with wave.open(path, "wb") as w:
        w.setnchannels(len(frames[0]))
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<" + "h" * len(f), *f) for f in frames))


CASES = [
    # name, rate, channels, LAME options
    ("cbr_44k_stereo_tag", 44100, 2, ["-b", "128", "-m", "j"]),
    ("cbr_44k_stereo_notag", 44100, 2, ["-b", "128", "-m", "j", "-t"]),
    ("vbr_44k_stereo_tag", 44100, 2, ["-V", "4"]),
    ("vbr_44k_mono_notag", 44100, 1, ["-V", "5", "-t"]),
    ("cbr_22k_mono_mpeg2_tag", 22050, 1, ["-b", "64"]),
    ("vbr_16k_stereo_mpeg2_tag", 16000, 2, ["-V", "6"]),
    ("cbr_8k_mono_mpeg25_tag", 8000, 1, ["-b", "48"]),
    ("cbr_11k_mono_mpeg25_notag", 11025, 1, ["-b", "16", "-t"]),
]

if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    for name, rate, channels, opts in CASES:
        wav = os.path.join(here, name + ".wav")
        write_wav(wav, rate, source(rate, 0.7, channels))
        subprocess.run(["lame", "--quiet", "--noreplaygain", "--resample", str(rate / 1000)] + opts
                       + [wav, os.path.join(here, name + ".mp3")], check=True)
        os.remove(wav)
