package dev.sonicsaviors.bench;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Average time (ms) of hybrid feature extraction (mel power + MFCC) of one 55,296-sample clip, one reused extractor, one thread. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HybridFeaturesBenchmark {

    private HybridFeatures features;
    private float[] clip;

    /** Builds the extractor and a speech-like test clip (two tones plus seeded noise, samples in [-1, 1]). */
    @Setup
    public void setUp() {
        FeatureConfig config = FeatureConfig.defaults();
        features = new HybridFeatures(config);
        clip = new float[config.clipSamples()];
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < clip.length; i++) {
            double t = i / (double) config.sampleRate();
            clip[i] = (float) (0.4 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1760 * t)
                    + 0.05 * (rng.nextDouble() * 2 - 1));
        }
    }

    /** Extracts the 148 x 109 hybrid feature matrix of the clip. */
    @Benchmark
    public float[][] hybrid() {
        return features.compute(clip);
    }
}
