package dev.sonicsaviors.cli;

import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.metrics.Pesq;
import dev.sonicsaviors.metrics.SiSdr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Whether a denoiser does what the bundled model is for: on material the project ships (the espeak-ng sample
 * {@code samples/speech.wav}, its pink-noise mixture {@code samples/noisy-speech.wav}, and mixtures of the sample with
 * three real noise excerpts of {@code src/test/resources/quality/}, at 0 and 5 dB), it must raise SI-SDR and PESQ WB by
 * at least the margins below, on average and in every case.
 *
 * <p>The margins are lower bounds a working denoiser clears with room, not figures fitted to today's weights, so that a
 * retrained {@code models/default} keeps passing while a broken one fails: a copy with zeroed weights (a constant gain)
 * scores +0.00 dB and +0.000, one with shuffled weights -2.7 dB and -0.002 ({@code DefaultModelQualityTest}). The model
 * bundled on 2 December 2026 (stage 3 of the README's recipe) scores, over the 7 cases, through {@code sonic denoise}:
 * mean SI-SDR gain +4.50 dB (smallest +2.34, train noise at 5 dB), mean PESQ WB gain +0.157 (smallest +0.06, train
 * noise at 0 dB); on {@code samples/noisy-speech.wav} SI-SDR 5.02 -> 11.01 dB and PESQ WB 1.07 -> 1.36.
 */
final class DenoisingQuality {
    /** Least mean SI-SDR gain over the cases, in dB (today's model: +4.50). */
    static final double MIN_MEAN_SI_SDR_GAIN_DB = 2.0;
    /** Least SI-SDR gain of every single case, in dB (today's model: +2.34 at worst). */
    static final double MIN_CASE_SI_SDR_GAIN_DB = 1.0;
    /** Least mean PESQ WB gain over the cases, in MOS (today's model: +0.157). */
    static final double MIN_MEAN_PESQ_WB_GAIN = 0.08;
    /** Least PESQ WB gain of every single case, in MOS (today's model: +0.06 at worst). */
    static final double MIN_CASE_PESQ_WB_GAIN = 0.02;

    /** Sample rate of all the material, Hz. */
    static final int RATE = 22050;

    /** One noisy input with its clean reference ({@code clean} and {@code noisy} mono at {@link #RATE} Hz, same length). */
    record Case(String name, float[] clean, float[] noisy) {
    }

    /** Scores of one case: SI-SDR (dB) and PESQ WB (MOS) of the noisy input and of the denoised output. */
    record Scores(String name, double siSdrNoisy, double siSdrDenoised, double pesqNoisy, double pesqDenoised) {
        double siSdrGain() {
            return siSdrDenoised - siSdrNoisy;
        }

        double pesqGain() {
            return pesqDenoised - pesqNoisy;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-22s SI-SDR %6.2f -> %6.2f dB (%+.2f)   PESQ WB %.2f -> %.2f (%+.2f)", name,
                    siSdrNoisy, siSdrDenoised, siSdrGain(), pesqNoisy, pesqDenoised, pesqGain());
        }
    }

    /** A way to denoise: {@code noisy} inputs in, outputs of the same lengths out, in order. */
    @FunctionalInterface
    interface Method {
        List<float[]> denoise(List<float[]> noisy) throws IOException;
    }

    /** Noise excerpts under {@code src/test/resources/quality/} (see the README there for sources and licences). */
    static final String[] NOISES = {"fireplace", "train", "exercise_bike"};
    /** SNRs of the mixtures, dB. */
    static final double[] SNRS_DB = {0, 5};

    private DenoisingQuality() {
    }

    /** Returns the 7 cases: the shipped {@code samples/noisy-speech.wav}, then every noise excerpt at every SNR (seeded offsets). */
    static List<Case> material() throws IOException {
        Path root = ProjectRoot.find();
        float[] speech = AudioReader.read(root.resolve("samples/speech.wav")).toMono();
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("noisy-speech.wav", speech, AudioReader.read(root.resolve("samples/noisy-speech.wav")).toMono()));
        long seed = 1;
        for (String noise : NOISES) {
            float[] n = AudioReader.read(Path.of("src/test/resources/quality/" + noise + ".wav")).toMono();
            for (double snr : SNRS_DB) {
                NoiseMixer.Mix m = NoiseMixer.mixAtSnr(speech, n, snr, new SplittableRandom(seed++));
                // clean and noisy share one gain that keeps the mixture below full scale (the 16-bit WAV the CLI reads)
                float peak = 0;
                for (float v : m.mixed()) {
                    peak = Math.max(peak, Math.abs(v));
                }
                float g = Math.min(1f, 0.9f / peak);
                cases.add(new Case(String.format(Locale.ROOT, "%s %.0f dB", noise, snr), scaled(speech, g), scaled(m.mixed(), g)));
            }
        }
        return cases;
    }

    private static float[] scaled(float[] x, float g) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * g;
        }
        return y;
    }

    /** Runs {@code method} on every case of {@link #material()} and returns the scores in order. */
    static List<Scores> score(Method method) throws IOException {
        List<Case> cases = material();
        List<float[]> outs = method.denoise(cases.stream().map(Case::noisy).toList());
        List<Scores> scores = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            float[] out = outs.get(i);
            if (out.length != c.noisy().length) {
                throw new AssertionError(c.name() + ": output has " + out.length + " samples, input " + c.noisy().length);
            }
            scores.add(new Scores(c.name(), SiSdr.compute(c.clean(), c.noisy()), SiSdr.compute(c.clean(), out),
                    Pesq.compute(c.clean(), c.noisy(), RATE, Pesq.Mode.WB), Pesq.compute(c.clean(), out, RATE, Pesq.Mode.WB)));
        }
        return scores;
    }

    /** Throws an {@link AssertionError} listing every score unless all four margins hold. */
    static void assertDenoises(List<Scores> scores) {
        double meanSiSdr = scores.stream().mapToDouble(Scores::siSdrGain).average().orElseThrow();
        double meanPesq = scores.stream().mapToDouble(Scores::pesqGain).average().orElseThrow();
        double minSiSdr = scores.stream().mapToDouble(Scores::siSdrGain).min().orElseThrow();
        double minPesq = scores.stream().mapToDouble(Scores::pesqGain).min().orElseThrow();
        String table = report(scores);
        List<String> failed = new ArrayList<>();
        if (!(meanSiSdr >= MIN_MEAN_SI_SDR_GAIN_DB)) {
            failed.add(String.format(Locale.ROOT, "mean SI-SDR gain %.2f dB < %.2f dB", meanSiSdr, MIN_MEAN_SI_SDR_GAIN_DB));
        }
        if (!(minSiSdr >= MIN_CASE_SI_SDR_GAIN_DB)) {
            failed.add(String.format(Locale.ROOT, "smallest SI-SDR gain %.2f dB < %.2f dB", minSiSdr, MIN_CASE_SI_SDR_GAIN_DB));
        }
        if (!(meanPesq >= MIN_MEAN_PESQ_WB_GAIN)) {
            failed.add(String.format(Locale.ROOT, "mean PESQ WB gain %.3f < %.3f", meanPesq, MIN_MEAN_PESQ_WB_GAIN));
        }
        if (!(minPesq >= MIN_CASE_PESQ_WB_GAIN)) {
            failed.add(String.format(Locale.ROOT, "smallest PESQ WB gain %.3f < %.3f", minPesq, MIN_CASE_PESQ_WB_GAIN));
        }
        if (!failed.isEmpty()) {
            throw new AssertionError("does not denoise: " + String.join("; ", failed) + "\n" + table);
        }
    }

    /** Returns one line per case plus the means, for test output and failure messages. */
    static String report(List<Scores> scores) {
        StringBuilder b = new StringBuilder();
        for (Scores s : scores) {
            b.append(s).append('\n');
        }
        b.append(String.format(Locale.ROOT, "mean SI-SDR gain %+.2f dB, mean PESQ WB gain %+.3f%n",
                scores.stream().mapToDouble(Scores::siSdrGain).average().orElseThrow(),
                scores.stream().mapToDouble(Scores::pesqGain).average().orElseThrow()));
        return b.toString();
    }
}
