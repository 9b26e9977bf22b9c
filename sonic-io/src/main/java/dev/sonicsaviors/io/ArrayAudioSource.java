package dev.sonicsaviors.io;

/** An {@link AudioSource} over decoded audio in memory. */
final class ArrayAudioSource implements AudioSource {
    private final AudioData audio;

    ArrayAudioSource(AudioData audio) {
        this.audio = audio;
    }

    @Override
    public int channelCount() {
        return audio.channelCount();
    }

    @Override
    public int sampleRate() {
        return audio.sampleRate();
    }

    @Override
    public long frames() {
        return audio.frames();
    }

    @Override
    public int bitsPerSample() {
        return audio.bitsPerSample();
    }

    @Override
    public String codec() {
        return audio.codec();
    }

    @Override
    public void read(long offset, float[][] dest, int destOffset, int n) {
        Reads.check(channelCount(), dest, destOffset, n);
        long frames = frames();
        long lo = Math.max(0, Math.min(frames, offset));
        long hi = Math.max(lo, Math.min(frames, offset + n));
        for (int c = 0; c < dest.length; c++) {
            float[] d = dest[c];
            if (d == null) {
                continue;
            }
            Reads.zeroOutside(d, destOffset, n, offset, lo, hi);
            if (hi > lo) {
                System.arraycopy(audio.channels()[c], (int) lo, d, destOffset + (int) (lo - offset), (int) (hi - lo));
            }
        }
    }

    @Override
    public void close() {
        // nothing to release: the samples belong to the AudioData
    }
}
