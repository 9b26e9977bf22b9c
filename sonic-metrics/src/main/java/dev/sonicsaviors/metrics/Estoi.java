package dev.sonicsaviors.metrics;

/**
 * Extended short-time objective intelligibility (Jensen and Taal 2016), as pystoi 0.4.1 computes it with
 * {@code extended=True}; see {@link Stoi} for the shared front end.
 */
public final class Estoi {
    private Estoi() {}

    /** Returns the ESTOI score (about 0..1) of {@code degraded} against {@code clean}, both at {@code sampleRate} Hz. */
    public static double compute(float[] clean, float[] degraded, int sampleRate) {
        return Stoi.compute(clean, degraded, sampleRate, true);
    }
}
