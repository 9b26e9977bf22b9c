package dev.sonicsaviors.web;

import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Generated test audio: a voiced-speech-like harmonic tone with syllable-rate bursts plus seeded white noise. */
final class TestAudio {
    private TestAudio() {
    }

    /** Returns {@code seconds} of noisy pseudo-speech at {@code rate} Hz, mono, in [-1, 1]. */
    static float[] noisySpeech(double seconds, int rate, long seed) {
        int n = (int) Math.round(seconds * rate);
        float[] x = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            double t = i / (double) rate;
            double f0 = 140 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
            double env = Math.max(0, Math.sin(2 * Math.PI * 2.5 * t));
            double v = 0;
            for (int h = 1; h <= 12; h++) {
                v += Math.sin(2 * Math.PI * h * f0 * t) / h;
            }
            x[i] = (float) (0.25 * env * v + 0.05 * rnd.nextGaussian());
        }
        return x;
    }

    /** Returns the bytes of a 16-bit WAV holding {@link #noisySpeech}. */
    static byte[] wav(double seconds, int rate, long seed, Path dir) throws IOException {
        Path f = dir.resolve("gen-" + seed + "-" + seconds + ".wav");
        WavWriter.write(f, noisySpeech(seconds, rate, seed), rate);
        return Files.readAllBytes(f);
    }
}
