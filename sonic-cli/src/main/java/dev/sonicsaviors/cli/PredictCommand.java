package dev.sonicsaviors.cli;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.Signals;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.WavWriter;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.denoise.Predictor;
import dev.sonicsaviors.pipeline.denoise.Reconstruction;
import dev.sonicsaviors.pipeline.report.FeaturePlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic predict}: what the seed's prediction notebook showed, as files: hybrids, a comparison plot and audio. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Runs a trained hybrid model on the first 55,296 samples (22,050 Hz mono) of a noisy file and writes to OUT:",
                "noisy.npy, predicted.npy (and clean.npy with --clean), raw hybrids (148 x 109); comparison.png;",
                "predicted-mel.wav (mel -> audio) and predicted-mfcc.wav (MFCC -> mel -> audio), by NNLS and Griffin-Lim."})
final class PredictCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model folder (or the output folder of 'sonic train').")
    Path modelDir;

    @Parameters(index = "1", paramLabel = "NOISY", description = "Noisy audio.")
    Path noisy;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path outDir;

    @Option(names = "--clean", paramLabel = "AUDIO", description = "The clean reference, for comparison.")
    Path clean;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "SECONDS", description = "Start of the clip in seconds (default: 0).")
    double offsetSeconds;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of Griffin-Lim's random initial phase (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        if (!(offsetSeconds >= 0) || Double.isInfinite(offsetSeconds)) {
            throw usage("--offset must be a finite number of seconds >= 0");
        }
        try (Predictor p = Predictor.load(modelDir, threads)) {
            FeatureConfig f = p.features();
            float[] noisyClip = clip(noisy, f);
            float[] cleanClip = clean == null ? null : clip(clean, f);
            float[][] noisyHybrid = p.hybrid(noisyClip);
            float[][] predicted = p.predict(noisyHybrid);
            float[][] cleanHybrid = cleanClip == null ? null : p.hybrid(cleanClip);

            Reconstruction rec = new Reconstruction(f);
            float[] viaMel = rec.fromMelPower(rec.melRows(predicted), seed);
            float[] viaMfcc = rec.fromMfcc(rec.mfccRows(predicted), seed);

            List<String> titles = new ArrayList<>(List.of("noisy", "predicted"));
            List<float[][]> hybrids = new ArrayList<>(List.of(noisyHybrid, predicted));
            Npy.write(outDir.resolve("noisy.npy"), noisyHybrid);
            Npy.write(outDir.resolve("predicted.npy"), predicted);
            if (cleanHybrid != null) {
                Npy.write(outDir.resolve("clean.npy"), cleanHybrid);
                titles.add("clean");
                hybrids.add(cleanHybrid);
            }
            FeaturePlot.writeComparison(outDir.resolve("comparison.png"), titles, hybrids, f, noisy.getFileName() + " through "
                    + modelDir.toAbsolutePath().normalize().getFileName());
            WavWriter.write(outDir.resolve("predicted-mel.wav"), normalizePeak(viaMel), f.sampleRate());
            WavWriter.write(outDir.resolve("predicted-mfcc.wav"), normalizePeak(viaMfcc), f.sampleRate());
            out().printf("%s -> %s: noisy.npy, predicted.npy%s, comparison.png, predicted-mel.wav, predicted-mfcc.wav%n",
                    noisy, outDir, cleanHybrid != null ? ", clean.npy" : "");
            if (cleanHybrid != null) {
                Normalization n = p.normalization();
                float[][] cn = n.normalize(cleanHybrid);
                out().printf(Locale.ROOT, "MSE vs clean (normalised): noisy %.6f, predicted %.6f%n",
                        mse(n.normalize(noisyHybrid), cn), mse(n.normalize(predicted), cn));
            }
        }
        return SonicCli.OK;
    }

    private float[] clip(Path file, FeatureConfig f) throws java.io.IOException {
        float[] x = AudioLoader.loadMono(file, f.sampleRate());
        int start = (int) Math.min(x.length, Math.round(offsetSeconds * f.sampleRate()));
        return Signals.fixLength(Arrays.copyOfRange(x, start, x.length), f.clipSamples());
    }

    /** Scales down to a 0.99 peak if the reconstruction would clip (Griffin-Lim does not keep the level exactly). */
    private static float[] normalizePeak(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 0.99f) {
            float g = 0.99f / peak;
            for (int i = 0; i < x.length; i++) {
                x[i] *= g;
            }
        }
        return x;
    }

    private static double mse(float[][] a, float[][] b) {
        double s = 0;
        long n = 0;
        for (int r = 0; r < a.length; r++) {
            for (int t = 0; t < a[r].length; t++) {
                double d = a[r][t] - b[r][t];
                s += d * d;
                n++;
            }
        }
        return s / n;
    }
}
