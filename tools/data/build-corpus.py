#!/usr/bin/env python3
"""Builds the denoiser's training corpus from bare git snapshots of public repositories at pinned commits.

Usage: build-corpus.py SNAPSHOTS_DIR OUT

SNAPSHOTS_DIR holds one bare (or normal) git clone per repository, found as any of
  SNAPSHOTS_DIR/<owner>+<name>/repo, SNAPSHOTS_DIR/<owner>+<name>, SNAPSHOTS_DIR/<name>.git, SNAPSHOTS_DIR/<name>
(`git clone --bare https://github.com/<owner>/<name> SNAPSHOTS_DIR/<name>.git` makes one). Files are read from the
pinned commits below with `git cat-file`, never from a work tree, so the corpus is the same wherever it is built.

OUT receives speech/, noise/ and rir/ (WAV, original rates) and manifest.csv with one row per file:
path, source_repo, commit, original_file, licence, duration_s, speaker_id, kind, orig_sr, note
(the columns of ../shared/data/train/manifest.csv, so `sonic train-denoiser` finds speakers the same way).

Never included (reserved for testing): RAVDESS actors 21-24, VoiceBank/VCTK, LibriSpeech test sets, CMU ARCTIC,
the Moodist test sounds. ESC-50 clips appear in two repositories: each clip is kept once, the 44.1 kHz copy where
there is one, else the 16 kHz one reassembled from its 1 s chunks (silent chunks dropped). ESC-10 (OGG Vorbis) is
a subset of ESC-50 and is not read (the project's decoders read WAV, FLAC and MP3).
Only the standard library is used.
"""
import csv
import hashlib
import io
import os
import re
import struct
import subprocess
import sys
import wave

SOURCES = {
    "speechocean762": ("jimbozhang/speechocean762", "613968e3b0b789fc33936fb5eba1973176ba7d11"),
    "ravdess": ("syildizn/RavdessSounds", "155b30b06ba80b8562543a28aaee53db9852c27e"),
    "sorbian": ("ZalozbaDev/speech_recognition_acoustic_model_training", "e21e48ab7ce1756cfdb62fca2c2ba0fbb64d0ec5"),
    "esc50_16k": ("saraalemadi/DroneAudioDataset", "1f1ffb214c63215c95176dcb70dda246f8ad96c1"),
    "esc50_44k": ("caitlinnguyen0/ESC-50", "7085beb71d02eb515b8bad56ad2a29e8fa0dcd08"),
    "speechdnn": ("speechdnn/Noises", "ea0eae0c5f43435a43ddc5fe72510767e7b04186"),
    "rir": ("burnson/Reverb.js", "8b4c4d6c850fe26ae351a3a60d37996bac7331bb"),
}
RAVDESS_TEST_ACTORS = {21, 22, 23, 24}
SILENT_RMS = 10 ** (-60 / 20)


def find_repo(snapshots, full):
    owner, name = full.split("/")
    for c in (f"{owner}+{name}/repo", f"{owner}+{name}", f"{name}.git", name, f"{owner}/{name}", f"{owner}/{name}.git"):
        p = os.path.join(snapshots, c)
        if os.path.isdir(os.path.join(p, ".git")):
            return os.path.join(p, ".git")
        if os.path.isfile(os.path.join(p, "HEAD")) and os.path.isdir(os.path.join(p, "objects")):
            return p
    return None


