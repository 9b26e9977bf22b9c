package dev.sonicsaviors.model;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;

/**
 * Times one training step of the seed autoencoder (batch 32, Adam, MSE) with 1 and 2 intra-op threads and prints
 * the median/min wall time and process CPU time per step, plus a per-op-type profile from TensorFlow's step stats.
 * Run (after {@code mvn -q test-compile -pl sonic-model -am} and
 * {@code mvn -q dependency:build-classpath -pl sonic-model -Dmdep.outputFile=/tmp/cp.txt}):
 * {@code java -cp sonic-model/target/test-classes:sonic-model/target/classes:$(cat /tmp/cp.txt) dev.sonicsaviors.model.StepBenchmark [steps] [threads...]}.
 */
public final class StepBenchmark {

    private StepBenchmark() {
    }

    /** Entry point: {@code args[0]} measured steps (default 10), further args thread counts (default 1 2). */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int[] threads = args.length > 1 ? Arrays.stream(args, 1, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {1, 2};
        int batch = 32;
        Architecture arch = new SeedAutoencoder();
        Synthetic s = new Synthetic(batch, SeedAutoencoder.ROWS, SeedAutoencoder.FRAMES, 0.1, 1);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        if (Boolean.getBoolean("bench.trainer")) {
            trainer(arch, threads[0], steps, batch);
            return;
        }
        for (int t : threads) {
            try (Network net = Network.build(arch, true, t);
                 TFloat32 x = Network.tensor(s.noisy, net.batchShape(batch));
                 TFloat32 y = Network.tensor(s.clean, net.batchShape(batch))) {
                net.initialize(1);
                long step = 0;
                for (int w = 0; w < 3; w++) {
                    net.trainStep(x, y, 1e-3f, ++step);
                }
                double[] wall = new double[steps];
                double[] cpu = new double[steps];
                float loss = 0;
                for (int i = 0; i < steps; i++) {
                    long c0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    loss = net.trainStep(x, y, 1e-3f, ++step);
                    wall[i] = (System.nanoTime() - t0) / 1e9;
                    cpu[i] = (os.getProcessCpuTime() - c0) / 1e9;
                }
                double[] fwd = new double[steps];
                for (int i = 0; i < steps; i++) {
                    long t0 = System.nanoTime();
                    net.loss(x, y);
                    fwd[i] = (System.nanoTime() - t0) / 1e9;
                }
                System.out.printf(Locale.ROOT, "threads %d: train step median %.3f s (min %.3f, max %.3f), CPU %.3f s/step; forward+loss only median %.3f s; loss %.5f; load avg %.2f%n",
                        t, median(wall), min(wall), max(wall), median(cpu), median(fwd), loss, os.getSystemLoadAverage());
                profile(net, x, y, ++step);
            }
        }
    }

    /** Times steps through {@link Trainer} (shuffling, background batch preparation, listener) on synthetic data. */
    private static void trainer(Architecture arch, int threads, int steps, int batch) {
        Synthetic s = new Synthetic(batch * (steps + 3), SeedAutoencoder.ROWS, SeedAutoencoder.FRAMES, 0.1, 1);
        TrainingData data = new ArrayTrainingData(s.noisy, s.clean, arch.exampleSize());
        List<Double> gaps = new ArrayList<>();
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("sonic-bench");
            new Trainer(arch, TrainConfig.defaults().withEpochs(1).withBatchSize(batch).withThreads(threads))
                    .train(data, null, dir, Map.of(), new TrainListener() {
                        private double last;

                        @Override
                        public void stepFinished(int epoch, int step, int stepsPerEpoch, double loss, double seconds) {
                            if (step > 3) {
                                gaps.add(seconds - last);
                            }
                            last = seconds;
                        }
                    });
            ModelFiles.deleteTree(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        double[] g = gaps.stream().mapToDouble(Double::doubleValue).toArray();
        System.out.printf(Locale.ROOT, "trainer, threads %d: step median %.3f s (min %.3f, max %.3f) over %d steps%n",
                threads, median(g), min(g), max(g), g.length);
    }

    private static void profile(Network net, TFloat32 x, TFloat32 y, long step) {
        Map<String, Double> byType = new HashMap<>();
        Map<String, Double> byNode = new HashMap<>();
        double total = 0;
        int runs = 3;
        for (int r = 0; r < runs; r++) {
            RunMetadata md = net.traceTrainStep(x, y, 1e-3f, step + r);
            for (DeviceStepStats d : md.getStepStats().getDevStatsList()) {
                for (NodeExecStats n : d.getNodeStatsList()) {
                    GraphOperation op = net.graph().operation(n.getNodeName());
                    String type = op == null ? n.getNodeName() : op.type();
                    boolean grad = n.getNodeName().startsWith("gradients") || n.getNodeName().contains("Gradient");
                    String key = (grad ? "backward " : type.startsWith("Apply") ? "update " : "forward ") + type;
                    double ms = (n.getOpEndRelMicros() - n.getOpStartRelMicros()) / 1000.0 / runs;
                    byType.merge(key, ms, Double::sum);
                    byNode.merge(n.getNodeName() + " (" + type + ")", ms, Double::sum);
                    total += ms;
                }
            }
        }
        List<Map.Entry<String, Double>> e = new ArrayList<>(byType.entrySet());
        e.sort(Map.Entry.<String, Double>comparingByValue().reversed());
        System.out.printf(Locale.ROOT, "  op time per step (sum over ops, traced): %.1f ms%n", total);
        for (Map.Entry<String, Double> kv : e.subList(0, Math.min(14, e.size()))) {
            System.out.printf(Locale.ROOT, "    %-45s %8.1f ms %5.1f%%%n", kv.getKey(), kv.getValue(), 100 * kv.getValue() / total);
        }
        if (Boolean.getBoolean("bench.nodes")) {
            List<Map.Entry<String, Double>> nodes = new ArrayList<>(byNode.entrySet());
            nodes.sort(Map.Entry.<String, Double>comparingByValue().reversed());
            System.out.println("  slowest nodes:");
            for (Map.Entry<String, Double> kv : nodes.subList(0, Math.min(16, nodes.size()))) {
                System.out.printf(Locale.ROOT, "    %-90s %8.1f ms%n", kv.getKey(), kv.getValue());
            }
        }
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(Double.NaN);
    }
}
