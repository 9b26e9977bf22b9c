package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.types.TFloat32;

class SeedAutoencoderTest {

    @Test
    void parameterCountAndEveryIntermediateShapeMatchTheSeed() {
        try (Network net = Network.build(new SeedAutoencoder(), false, 1)) {
            assertThat(net.parameterCount()).isEqualTo(SeedAutoencoder.PARAMETER_COUNT).isEqualTo(17_114_753L);
            assertThat(net.shapes()).extracting(Layers.LayerShape::toString).containsExactly(
                    "input [-1, 148, 109, 1]",
                    "conv2d [-1, 148, 109, 32]",
                    "max_pooling2d [-1, 74, 55, 32]",
                    "conv2d_1 [-1, 74, 55, 64]",
                    "max_pooling2d_1 [-1, 37, 28, 64]",
                    "flatten [-1, 66304]",
                    "dense [-1, 128]",
                    "dense_1 [-1, 66304]",
                    "reshape [-1, 37, 28, 64]",
                    "conv2d_transpose [-1, 37, 28, 64]",
                    "up_sampling2d [-1, 74, 56, 64]",
                    "cropping2d [-1, 74, 55, 64]",
                    "conv2d_transpose_1 [-1, 74, 55, 32]",
                    "up_sampling2d_1 [-1, 148, 110, 32]",
                    "cropping2d_1 [-1, 148, 109, 32]",
                    "conv2d_transpose_2 [-1, 148, 109, 1]");
            assertThat(net.params()).extracting(Param::toString).containsExactly(
                    "conv2d/kernel[3, 3, 1, 32]", "conv2d/bias[32]",
                    "conv2d_1/kernel[3, 3, 32, 64]", "conv2d_1/bias[64]",
                    "dense/kernel[66304, 128]", "dense/bias[128]",
                    "dense_1/kernel[128, 66304]", "dense_1/bias[66304]",
                    "conv2d_transpose/kernel[3, 3, 64, 64]", "conv2d_transpose/bias[64]",
                    "conv2d_transpose_1/kernel[3, 3, 32, 64]", "conv2d_transpose_1/bias[32]",
                    "conv2d_transpose_2/kernel[3, 3, 1, 32]", "conv2d_transpose_2/bias[1]");
        }
    }

    @Test
    void aFewAdamStepsOnARepeatedBatchLowerTheLoss() {
        Architecture arch = new SeedAutoencoder();
        int n = 4;
        int size = arch.exampleSize();
        SplittableRandom r = new SplittableRandom(7);
        float[] clean = new float[n * size];
        float[] noisy = new float[n * size];
        for (int i = 0; i < clean.length; i++) {
            int row = (i / 109) % 148;
            clean[i] = 0.2f + 0.6f * (row / 147f);
            noisy[i] = Math.min(1f, Math.max(0f, clean[i] + (float) (r.nextGaussian() * 0.1)));
        }
        try (Network net = Network.build(arch, true, 2);
             TFloat32 x = Network.tensor(noisy, net.batchShape(n));
             TFloat32 y = Network.tensor(clean, net.batchShape(n))) {
            net.initialize(42);
            float before = net.loss(x, y);
            float first = 0;
            for (int step = 1; step <= 3; step++) {
                float l = net.trainStep(x, y, 1e-3f, step);
                if (step == 1) {
                    first = l;
                }
            }
            float after = net.loss(x, y);
            assertThat(first).isCloseTo(before, org.assertj.core.data.Offset.offset(1e-6f));
            assertThat(after).isLessThan(before * 0.9f);
            assertThat(List.of(before, after)).allMatch(Float::isFinite);
        }
    }
}
