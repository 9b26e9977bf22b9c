package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.FastPower;
import dev.sonicsaviors.model.MaskNet;
import java.util.SplittableRandom;

/**
 * The STFT layout and input features of the learned mask models ({@link MaskNet}): 22,050 Hz, n_fft 512, hop 256, centred
 * periodic Hann ({@link dev.sonicsaviors.dsp.Stft}); the spectrogram is scaled so that its mean power per bin and frame is 1
 * (per-utterance level normalisation) and its magnitude compressed to the power 0.3.
 */
public final class MaskFeatures {

    /** Sample rate in Hz. */
    public static final int RATE = 22050;
    /** STFT frame size in samples. */
    public static final int N_FFT = 512;
    /** STFT hop in samples. */
    public static final int HOP = 256;
    /** STFT bins ({@code N_FFT / 2 + 1}). */
    public static final int BINS = N_FFT / 2 + 1;

    /**
     * Mean power of the floor {@link #compressedWithFloor} puts into bins that hold nothing, relative to the normalised mean
     * power per bin of 1: -50 dB.
     */
    public static final double EMPTY_BAND_FLOOR = 1e-5;

    private static final double MAX_SCALE = 1e6;
    /** (scale |X|)^0.3 = (scale^2 |X|^2)^0.15: one power of the power, no square root. */
    private static final FastPower HALF_COMPRESSION = new FastPower(MaskNet.COMPRESSION / 2);

    private MaskFeatures() {
    }

    /** Returns the first bin whose centre frequency is at or above {@code hz} Hz (at most {@link #BINS}). */
    public static int firstBinAtOrAbove(double hz) {
        return (int) Math.min(BINS, Math.max(0, Math.ceil(hz / ((double) RATE / N_FFT))));
    }

    /** Returns the amplitude scale that makes the mean of {@code |X|^2} over all bins and frames of {@code s} equal to 1 (at most 1e6). */
    public static double levelScale(ComplexSpectrogram s) {
        double sum = 0;
        long n = 0;
        for (int k = 0; k < s.bins(); k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            for (int t = 0; t < re.length; t++) {
                sum += (double) re[t] * re[t] + (double) im[t] * im[t];
            }
            n += re.length;
        }
        double mean = n == 0 ? 0 : sum / n;
        return mean * MAX_SCALE * MAX_SCALE <= 1 ? MAX_SCALE : 1 / Math.sqrt(mean);
    }

    /** Writes {@code (scale |X|)^0.3} of {@code s} into {@code out} at {@code offset}, C order {@code (bin, frame)}. */
    public static void compressed(ComplexSpectrogram s, double scale, float[] out, int offset) {
        compressed(s, scale, s.bins(), null, out, offset);
    }

    /**
     * Writes {@code (scale^2 |X|^2 + F)^0.15} of {@code s} into {@code out} at {@code offset}, C order {@code (bin, frame)},
     * where {@code F} is 0 below bin {@code fromBin} and, from it up, an exponentially distributed power of mean
     * {@link #EMPTY_BAND_FLOOR} drawn from {@code seed} (bin by bin, frame by frame): the noise floor a recording has in
     * the band that resampling from a lower input rate leaves empty, which the models did better with than with digital
     * silence there (see the README, "Narrow band on real noise").
     */
    public static void compressedWithFloor(ComplexSpectrogram s, double scale, int fromBin, long seed, float[] out, int offset) {
        compressed(s, scale, fromBin, new SplittableRandom(seed), out, offset);
    }

    /**
     * Writes the three-channel layout of the deep-filtering models ({@link MaskNet.Variant#LITE_DF}) into {@code out} at
     * {@code offset}, C order {@code (bin, frame, channel)}: channel 0 {@code mag} (C order {@code (bin, frame)} from
     * {@code magOffset}: the compressed magnitude of {@code s}, floored or not), channels 1 and 2 the cosine and sine of the
     * phase of {@code s} (1 and 0 where it is 0), multiplied by {@code mag} when {@code scaled} (a target's compressed complex
     * value) and unit when not (an input).
     */
    public static void withPhase(float[] mag, int magOffset, ComplexSpectrogram s, boolean scaled, float[] out, int offset) {
        int frames = s.frames();
        for (int k = 0; k < s.bins(); k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            for (int t = 0; t < frames; t++) {
                int i = k * frames + t;
                float m = mag[magOffset + i];
                double power = (double) re[t] * re[t] + (double) im[t] * im[t]; // no Math.hypot: a tenth of the cost
                double inv = power > 0 ? 1 / Math.sqrt(power) : 0;
                double cos = power > 0 ? re[t] * inv : 1;
                double sin = im[t] * inv;
                double w = scaled ? m : 1;
                int o = offset + 3 * i;
                out[o] = m;
                out[o + 1] = (float) (w * cos);
                out[o + 2] = (float) (w * sin);
            }
        }
    }

    /** The features of both: bins from {@code fromBin} up get the floor drawn from {@code floor} (none when it is null). */
    private static void compressed(ComplexSpectrogram s, double scale, int fromBin, SplittableRandom floor, float[] out,
                                   int offset) {
        int frames = s.frames();
        double scale2 = scale * scale;
        for (int k = 0; k < s.bins(); k++) {
            float[] re = s.re()[k];
            float[] im = s.im()[k];
            int base = offset + k * frames;
            boolean floored = floor != null && k >= fromBin;
            for (int t = 0; t < frames; t++) {
                double scaled = scale2 * ((double) re[t] * re[t] + (double) im[t] * im[t]);
                if (floored) { // the floor is in normalised units: added after the scaling
                    scaled += -EMPTY_BAND_FLOOR * Math.log(1 - floor.nextDouble());
                }
                out[base + t] = (float) HALF_COMPRESSION.apply(scaled);
            }
        }
    }
}
