package dev.sonicsaviors.dsp.noise;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Makes more noise out of few recordings for training: each segment is cut from a random recording at a random offset
 * (looped), optionally played faster or slower (speed factor, linear interpolation), coloured by a random equaliser (a low
 * shelf at 300 Hz, a high shelf at 3 kHz and a peaking band, RBJ biquads) and summed with a second recording.
 *
 * @param speedProbability chance of a speed change, in [0, 1]
 * @param maxSpeedRatio largest speed factor (> 1); the factor is log-uniform in [1 / this, this]
 * @param eqProbability chance of a random equaliser, in [0, 1]
 * @param eqMaxGainDb largest gain of each equaliser band, in dB (>= 0); gains are uniform in +-this
 * @param secondNoiseProbability chance of adding a second recording, in [0, 1]
 * @param secondNoiseMinDb lowest level of the second recording relative to the first, in dB (<= 0); uniform up to 0 dB
 */
public record NoiseAugmentation(double speedProbability, double maxSpeedRatio, double eqProbability, double eqMaxGainDb,
                                double secondNoiseProbability, double secondNoiseMinDb) {

    /** Validates the probabilities (in [0, 1]), the speed ratio (>= 1), the equaliser gain (>= 0) and the second noise level (<= 0). */
    public NoiseAugmentation {
        if (!(speedProbability >= 0 && speedProbability <= 1) || !(eqProbability >= 0 && eqProbability <= 1)
                || !(secondNoiseProbability >= 0 && secondNoiseProbability <= 1) || !(maxSpeedRatio >= 1) || !(eqMaxGainDb >= 0)
                || !(secondNoiseMinDb <= 0) || Double.isInfinite(maxSpeedRatio + eqMaxGainDb + secondNoiseMinDb)) {
            throw new IllegalArgumentException("bad noise augmentation: " + this);
        }
    }

    /** Returns no augmentation: a plain looped cut of one recording, drawing exactly two random numbers (file, offset). */
    public static NoiseAugmentation none() {
        return new NoiseAugmentation(0, 1, 0, 0, 0, 0);
    }

    /** Returns the training default: speed 0.8-1.25 half the time, a +-9 dB equaliser half the time, a second noise 30 % of the time at -10..0 dB. */
    public static NoiseAugmentation defaults() {
        return new NoiseAugmentation(0.5, 1.25, 0.5, 9, 0.3, -10);
    }

    /** Returns true when no augmentation is ever applied. */
    public boolean isNone() {
        return speedProbability == 0 && eqProbability == 0 && secondNoiseProbability == 0;
    }

    /**
     * A noise segment and the recording it mainly came from.
     *
     * @param samples the noise, {@code length} samples (unscaled; the caller sets the SNR)
     * @param recording index of the first (main) recording in the list
     */
    public record Segment(float[] samples, int recording) {
    }

    /** Draws a {@code length}-sample segment from {@code recordings} (sampled at {@code sampleRate} Hz) with the random source {@code r}. */
    public Segment draw(List<float[]> recordings, SplittableRandom r, int length, int sampleRate) {
        return draw(recordings, r.nextInt(recordings.size()), r, length, sampleRate);
    }

    /**
     * Same as {@link #draw(List, SplittableRandom, int, int)} with the main recording chosen by the caller: index {@code first} of
     * {@code recordings} (the second noise, when drawn, is still any other recording with equal probability).
     */
    public Segment draw(List<float[]> recordings, int first, SplittableRandom r, int length, int sampleRate) {
        if (first < 0 || first >= recordings.size()) {
            throw new IndexOutOfBoundsException("recording " + first + " of " + recordings.size());
        }
        float[] out = cut(recordings.get(first), r, length);
        if (isNone()) {
            return new Segment(out, first);
        }
        if (r.nextDouble() < secondNoiseProbability && recordings.size() > 1) {
            int other = r.nextInt(recordings.size() - 1);
            float[] second = cut(recordings.get(other >= first ? other + 1 : other), r, length);
            double p1 = meanSquare(out);
            double p2 = meanSquare(second);
            if (p1 > 1e-12 && p2 > 1e-12) {
                double g = Math.sqrt(p1 / p2) * Math.pow(10, secondNoiseMinDb * r.nextDouble() / 20);
                for (int i = 0; i < length; i++) {
                    out[i] += (float) (g * second[i]);
                }
            }
        }
        if (r.nextDouble() < eqProbability) {
            double low = eqMaxGainDb * (2 * r.nextDouble() - 1);
            double high = eqMaxGainDb * (2 * r.nextDouble() - 1);
            double peakHz = Math.exp(r.nextDouble(Math.log(150), Math.log(6000)));
            double peakDb = eqMaxGainDb * (2 * r.nextDouble() - 1);
            equalise(out, sampleRate, low, high, peakHz, peakDb, r.nextDouble(0.5, 2.0));
        }
        return new Segment(out, first);
    }

    /** Cuts {@code length} samples from {@code src} at a random offset, looping, at a random speed when drawn. */
    private float[] cut(float[] src, SplittableRandom r, int length) {
        int off = r.nextInt(src.length);
        double speed = 1;
        if (speedProbability > 0 && r.nextDouble() < speedProbability) {
            speed = Math.exp(Math.log(maxSpeedRatio) * (2 * r.nextDouble() - 1));
        }
        float[] out = new float[length];
        if (speed == 1) {
            for (int i = 0; i < length; i++) {
                out[i] = src[(int) ((off + (long) i) % src.length)];
            }
            return out;
        }
        for (int i = 0; i < length; i++) {
            double pos = off + i * speed;
            long k = (long) Math.floor(pos);
            double frac = pos - k;
            float a = src[(int) (k % src.length)];
            float b = src[(int) ((k + 1) % src.length)];
            out[i] = (float) (a + frac * (b - a));
        }
        return out;
    }

    /**
     * Filters {@code x} in place through a low shelf at 300 Hz ({@code lowDb}), a high shelf at 3 kHz ({@code highDb}) and a
     * peaking band at {@code peakHz} ({@code peakDb}, quality {@code q}), RBJ cookbook biquads at {@code sampleRate} Hz.
     */
    public static void equalise(float[] x, int sampleRate, double lowDb, double highDb, double peakHz, double peakDb, double q) {
        biquad(x, shelf(sampleRate, 300, lowDb, false));
        biquad(x, shelf(sampleRate, Math.min(3000, 0.45 * sampleRate), highDb, true));
        biquad(x, peaking(sampleRate, Math.min(peakHz, 0.45 * sampleRate), peakDb, q));
    }

    /** Returns normalised biquad coefficients {b0, b1, b2, a1, a2} of a shelf (slope 1) at {@code f0} Hz with {@code gainDb}. */
    private static double[] shelf(int rate, double f0, double gainDb, boolean high) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * f0 / rate;
        double cos = Math.cos(w);
        double alpha = Math.sin(w) / 2 * Math.sqrt(2);
        double sq = 2 * Math.sqrt(a) * alpha;
        double s = high ? -1 : 1;
        double b0 = a * ((a + 1) - s * (a - 1) * cos + sq);
        double b1 = s * 2 * a * ((a - 1) - s * (a + 1) * cos);
        double b2 = a * ((a + 1) - s * (a - 1) * cos - sq);
        double a0 = (a + 1) + s * (a - 1) * cos + sq;
        double a1 = -s * 2 * ((a - 1) + s * (a + 1) * cos);
        double a2 = (a + 1) + s * (a - 1) * cos - sq;
        return new double[] {b0 / a0, b1 / a0, b2 / a0, a1 / a0, a2 / a0};
    }

    /** Returns normalised biquad coefficients of a peaking band at {@code f0} Hz with {@code gainDb} and quality {@code q}. */
    private static double[] peaking(int rate, double f0, double gainDb, double q) {
        double a = Math.pow(10, gainDb / 40);
        double w = 2 * Math.PI * f0 / rate;
        double alpha = Math.sin(w) / (2 * q);
        double cos = Math.cos(w);
        double a0 = 1 + alpha / a;
        return new double[] {(1 + alpha * a) / a0, -2 * cos / a0, (1 - alpha * a) / a0, -2 * cos / a0, (1 - alpha / a) / a0};
    }

    /** Runs {@code x} through the biquad {@code c} (direct form I) in place. */
    static void biquad(float[] x, double[] c) {
        double x1 = 0;
        double x2 = 0;
        double y1 = 0;
        double y2 = 0;
        for (int i = 0; i < x.length; i++) {
            double in = x[i];
            double y = c[0] * in + c[1] * x1 + c[2] * x2 - c[3] * y1 - c[4] * y2;
            x2 = x1;
            x1 = in;
            y2 = y1;
            y1 = y;
            x[i] = (float) y;
        }
    }

    /** Returns the mean square of {@code x} (0 for an empty array). */
    static double meanSquare(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return s / Math.max(1, x.length);
    }
}
