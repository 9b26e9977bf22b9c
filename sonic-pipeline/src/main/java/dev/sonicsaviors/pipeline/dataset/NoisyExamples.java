package dev.sonicsaviors.pipeline.dataset;

import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.FeatureNoise;
import dev.sonicsaviors.dsp.noise.NoiseColor;
import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Makes the noisy hybrid of one clean clip for one seed, as {@code sonic prepare} does (shared by {@link HybridDatasetBuilder} and
 * {@link dev.sonicsaviors.pipeline.train.FreshNoiseTrainingData}).
 *
 * <p>Hybrids are {@code float[row][frame]} in raw units (mel power rows, then MFCC rows; 148 x 109 by default). The noise depends only on
 * the settings, the noise list and the seed, so the same (clip, seed) always gives the same example whatever the thread. Instances are
 * immutable and thread-safe; the {@link HybridFeatures} passed in must not be shared between threads.
 */
public final class NoisyExamples {

    /**
     * One decoded noise recording.
     *
     * @param name label written to manifests (path relative to the noise folder)
     * @param samples mono samples at the feature sample rate (22,050 Hz by default), in [-1, 1]
     */
    public record Noise(String name, float[] samples) {
    }

    /**
     * One clean/noisy pair in raw units.
     *
     * @param clean clean hybrid {@code [row][frame]}
     * @param noisy noisy hybrid {@code [row][frame]}
     * @param noiseLabel noise file name, {@code white}, {@code pink}, {@code brown} or {@code gaussian}
     * @param snrDb SNR drawn in dB, or NaN for kinds without SNR (white, gaussian)
     * @param sigma standard deviation used (waveform for white, normalised features for gaussian), or NaN for SNR kinds
     */
    public record Example(float[][] clean, float[][] noisy, String noiseLabel, double snrDb, double sigma) {
    }

    private final PrepareConfig config;
    private final List<Noise> noises;
    private final Normalization gaussianDomain;

    /**
     * Creates a maker for every noise kind but {@link PrepareConfig.NoiseKind#GAUSSIAN}.
     *
     * @param noises decoded noise recordings in a fixed order (needed and non-empty for {@link PrepareConfig.NoiseKind#FILES})
     */
    public NoisyExamples(PrepareConfig config, List<Noise> noises) {
        this(config, noises, null);
    }

    /**
     * Creates a maker; {@code gaussianDomain} is the normalisation in whose [0, 1] domain {@link PrepareConfig.NoiseKind#GAUSSIAN} noise
     * is added (prepare fits it on the train split's clean hybrids) and may be null for other kinds.
     */
    public NoisyExamples(PrepareConfig config, List<Noise> noises, Normalization gaussianDomain) {
        if (config.noiseKind() == PrepareConfig.NoiseKind.FILES && noises.isEmpty()) {
            throw new IllegalArgumentException("noise kind 'files' needs at least one noise recording");
        }
        if (config.noiseKind() == PrepareConfig.NoiseKind.GAUSSIAN && gaussianDomain == null) {
            throw new IllegalArgumentException("gaussian feature noise needs a normalization");
        }
        this.config = config;
        this.noises = List.copyOf(noises);
        this.gaussianDomain = gaussianDomain;
    }

    /** Returns the settings. */
    public PrepareConfig config() {
        return config;
    }

    /** Returns the noise recordings, in the order the seeded draw indexes them. */
    public List<Noise> noises() {
        return noises;
    }

    /** Returns the example for a clip of {@code clipSamples} samples (22,050 Hz) and a seed; {@code hf} computes the hybrids. */
    public Example make(float[] clip, long seed, HybridFeatures hf) {
        return make(clip, hf.compute(clip), seed, hf);
    }

