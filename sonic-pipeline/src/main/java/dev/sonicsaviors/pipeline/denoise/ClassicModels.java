package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.SpectralSubtraction;
import dev.sonicsaviors.dsp.WienerFilter;
import java.util.function.Function;

/**
 * The classic (non-learned) {@link GainModel}s: power spectral subtraction and the decision-directed Wiener filter at
 * 22,050 Hz with 512-sample (23 ms) frames and a 128-sample hop, plus an identity model for tests.
 */
public final class ClassicModels {
    /** Sample rate of the classic models in Hz (the rate of the learned models too). */
    public static final int RATE = 22050;
    /** STFT frame size of the classic models in samples. */
    public static final int N_FFT = 512;
    /** STFT hop of the classic models in samples. */
    public static final int HOP = 128;

    private ClassicModels() {
    }

    /** Returns power spectral subtraction with {@link SpectralSubtraction#defaults()}, named {@code specsub}. */
    public static GainModel spectralSubtraction() {
        SpectralSubtraction ss = SpectralSubtraction.defaults();
        return of("specsub", RATE, N_FFT, HOP, ss::gains);
    }

    /** Returns the decision-directed Wiener filter with {@link WienerFilter#defaults(double)}, named {@code wiener}. */
    public static GainModel wiener() {
        WienerFilter wf = WienerFilter.defaults((double) HOP / RATE);
        return of("wiener", RATE, N_FFT, HOP, wf::gains);
    }

    /** Returns a model whose gains are all 1 at {@code rate} Hz with the given frame size and hop in samples, named {@code identity}. */
    public static GainModel identity(int rate, int nFft, int hop) {
        return of("identity", rate, nFft, hop, s -> {
            float[][] g = new float[s.bins()][s.frames()];
            for (float[] row : g) {
                java.util.Arrays.fill(row, 1f);
            }
            return g;
        });
    }

    /** Returns a model named {@code name} at {@code rate} Hz with frames of {@code nFft} samples every {@code hop} samples computing {@code gains}. */
    public static GainModel of(String name, int rate, int nFft, int hop, Function<ComplexSpectrogram, float[][]> gains) {
        if (rate <= 0 || nFft <= 0 || nFft % 2 != 0 || hop <= 0 || hop > nFft) {
            throw new IllegalArgumentException("need rate > 0, even nFft > 0 and 0 < hop <= nFft");
        }
        return new GainModel() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int sampleRate() {
                return rate;
            }

            @Override
            public int nFft() {
                return nFft;
            }

            @Override
            public int hopLength() {
                return hop;
            }

            @Override
            public float[][] gains(ComplexSpectrogram noisy) {
                return gains.apply(noisy);
            }
        };
    }
}
