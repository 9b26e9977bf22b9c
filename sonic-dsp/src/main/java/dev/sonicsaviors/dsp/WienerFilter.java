package dev.sonicsaviors.dsp;

/**
 * Wiener filter with the decision-directed a-priori SNR estimate of Ephraim and Malah (IEEE TASSP 1984): for each bin,
 * {@code xi_t = alpha |S_{t-1}|^2 / lambda_{t-1} + (1 - alpha) max(gamma_t - 1, 0)} with the a-posteriori SNR
 * {@code gamma_t = |Y_t|^2 / lambda_t}, kept at least {@code xiMin}, and gain {@code xi / (1 + xi)} clamped to
 * {@code [gainFloor, 1]}; the noise power {@code lambda} comes from {@link NoiseEstimate#minimumStatistics}. Immutable and
 * thread-safe.
 */
public final class WienerFilter {
    /** Smoothing constant of the power before the minimum search. */
    private static final double NOISE_SMOOTHING = 0.85;
    /**
     * Bias factor of the minimum of the smoothed power, measured on white Gaussian noise (Hann frames with 75 % overlap,
     * smoothing 0.85, a window of 1.5 s of hops of 128 samples at 22,050 Hz): the minimum is about 0.38 of the mean.
     */
    private static final double NOISE_BIAS = 2.65;

    private final double alpha;
    private final double gainFloor;
    private final double xiMin;
    private final int noiseWindow;

    /**
     * Creates a filter with decision-directed weight {@code alpha} (0..1, 0.98 typical), gain floor {@code gainFloor}
     * (0..1], a-priori SNR floor {@code xiMin} (a power ratio > 0) and a minimum-statistics window of {@code noiseWindow} frames.
     */
    public WienerFilter(double alpha, double gainFloor, double xiMin, int noiseWindow) {
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1): " + alpha);
        }
        if (!(gainFloor > 0 && gainFloor <= 1)) {
            throw new IllegalArgumentException("gainFloor must be in (0, 1]: " + gainFloor);
        }
        if (!(xiMin > 0) || Double.isInfinite(xiMin)) {
            throw new IllegalArgumentException("xiMin must be finite and > 0: " + xiMin);
        }
        if (noiseWindow < 1) {
            throw new IllegalArgumentException("noiseWindow must be at least one frame: " + noiseWindow);
        }
        this.alpha = alpha;
        this.gainFloor = gainFloor;
        this.xiMin = xiMin;
        this.noiseWindow = noiseWindow;
    }

    /**
     * Returns the defaults for {@code hopSeconds} seconds per frame: alpha 0.98, gain floor 0.1 (-20 dB), xiMin -25 dB and a
     * noise window of 1.5 s.
     */
    public static WienerFilter defaults(double hopSeconds) {
        if (!(hopSeconds > 0) || Double.isInfinite(hopSeconds)) {
            throw new IllegalArgumentException("hopSeconds must be finite and > 0: " + hopSeconds);
        }
        return new WienerFilter(0.98, 0.1, Math.pow(10, -2.5), Math.max(1, (int) Math.round(1.5 / hopSeconds)));
    }

    /** Returns the gain floor, the smallest gain this filter returns. */
    public double gainFloor() {
        return gainFloor;
    }

    /** Returns the magnitude gain {@code [bin][frame]} in {@code [gainFloor(), 1]} for the noisy STFT {@code noisy} ({@code [bin][frame]}). */
    public float[][] gains(ComplexSpectrogram noisy) {
        float[][] p = NoiseEstimate.power(noisy);
        float[][] noise = NoiseEstimate.minimumStatistics(p, noiseWindow, NOISE_SMOOTHING, NOISE_BIAS);
        int nb = p.length;
        int nf = noisy.frames();
        float[][] g = new float[nb][nf];
        double tiny = Float.MIN_NORMAL;
        for (int k = 0; k < nb; k++) {
            double prevCleanSnr = 0; // |S_{t-1}|^2 / lambda_{t-1}
            for (int t = 0; t < nf; t++) {
                double lambda = Math.max(noise[k][t], tiny);
                double gamma = p[k][t] / lambda;
                double ml = Math.max(gamma - 1, 0);
                double xi = t == 0 ? ml : alpha * prevCleanSnr + (1 - alpha) * ml;
                xi = Math.max(xi, xiMin);
                double gain = xi / (1 + xi);
                prevCleanSnr = gain * gain * gamma;
                g[k][t] = (float) Math.max(gainFloor, Math.min(1.0, gain));
            }
        }
        return g;
    }
}
