package dev.sonicsaviors.bench;

import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.metrics.MetricScores;
import dev.sonicsaviors.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Average time (ms) to score one 10-second 16 kHz speech (clean, degraded) pair with every metric (SI-SDR, SNR, segSNR, STOI, ESTOI, PESQ WB and NB). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MetricsBenchmark {

    private static final int RATE = 16_000;

    private float[] clean;
    private float[] degraded;

    /**
     * Loops a real speech fixture pair (clean utterance and the same utterance in pink noise at 5 dB SNR, both
     * 16 kHz, copied from the sonic-metrics accuracy fixtures) to 10 s.
     */
    @Setup
    public void setUp() throws IOException {
        float[] c = readResource("/metrics/clean_u01_pink_snr5_16000.wav");
        float[] d = readResource("/metrics/degraded_u01_pink_snr5_noisy_16000.wav");
        int n = 10 * RATE;
        clean = new float[n];
        degraded = new float[n];
        for (int i = 0; i < n; i++) {
            clean[i] = c[i % c.length];
            degraded[i] = d[i % d.length];
        }
    }

    private static float[] readResource(String name) throws IOException {
        Path tmp = Files.createTempFile("sonic-bench", ".wav");
        try (InputStream in = MetricsBenchmark.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing benchmark resource " + name);
            }
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return AudioReader.read(tmp).toMono();
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Scores the pair with all metrics. */
    @Benchmark
    public MetricScores all() {
        return Metrics.all(clean, degraded, RATE);
    }
}
