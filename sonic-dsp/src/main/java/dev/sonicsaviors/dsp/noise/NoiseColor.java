package dev.sonicsaviors.dsp.noise;

/** Spectral colour of a synthetic noise: power density proportional to {@code 1/f^exponent}. */
public enum NoiseColor {
    /** Flat power spectrum (0 dB/octave). */
    WHITE(0.0),
    /** Power falling as 1/f (-3 dB/octave). */
    PINK(1.0),
    /** Power falling as 1/f^2 (-6 dB/octave), also called red or Brownian noise. */
    BROWN(2.0);

    private final double exponent;

    NoiseColor(double exponent) {
        this.exponent = exponent;
    }

    /** Returns the exponent {@code a} of the power spectral density {@code 1/f^a} (0, 1 or 2). */
    public double exponent() {
        return exponent;
    }
}
