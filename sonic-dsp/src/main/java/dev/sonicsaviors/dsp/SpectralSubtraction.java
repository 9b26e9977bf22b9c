package dev.sonicsaviors.dsp;

/**
 * Power spectral subtraction (Berouti, Schwartz and Makhoul, ICASSP 1979): with the noise power {@code N_k} estimated as the
 * mean of the quietest frames, the clean power is {@code |Y|^2 - alpha N_k}, kept at least {@code beta |Y|^2}; the
 * result is returned as a gain on the noisy magnitude, {@code sqrt(max(1 - alpha N_k / |Y|^2, beta))}, in
 * {@code [sqrt(beta), 1]}. Immutable and thread-safe.
 */
public final class SpectralSubtraction {

    private final double overSubtraction;
    private final double spectralFloor;
    private final double quietFraction;

    /**
     * Creates a subtractor with over-subtraction factor {@code overSubtraction} (>= 0, typically 1..4), spectral floor
     * {@code spectralFloor} (a power ratio in (0, 1]; the gain floor is its square root) and the fraction of quietest frames
     * {@code quietFraction} (0..1] that the noise estimate averages.
     */
    public SpectralSubtraction(double overSubtraction, double spectralFloor, double quietFraction) {
        if (!(overSubtraction >= 0) || Double.isInfinite(overSubtraction)) {
            throw new IllegalArgumentException("overSubtraction must be finite and >= 0: " + overSubtraction);
        }
        if (!(spectralFloor > 0 && spectralFloor <= 1)) {
            throw new IllegalArgumentException("spectralFloor must be in (0, 1]: " + spectralFloor);
        }
        if (!(quietFraction > 0 && quietFraction <= 1)) {
            throw new IllegalArgumentException("quietFraction must be in (0, 1]: " + quietFraction);
        }
        this.overSubtraction = overSubtraction;
        this.spectralFloor = spectralFloor;
        this.quietFraction = quietFraction;
    }

    /** Returns the defaults: over-subtraction 2, spectral floor 0.01 (gain floor 0.1, -20 dB), noise from the quietest 10 % of frames. */
    public static SpectralSubtraction defaults() {
        return new SpectralSubtraction(2.0, 0.01, 0.1);
    }

    /** Returns the gain floor {@code sqrt(spectralFloor)}, the smallest gain this subtractor returns. */
    public double gainFloor() {
        return Math.sqrt(spectralFloor);
    }

    /** Returns the magnitude gain {@code [bin][frame]} in {@code [gainFloor(), 1]} for the noisy STFT {@code noisy} ({@code [bin][frame]}). */
    public float[][] gains(ComplexSpectrogram noisy) {
        float[][] p = NoiseEstimate.power(noisy);
        double[] noise = NoiseEstimate.quietestFrames(p, quietFraction);
        float floor = (float) gainFloor();
        for (int k = 0; k < p.length; k++) {
            float[] row = p[k];
            double an = overSubtraction * noise[k];
            for (int t = 0; t < row.length; t++) {
                double y = row[t];
                double g2 = y > 0 ? 1 - an / y : 1;
                row[t] = g2 <= spectralFloor ? floor : (float) Math.min(1.0, Math.sqrt(g2));
            }
        }
        return p;
    }
}
