package dev.sonicsaviors.pipeline;

import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;


/** Synthetic test audio: speech-like signals written as 16-bit WAV. */
public final class TestAudio {

    private TestAudio() {
    }

    /** Writes a 16-bit mono WAV with the project's writer. */
    public static void writeWav(Path file, float[] x, int rate) throws IOException {
        WavWriter.write(file, x, rate);
    }

    /** Writes a 16-bit multichannel WAV ([channel][sample]) with the project's writer. */
    public static void writeWav(Path file, float[][] channels, int rate) throws IOException {
        WavWriter.write(file, channels, rate, 16);
    }

    /** A speech-like test signal: harmonic tone with a syllable envelope plus a little noise. */
    public static float[] voice(int n, double f0, long seed, int rate) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            double v = 0;
            for (int h = 1; h <= 5; h++) {
                v += Math.sin(2 * Math.PI * f0 * h * t) / h;
            }
            x[i] = (float) (0.2 * env * v + 0.005 * r.nextGaussian());
        }
        return x;
    }
}
