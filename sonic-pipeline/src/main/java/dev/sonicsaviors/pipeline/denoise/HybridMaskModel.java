package dev.sonicsaviors.pipeline.denoise;

import dev.sonicsaviors.dsp.ComplexSpectrogram;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.MelFilterBank;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a hybrid autoencoder (the seed's, trained by {@code sonic train}) as a {@link GainModel}: the noisy STFT's mel
 * power and MFCC go through the model in overlapping 109-frame windows, and the predicted clean mel power becomes a gain
 * per mel band, {@code sqrt(predicted / noisy)} clipped to [0, 1], spread over the STFT bins by the filter bank weights.
 */
final class HybridMaskModel implements GainModel, AutoCloseable {
    private final Predictor predictor;
    private final FeatureConfig features;
    private final MelFilterBank filterBank;
    private final HybridFeatures extractor;
    private final double[] window;

    /** Wraps a loaded predictor; the model's frame count ({@code features().frames()}) is the window length. */
    public HybridMaskModel(Predictor predictor) {
        this.predictor = predictor;
        this.features = predictor.features();
        this.filterBank = MelFilterBank.slaney(features.sampleRate(), features.nFft(), features.nMels());
        this.extractor = new HybridFeatures(features);
        int n = features.frames();
        this.window = new double[n];
        for (int t = 0; t < n; t++) {
            window[t] = 1e-3 + 0.5 - 0.5 * Math.cos(2 * Math.PI * (t + 0.5) / n);
        }
    }

    /** Loads the hybrid model in {@code folder} (a model folder or a training output folder) once, for reuse. */
    public static HybridMaskModel load(Path folder, int threads) throws IOException {
        return new HybridMaskModel(Predictor.load(folder, threads));
    }

    @Override
    public String name() {
        return predictor.folder().toString();
    }

    @Override
    public int sampleRate() {
        return features.sampleRate();
    }

    @Override
    public int nFft() {
        return features.nFft();
    }

    @Override
    public int hopLength() {
        return features.hopLength();
    }

    @Override
    public float[][] gains(ComplexSpectrogram noisy) {
        int bins = noisy.bins();
        int frames = noisy.frames();
        int win = features.frames();
        int bands = features.nMels();
        float[][] power = new float[bins][frames];
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                float re = noisy.re()[k][t];
                float im = noisy.im()[k][t];
                power[k][t] = re * re + im * im;
            }
        }
        float[][] mel = filterBank.apply(power);
        double[][] bandGain = new double[bands][frames];
        double[] weightSum = new double[frames];
        int step = Math.max(1, win / 2);
        int start = 0;
        while (true) {
            int s = Math.max(0, Math.min(start, frames - win));
            float[][] melWin = new float[bands][win];
            for (int b = 0; b < bands; b++) {
                System.arraycopy(mel[b], s, melWin[b], 0, Math.min(win, frames - s));
            }
            float[][] hybrid = new float[features.hybridRows()][];
            System.arraycopy(melWin, 0, hybrid, 0, bands);
            float[][] mfcc = extractor.mfccFromMelPower(melWin);
            System.arraycopy(mfcc, 0, hybrid, bands, mfcc.length);
            float[][] predicted = predictor.predict(hybrid);
            for (int t = 0; t < win && s + t < frames; t++) {
                double w = window[t];
                weightSum[s + t] += w;
                for (int b = 0; b < bands; b++) {
                    double ratio = melWin[b][t] > 1e-20 ? predicted[b][t] / melWin[b][t] : 1.0;
                    bandGain[b][s + t] += w * Math.sqrt(Math.min(1.0, Math.max(0.0, ratio)));
                }
            }
            if (s + win >= frames) {
                break;
            }
            start += step;
        }
        float[][] gains = new float[bins][frames];
        for (int k = 0; k < bins; k++) {
            java.util.Arrays.fill(gains[k], -1f);
        }
        double[][] binNorm = new double[bins][frames];
        for (int b = 0; b < bands; b++) {
            float[] w = filterBank.bandWeights(b);
            int first = filterBank.firstBin(b);
            for (int j = 0; j < w.length; j++) {
                int k = first + j;
                if (w[j] <= 0) {
                    continue;
                }
                for (int t = 0; t < frames; t++) {
                    double g = bandGain[b][t] / weightSum[t];
                    if (gains[k][t] < 0) {
                        gains[k][t] = 0;
                    }
                    gains[k][t] += (float) (w[j] * g);
                    binNorm[k][t] += w[j];
                }
            }
        }
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < frames; t++) {
                if (binNorm[k][t] > 0) {
                    gains[k][t] = (float) Math.min(1.0, Math.max(0.0, gains[k][t] / binNorm[k][t]));
                } else {
                    gains[k][t] = k == 0 ? (float) Math.min(1.0, bandGain[0][t] / weightSum[t]) : 1f;
                }
            }
        }
        return gains;
    }

    /** Releases the model's TensorFlow session. */
    @Override
    public void close() {
        predictor.close();
    }
}
