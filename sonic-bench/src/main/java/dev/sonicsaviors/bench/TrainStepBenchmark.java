package dev.sonicsaviors.bench;

import dev.sonicsaviors.model.Network;
import dev.sonicsaviors.model.SeedAutoencoder;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.tensorflow.types.TFloat32;

/**
 * Average time (ms) of one training step of the seed autoencoder (17,114,753 parameters, batch 32 of 148 x 109 inputs,
 * Adam, MSE) with {@code threads} TensorFlow intra-op threads; inputs are seeded uniform values in [0, 1].
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainStepBenchmark {

    /** TensorFlow intra-op threads. */
    @Param({"1", "2"})
    public int threads;

    private static final int BATCH = 32;
    private Network net;
    private TFloat32 x;
    private TFloat32 y;
    private long step;

    /** Builds the training graph, initialises it (seed 1) and makes a batch of seeded noisy/clean inputs. */
    @Setup(Level.Trial)
    public void setUp() {
        net = Network.build(new SeedAutoencoder(), true, threads);
        net.initialize(1);
        int n = BATCH * SeedAutoencoder.ROWS * SeedAutoencoder.FRAMES;
        float[] clean = new float[n];
        float[] noisy = new float[n];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            clean[i] = (float) rng.nextDouble();
            noisy[i] = (float) Math.min(1, Math.max(0, clean[i] + 0.1 * rng.nextGaussian()));
        }
        x = Network.tensor(noisy, net.batchShape(BATCH));
        y = Network.tensor(clean, net.batchShape(BATCH));
    }

    /** Runs one Adam step (learning rate 1e-3) on the batch and returns its loss. */
    @Benchmark
    public float trainStep() {
        return net.trainStep(x, y, 1e-3f, ++step);
    }

    /** Frees the tensors and the TensorFlow session. */
    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        y.close();
        net.close();
    }
}
