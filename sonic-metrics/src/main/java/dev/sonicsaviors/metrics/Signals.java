package dev.sonicsaviors.metrics;

/** Package-private helpers shared by the metrics: argument checks and truncation to a common length. */
final class Signals {
    private Signals() {}

    /** Returns the common length (samples) of two signals after checking that neither is null. */
    static int commonLength(float[] clean, float[] degraded) {
        if (clean == null || degraded == null) {
            throw new IllegalArgumentException("signals must not be null");
        }
        return Math.min(clean.length, degraded.length);
    }

    /** Checks that a sample rate (Hz) is positive. */
    static void checkRate(int sampleRate) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate + " Hz");
        }
    }

    /** Copies the first {@code n} samples of {@code x} into a new double array. */
    static double[] toDouble(float[] x, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = x[i];
        }
        return d;
    }
}
