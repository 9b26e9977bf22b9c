package dev.sonicsaviors.bench;

import dev.sonicsaviors.metrics.MetricScores;
import dev.sonicsaviors.metrics.Metrics;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Average time (ms) to score one 10-second 16 kHz (clean, degraded) pair with every metric (SI-SDR, SNR, segSNR, STOI, ESTOI, PESQ WB and NB). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsBenchmark {

    private static final int RATE = 16_000;

    private float[] clean;
    private float[] degraded;

    /** Builds a speech-like 10 s clean signal (syllable-rate envelope on two tones) and a noisy copy of it. */
    @Setup
    public void setUp() {
        int n = 10 * RATE;
        clean = new float[n];
        degraded = new float[n];
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            double t = i / (double) RATE;
            double env = Math.max(0, Math.sin(2 * Math.PI * 2 * t));
            clean[i] = (float) (env * (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 1330 * t)));
            degraded[i] = clean[i] + (float) (0.03 * rng.nextGaussian());
        }
    }

    /** Scores the pair with all metrics. */
    @Benchmark
    public MetricScores all() {
        return Metrics.all(clean, degraded, RATE);
    }
}
