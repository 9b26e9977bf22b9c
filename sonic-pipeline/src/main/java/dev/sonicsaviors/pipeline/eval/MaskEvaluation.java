package dev.sonicsaviors.pipeline.eval;

import dev.sonicsaviors.pipeline.denoise.Denoiser;
import dev.sonicsaviors.pipeline.denoise.MaskFeatures;
import dev.sonicsaviors.pipeline.train.MaskTrainingData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** A small SI-SDR check of denoisers on held-out mixtures at fixed SNRs (a stand-in until the metrics module lands). */
public final class MaskEvaluation {

    private MaskEvaluation() {
    }

    /** Returns the scale-invariant signal-to-distortion ratio of {@code estimate} against {@code reference} (same length), in dB. */
    public static double siSdr(float[] estimate, float[] reference) {
        double dot = 0;
        double rr = 0;
        for (int i = 0; i < reference.length; i++) {
            dot += (double) estimate[i] * reference[i];
            rr += (double) reference[i] * reference[i];
        }
        double a = rr > 0 ? dot / rr : 0;
        double target = 0;
        double err = 0;
        for (int i = 0; i < reference.length; i++) {
            double t = a * reference[i];
            double e = estimate[i] - t;
            target += t * t;
            err += e * e;
        }
        return 10 * Math.log10((target + 1e-12) / (err + 1e-12));
    }

    /**
     * Returns, per denoiser name, per SNR, the mean SI-SDR improvement in dB (output SI-SDR minus input SI-SDR) over
     * {@code count} mixtures of {@code seconds} s drawn from {@code source} with {@code seed}; the mixtures are the same for
     * every denoiser. Key {@code "input"} holds the mean input SI-SDR per SNR.
     */
    public static Map<String, Map<Double, Double>> compare(MaskTrainingData source, Map<String, Denoiser> denoisers, List<Double> snrs,
                                                          int count, double seconds, long seed) {
        Map<String, Map<Double, Double>> out = new LinkedHashMap<>();
        out.put("input", new LinkedHashMap<>());
        denoisers.keySet().forEach(k -> out.put(k, new LinkedHashMap<>()));
        int length = (int) Math.round(seconds * MaskFeatures.RATE);
        for (double snr : snrs) {
            SplittableRandom r = new SplittableRandom(seed + Double.doubleToLongBits(snr));
            double in = 0;
            Map<String, Double> sums = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                MaskTrainingData.Mixture m = source.mixture(r.split(), length, snr);
                double si = siSdr(m.noisy(), m.clean());
                in += si;
                for (Map.Entry<String, Denoiser> d : denoisers.entrySet()) {
                    float[] y = d.getValue().process(m.noisy(), MaskFeatures.RATE);
                    sums.merge(d.getKey(), siSdr(y, m.clean()) - si, Double::sum);
                }
            }
            out.get("input").put(snr, in / count);
            for (String k : denoisers.keySet()) {
                out.get(k).put(snr, sums.get(k) / count);
            }
        }
        return out;
    }
}