class Repo:
    """Reads trees and blobs of one pinned commit."""

    def __init__(self, gitdir, commit):
        self.gitdir, self.commit = gitdir, commit
        self.proc = subprocess.Popen(["git", "--git-dir", gitdir, "cat-file", "--batch"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)

    def ls(self, prefix):
        """Returns (path, blob id, size) under prefix at the pinned commit."""
        out = subprocess.run(["git", "--git-dir", self.gitdir, "ls-tree", "-r", "-l", "-z", self.commit, "--", prefix],
                             check=True, capture_output=True).stdout.decode("utf-8", "replace")
        rows = []
        for rec in out.split("\0"):
            if not rec:
                continue
            meta, path = rec.split("\t", 1)
            mode, kind, oid, size = meta.split()
            if kind == "blob" and size.isdigit():  # a blob the snapshot lacks has no size ("BAD")
                rows.append((path, oid, int(size)))
        return sorted(rows)

    def blob(self, oid):
        """Returns the blob's bytes, or None when the snapshot lacks it (large files may be absent)."""
        self.proc.stdin.write(oid.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)
        return data

    def text(self, path):
        r = subprocess.run(["git", "--git-dir", self.gitdir, "show", f"{self.commit}:{path}"], capture_output=True)
        return r.stdout.decode("utf-8", "replace") if r.returncode == 0 else None


def wav_info(data):
    """Returns (rate, channels, bits, frames) of a RIFF/WAVE byte string, or None if it is not one."""
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    pos, fmt, frames = 12, None, None
    while pos + 8 <= len(data):
        cid, size = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if cid == b"fmt ":
            tag, ch, rate, _, align, bits = struct.unpack("<HHIIHH", data[pos + 8:pos + 24])
            fmt = (rate, ch, bits, align)
        elif cid == b"data" and fmt:
            frames = min(size, len(data) - pos - 8) // max(1, fmt[3])
            break
        pos += 8 + size + (size & 1)
    if not fmt or frames is None:
        return None
    return fmt[0], fmt[1], fmt[2], frames


def pcm16_rms(data):
    """RMS of a 16-bit PCM WAV in full scale (1.0), or None when it is not 16-bit PCM."""
    try:
        with wave.open(io.BytesIO(data)) as w:
            if w.getsampwidth() != 2:
                return None
            raw = w.readframes(w.getnframes())
    except (wave.Error, EOFError):
        return None
    n = len(raw) // 2
    if n == 0:
        return 0.0
    s = struct.unpack(f"<{n}h", raw[:2 * n])
    return (sum(v * v for v in s) / n) ** 0.5 / 32768.0


class Writer:
    def __init__(self, out):
        self.out, self.rows, self.seen = out, [], set()

    def add(self, rel, data, src, original, licence, speaker, kind, note=""):
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen:
            return False
        info = wav_info(data)
        if info is None or info[3] == 0:
            print(f"skip {src[0]}:{original}: not a readable WAV", file=sys.stderr)
            return False
        self.seen.add(digest)
        path = os.path.join(self.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".part"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        rate, ch, bits, frames = info
        self.rows.append([rel, src[0], src[1], original, licence, f"{frames / rate:.6f}", speaker, kind, rate, note])
        return True


def speech_speechocean(repo, w, src):
    listed = []
    for part in ("train", "test"):
        scp = repo.text(f"{part}/wav.scp") or ""
        listed += [line.split()[1] for line in scp.splitlines() if len(line.split()) == 2]
    listed = set(listed)
    for path, oid, _ in repo.ls("WAVE"):
        if path not in listed:
            continue
        spk = path.split("/")[1]
        data = repo.blob(oid)
        if data:
            w.add(f"speech/speechocean762/so762_{spk}_{os.path.basename(path)[:-4]}.wav", data, src, path,
                  "free for commercial and non-commercial use (speechocean762 README)", f"so762-{spk}", "speech_speechocean762_16k")


def speech_ravdess(repo, w, src):
    pat = re.compile(r"RavdessDataSet/Actor_(\d\d)/((?:\d\d-){6}\d\d)\.wav$")
    for path, oid, _ in repo.ls("RavdessDataSet"):
        m = pat.match(path)
        if not m or int(m.group(1)) in RAVDESS_TEST_ACTORS:
            continue
        data = repo.blob(oid)
        if data:
            w.add(f"speech/ravdess/ravdess_{m.group(2)}.wav", data, src, path, "CC BY-NC-SA 4.0 (non-commercial)",
                  f"ravdess-{m.group(1)}", "speech_ravdess_48k")


def speech_sorbian(repo, w, src):
    base = "step3_model_training_kaldi/inputs/sig/"
    for path, oid, _ in repo.ls(base):
        if not path.lower().endswith(".wav"):
            continue
        parts = path[len(base):].split("/")
        spk = "-".join(parts[:-1]).lower()
        data = repo.blob(oid)
        if data:
            w.add(f"speech/sorbian/hsb_{'_'.join(parts[:-1])}_{parts[-1][:-4]}.wav", data, src, path, "MIT",
                  f"hsb-{spk}", "speech_sorbian_16k", "Upper Sorbian")


def noise_esc(r44, r16, w, s44, s16):
    have44 = set()
    for path, oid, _ in r44.ls("audio"):
        if not path.endswith(".wav"):
            continue
        clip = os.path.basename(path)[:-4]
        data = r44.blob(oid)
        if data and w.add(f"noise/esc50/esc50_{clip}.wav", data, s44, path, "CC BY-NC 3.0 (ESC-50, non-commercial)",
                          "", "noise_esc50_44k", f"ESC-50 class {clip.split('-')[-1]}"):
            have44.add(clip.rsplit("-", 1)[0])  # fold-source-take; the 16 kHz chunks are named without the class
    chunks = {}
    pat = re.compile(r"Multiclass_Drone_Audio/unknown/(\d+-\d+-[A-Z])-(\d+)\.wav$")
    for path, oid, _ in r16.ls("Multiclass_Drone_Audio/unknown"):
        m = pat.match(path)
        if m and m.group(1) not in have44:
            chunks.setdefault(m.group(1), []).append((int(m.group(2)), path, oid))
    for clip in sorted(chunks):
        params, frames, used = None, [], []
        for _, path, oid in sorted(chunks[clip]):
            data = r16.blob(oid)
            if not data:
                continue
            rms = pcm16_rms(data)
            if rms is None or rms < SILENT_RMS:
                continue
            with wave.open(io.BytesIO(data)) as cw:
                p = (cw.getnchannels(), cw.getsampwidth(), cw.getframerate())
                if params is None:
                    params = p
                if p != params:
                    continue
                frames.append(cw.readframes(cw.getnframes()))
                used.append(path)
        if not frames:
            continue
        buf = io.BytesIO()
        with wave.open(buf, "wb") as ow:
            ow.setnchannels(params[0])
            ow.setsampwidth(params[1])
            ow.setframerate(params[2])
            ow.writeframes(b"".join(frames))
        w.add(f"noise/esc50/esc50_{clip}.wav", buf.getvalue(), s16, "+".join(used), "CC BY-NC 3.0 (ESC-50, non-commercial)",
              "", "noise_esc50_16k", f"{len(used)} non-silent 1 s chunks joined")


def noise_speechdnn(repo, w, src):
    for path, oid, _ in repo.ls("Nonspeech"):
        if path.lower().endswith(".wav"):
            data = repo.blob(oid)
            if data:
                w.add(f"noise/speechdnn/speechdnn_{os.path.basename(path)}", data, src, path, "research or study use, not commercial",
                      "", "noise_nonspeech_20k")


def rirs(repo, w, src):
    for path, oid, _ in repo.ls("Library"):
        if not path.endswith(".wav"):
            continue
        attribution = repo.text(path[:-4] + ".attribution.txt") or ""
        lic = next((l.strip() for l in attribution.splitlines() if re.search(r"licen|creative commons|public domain", l, re.I)),
                   "OpenAIR; see the attribution file")
        data = repo.blob(oid)
        if data:
            w.add(f"rir/{os.path.basename(path)}", data, src, path, lic.replace(",", ";")[:200], "", "rir_openair_44k")


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    snapshots, out = sys.argv[1], sys.argv[2]
    repos = {}
    for key, (full, commit) in SOURCES.items():
        gitdir = find_repo(snapshots, full)
        if gitdir is None:
            print(f"build-corpus: {full}: no clone under {snapshots} (git clone --bare https://github.com/{full} {snapshots}/{full.split('/')[1]}.git)",
                  file=sys.stderr)
            return 1
        if subprocess.run(["git", "--git-dir", gitdir, "cat-file", "-e", commit + "^{commit}"], capture_output=True).returncode:
            print(f"build-corpus: {full}: commit {commit} not in {gitdir}", file=sys.stderr)
            return 1
        repos[key] = Repo(gitdir, commit)
    os.makedirs(out, exist_ok=True)
    w = Writer(out)
    src = {k: v for k, v in SOURCES.items()}
    for step, fn in (("speechocean762", lambda: speech_speechocean(repos["speechocean762"], w, src["speechocean762"])),
                     ("ravdess", lambda: speech_ravdess(repos["ravdess"], w, src["ravdess"])),
                     ("sorbian", lambda: speech_sorbian(repos["sorbian"], w, src["sorbian"])),
                     ("esc50", lambda: noise_esc(repos["esc50_44k"], repos["esc50_16k"], w, src["esc50_44k"], src["esc50_16k"])),
                     ("speechdnn", lambda: noise_speechdnn(repos["speechdnn"], w, src["speechdnn"])),
                     ("rir", lambda: rirs(repos["rir"], w, src["rir"]))):
        before = len(w.rows)
        fn()
        secs = sum(float(r[5]) for r in w.rows[before:])
        print(f"{step}: {len(w.rows) - before} files, {secs / 3600:.2f} h", file=sys.stderr)
    w.rows.sort()
    tmp = os.path.join(out, "manifest.csv.part")
    with open(tmp, "w", newline="") as f:
        c = csv.writer(f)
        c.writerow(["path", "source_repo", "commit", "original_file", "licence", "duration_s", "speaker_id", "kind", "orig_sr", "note"])
        c.writerows(w.rows)
    os.replace(tmp, os.path.join(out, "manifest.csv"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
