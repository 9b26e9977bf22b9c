#!/usr/bin/env python3
"""Writes the bad-input corpus (python3 make.py in this folder); expected.tsv holds each file's one-line message."""
import math
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
AUDIO = os.path.join(HERE, "..", "..", "..", "..", "..", "sonic-io", "src", "test", "resources", "audio")


def wav(fmt_tag=1, channels=1, rate=16000, bits=16, frames=800, block_align=None, data=None, fmt_size=16,
        fmt_extra=b"", chunks_before=b"", riff=b"RIFF", form=b"WAVE", data_size=None, skip_fmt=False, skip_data=False):
    """A WAV image from its parts; the samples are a 440 Hz tone unless data is given."""
    ba = block_align if block_align is not None else channels * ((bits + 7) // 8)
    if data is None:
        out = bytearray()
        for i in range(frames):
            v = int(8000 * math.sin(2 * math.pi * 440 * i / rate))
            for _ in range(channels):
                out += struct.pack("<h", v)
        data = bytes(out)
    fmt = struct.pack("<HHIIHH", fmt_tag, channels, rate, rate * ba, ba, bits) + fmt_extra
    fmt = fmt[:fmt_size] if fmt_size < len(fmt) else fmt
    body = form + chunks_before
    if not skip_fmt:
        body += b"fmt " + struct.pack("<I", fmt_size) + fmt + (b"\0" if fmt_size & 1 else b"")
    if not skip_data:
        body += b"data" + struct.pack("<I", len(data) if data_size is None else data_size) + data
    return riff + struct.pack("<I", len(body)) + body


def floats(values):
    return b"".join(struct.pack("<f", v) for v in values)


def extensible(guid_tail):
    sub = struct.pack("<H", 1) + guid_tail
    return struct.pack("<HHI", 22, 16, 4) + sub


GOOD_GUID = bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])


def main():
    rnd = random.Random(11)
    flac = open(os.path.join(AUDIO, "tone440_22k_16bit_mono.flac"), "rb").read()
    mp3 = open(os.path.join(AUDIO, "mp3-align", "cbr_44k_stereo_notag.mp3"), "rb").read()
    mp3_tag = open(os.path.join(AUDIO, "mp3-align", "cbr_44k_stereo_tag.mp3"), "rb").read()
    files = {
        # WAV
        "wav_empty.wav": b"",
        "wav_header_only.wav": wav(data=b""),
        "wav_eleven_bytes.wav": wav()[:11],
        "wav_cut_in_fmt.wav": wav()[:30],
        "wav_riff_not_wave.wav": wav(form=b"AVI "),
        "wav_rifx.wav": wav(riff=b"RIFX"),
        "wav_no_fmt.wav": wav(skip_fmt=True),
        "wav_no_data.wav": wav(skip_data=True),
        "wav_data_truncated.wav": wav()[:600],
        "wav_zero_channels.wav": wav(channels=0, block_align=2),
        "wav_rate_5hz.wav": wav(rate=5),
        "wav_rate_10mhz.wav": wav(rate=10_000_000),
        "wav_ms_adpcm.wav": wav(fmt_tag=2, bits=4, block_align=256, data=bytes(512)),
        "wav_mp3_in_wav.wav": wav(fmt_tag=0x55, bits=0, block_align=1, data=bytes(400)),
        "wav_pcm_40bit.wav": wav(bits=40, block_align=5, data=bytes(500)),
        "wav_float_16bit.wav": wav(fmt_tag=3, bits=16),
        "wav_float_nan.wav": wav(fmt_tag=3, bits=32, data=floats([0.1] * 100 + [float("nan")] + [0.1] * 99)),
        "wav_float_inf.wav": wav(fmt_tag=3, bits=32, data=floats([0.1] * 50 + [float("inf")] + [0.1] * 49)),
        "wav_block_align_wrong.wav": wav(block_align=3),
        "wav_extensible_bad_guid.wav": wav(fmt_tag=0xFFFE, fmt_size=40, fmt_extra=extensible(bytes(14))),
        "wav_extensible_short_fmt.wav": wav(fmt_tag=0xFFFE, fmt_size=18, fmt_extra=struct.pack("<H", 0)),
        "wav_fmt_14_bytes.wav": wav(fmt_size=14),
        "wav_half_a_frame.wav": wav(channels=2, data=bytes(3)),
        "wav_chunk_past_end.wav": wav(chunks_before=b"LIST" + struct.pack("<I", 100000) + b"abcd", skip_fmt=False)[:80],
        # not audio at all
        "text.wav": b"This is not audio, it is a text file.\n" * 3,
        "png.wav": b"\x89PNG\r\n\x1a\n" + bytes(60),
        "jpeg.wav": b"\xff\xd8\xff\xe0" + bytes(60),
        "pdf.wav": b"%PDF-1.7\n" + bytes(60),
        "zip.wav": b"PK\x03\x04" + bytes(60),
        "ogg.wav": b"OggS" + bytes(60),
        "m4a.wav": b"\x00\x00\x00\x20ftypM4A " + bytes(60),
        "npy.wav": b"\x93NUMPY\x01\x00" + bytes(60),
        "zeros.wav": bytes(1000),
        "random.wav": bytes(rnd.getrandbits(8) | 0x01 for _ in range(2000)),
        # FLAC
        "flac_magic_only.flac": b"fLaC",
        "flac_cut_in_streaminfo.flac": flac[:20],
        "flac_crc_error.flac": flac[:12000] + bytes([flac[12000] ^ 0x5A]) + flac[12001:],  # inside the third frame
        "flac_cut_in_half.flac": flac[: len(flac) // 2],  # inside its 8 KiB padding block
        "flac_cut_in_frames.flac": flac[:12500],  # the frames start at byte 8304
        "flac_rate_zero.flac": flac[:18] + bytes([0, 0, flac[20] & 0x0F]) + flac[21:],
        "flac_no_frames.flac": flac[:42],
        # MP3
        "mp3_cut_in_half.mp3": mp3[: len(mp3) // 2 + 100],  # frames end at 5851, so mid-frame
        "mp3_garbage_after_first_frame.mp3": mp3[:417] + bytes((i * 31 + 7) & 0xFF for i in range(417, len(mp3))),
        "mp3_garbage_in_the_middle.mp3": mp3[:4170] + b"GARBAGE!" * 8 + mp3[4170:],
        "mp3_free_format.mp3": b"\xff\xfb\x00\x44" + bytes(400),
        "mp3_id3_only.mp3": b"ID3\x04\x00\x00\x00\x00\x00\x0a" + bytes(10),
        "mp3_id3_past_end.mp3": b"ID3\x04\x00\x00\x00\x00\x7f\x7f" + bytes(100),
        "mp3_tag_frame_only.mp3": mp3_tag[:417],
        "mp3_ends_in_a_header.mp3": mp3[:1253 + 2],  # the fourth frame starts at byte 1253
    }
    for name, data in files.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
