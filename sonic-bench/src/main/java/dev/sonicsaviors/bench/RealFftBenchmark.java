package dev.sonicsaviors.bench;

import dev.sonicsaviors.dsp.RealFft;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.DoubleFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Average time (us) of one in-place real forward FFT, {@link RealFft} versus JTransforms, on the same random frame (copy included in both). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RealFftBenchmark {

    /** Transform size in real samples. */
    @Param({"2048"})
    public int n;

    private RealFft ours;
    private DoubleFFT_1D jtransforms;
    private double[] input;
    private double[] buf;

    /** Builds both transforms and a seeded random input frame. */
    @Setup
    public void setUp() {
        ours = new RealFft(n);
        jtransforms = new DoubleFFT_1D(n);
        input = new double[n];
        SplittableRandom rng = new SplittableRandom(42);
        for (int i = 0; i < n; i++) {
            input[i] = rng.nextDouble() * 2 - 1;
        }
        buf = new double[n];
    }

    /** Transforms a copy of the frame with {@link RealFft#forward(double[])}. */
    @Benchmark
    public double[] realFft() {
        System.arraycopy(input, 0, buf, 0, n);
        ours.forward(buf);
        return buf;
    }

    /** Transforms a copy of the frame with JTransforms' {@code DoubleFFT_1D.realForward}. */
    @Benchmark
    public double[] jtransforms() {
        System.arraycopy(input, 0, buf, 0, n);
        jtransforms.realForward(buf);
        return buf;
    }

    /** Inverse-transforms a copy of the frame with {@link RealFft#inverse(double[])}. */
    @Benchmark
    public double[] realFftInverse() {
        System.arraycopy(input, 0, buf, 0, n);
        ours.inverse(buf);
        return buf;
    }

    /** Inverse-transforms a copy of the frame with JTransforms' {@code DoubleFFT_1D.realInverse(a, true)}. */
    @Benchmark
    public double[] jtransformsInverse() {
        System.arraycopy(input, 0, buf, 0, n);
        jtransforms.realInverse(buf, true);
        return buf;
    }
}