    /**
     * Returns the example for a clip whose clean hybrid {@code clean = hf.compute(clip)} is already known (returned as is, not copied);
     * for {@link PrepareConfig.NoiseKind#GAUSSIAN} only {@code clean} is used and {@code clip} and {@code hf} may be null.
     */
    public Example make(float[] clip, float[][] clean, long seed, HybridFeatures hf) {
        if (config.noiseKind() == PrepareConfig.NoiseKind.GAUSSIAN) {
            float[][] noisyNorm = FeatureNoise.addGaussianClipped(gaussianDomain.normalize(clean), config.sigma(), seed, 0, 1);
            return new Example(clean, gaussianDomain.denormalize(noisyNorm), "gaussian", Double.NaN, config.sigma());
        }
        SplittableRandom rng = new SplittableRandom(seed);
        float[] noiseWave;
        String label;
        double snr = Double.NaN;
        double sigma = Double.NaN;
        switch (config.noiseKind()) {
            case WHITE -> {
                noiseWave = NoiseMixer.addWhite(new float[clip.length], config.sigma(), rng.nextLong());
                label = "white";
                sigma = config.sigma();
            }
            case PINK, BROWN, FILES -> {
                float[] src;
                if (config.noiseKind() == PrepareConfig.NoiseKind.FILES) {
                    Noise n = noises.get(rng.nextInt(noises.size()));
                    src = n.samples();
                    label = n.name();
                } else {
                    NoiseColor color = config.noiseKind() == PrepareConfig.NoiseKind.PINK ? NoiseColor.PINK : NoiseColor.BROWN;
                    src = ColoredNoise.generate(color, clip.length, rng.nextLong());
                    label = color.name().toLowerCase(Locale.ROOT);
                }
                snr = config.snrMinDb() + (config.snrMaxDb() - config.snrMinDb()) * rng.nextDouble();
                noiseWave = NoiseMixer.mixAtSnr(clip, src, snr, rng).addedNoise();
            }
            default -> throw new IllegalStateException("unexpected noise kind " + config.noiseKind());
        }
        float[][] noisy;
        if (config.approach() == PrepareConfig.Approach.AUDIO) {
            float[] mixed = new float[clip.length];
            for (int i = 0; i < clip.length; i++) {
                mixed[i] = clip[i] + noiseWave[i];
            }
            noisy = hf.compute(mixed);
        } else {
            int nm = config.features().nMels();
            float[][] noiseMel = hf.melPower(noiseWave);
            float[][] mel = new float[nm][];
            for (int b = 0; b < nm; b++) {
                float[] s = clean[b];
                float[] n = noiseMel[b];
                float[] o = new float[s.length];
                for (int t = 0; t < s.length; t++) {
                    o[t] = s[t] + n[t];
                }
                mel[b] = o;
            }
            float[][] mfcc = hf.mfccFromMelPower(mel);
            noisy = new float[nm + mfcc.length][];
            System.arraycopy(mel, 0, noisy, 0, nm);
            System.arraycopy(mfcc, 0, noisy, nm, mfcc.length);
        }
        return new Example(clean, noisy, label, snr, sigma);
    }

    /**
     * Decodes noise recordings on {@code pool} at {@code sampleRate} Hz, in the order of {@code files}; undecodable or empty files are
     * reported in {@code skipped} (one line each, {@code <file>: <problem>}) and left out.
     *
     * @param noiseDir folder the names are made relative to
     * @throws IOException if no file could be decoded (or the wait was interrupted)
     */
    public static List<Noise> loadNoises(Path noiseDir, List<Path> files, MonoLoader loader, int sampleRate, ExecutorService pool,
            List<String> skipped, Progress progress) throws IOException {
        progress.start("load noise", files.size());
        List<Future<float[]>> fs = new ArrayList<>();
        for (Path f : files) {
            fs.add(pool.submit(() -> loader.load(f, sampleRate)));
        }
        List<Noise> out = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            try {
                float[] x = Tasks.await(fs.get(i));
                if (x.length > 0) {
                    out.add(new Noise(AudioFiles.relative(noiseDir, files.get(i)), x));
                } else {
                    skipped.add(files.get(i) + ": empty noise file");
                }
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                skipped.add(oneLine(files.get(i), e));
            }
            progress.step(1);
        }
        progress.done();
        if (out.isEmpty()) {
            throw new IOException(noiseDir + ": no noise file could be decoded");
        }
        return out;
    }

    public static String oneLine(Path file, Exception e) {
        String m = String.valueOf(e.getMessage());
        return m.startsWith(file.toString()) ? m : file + ": " + m;
    }
}
