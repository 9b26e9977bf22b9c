package dev.sonicsaviors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LayersTest {

    private static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    @ParameterizedTest
    @CsvSource({"2, 3", "4, 1", "1, 2"})
    void transposedConvolutionEqualsADirectScatterTransposedConvolution(int cin, int cout) {
        int n = 2, h = 5, w = 6, k = 3, pad = 1;
        SplittableRandom r = new SplittableRandom(3);
        float[] x = random(r, n * h * w * cin);
        float[] kernel = random(r, k * k * cout * cin); // Keras layout (kh, kw, out, in)
        float[] bias = random(r, cout);
        float[] expected = new float[n * h * w * cout];
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int o = 0; o < cout; o++) {
                        expected[((b * h + i) * w + j) * cout + o] = bias[o];
                    }
                }
            }
            // Scatter: every input pixel adds its kernel-weighted footprint to the output.
            for (int p = 0; p < h; p++) {
                for (int q = 0; q < w; q++) {
                    for (int c = 0; c < cin; c++) {
                        float v = x[((b * h + p) * w + q) * cin + c];
                        for (int a = 0; a < k; a++) {
                            for (int bb = 0; bb < k; bb++) {
                                int i = p + a - pad;
                                int j = q + bb - pad;
                                if (i < 0 || i >= h || j < 0 || j >= w) {
                                    continue;
                                }
                                for (int o = 0; o < cout; o++) {
                                    expected[((b * h + i) * w + j) * cout + o] += v * kernel[((a * k + bb) * cout + o) * cin + c];
                                }
                            }
                        }
                    }
                }
            }
        }
        Architecture arch = new TestArch("t", new int[] {h, w, cin}, (l, in) -> l.conv2dTranspose(in, cout, k, Activation.LINEAR));
        try (Network net = Network.build(arch, false, 1)) {
            assertThat(net.params()).extracting(Param::toString)
                    .containsExactly("conv2d_transpose/kernel[3, 3, " + cout + ", " + cin + "]", "conv2d_transpose/bias[" + cout + "]");
            Map<String, float[]> wts = new LinkedHashMap<>();
            wts.put("conv2d_transpose/kernel", kernel);
            wts.put("conv2d_transpose/bias", bias);
            net.setWeights(wts);
            float[] y = net.predict(x, n);
            assertThat(y).hasSize(expected.length);
            for (int i = 0; i < y.length; i++) {
                assertThat(y[i]).as("output %d", i).isCloseTo(expected[i], within(1e-5f));
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "1, 3", "3, 1"})
    void convolutionIsSameCrossCorrelationWithKerasKernelLayout(int cin, int cout) {
        int h = 4, w = 5, k = 3;
        SplittableRandom r = new SplittableRandom(5);
        float[] x = random(r, h * w * cin);
        float[] kernel = random(r, k * k * cin * cout); // (kh, kw, in, out)
        float[] bias = random(r, cout);
        Architecture arch = new TestArch("t", new int[] {h, w, cin}, (l, in) -> l.conv2d(in, cout, k, Activation.RELU));
        try (Network net = Network.build(arch, false, 1)) {
            net.setWeights(Map.of("conv2d/kernel", kernel, "conv2d/bias", bias));
            float[] y = net.predict(x, 1);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    for (int o = 0; o < cout; o++) {
                        double s = bias[o];
                        for (int a = 0; a < k; a++) {
                            for (int b = 0; b < k; b++) {
                                int p = i + a - 1;
                                int q = j + b - 1;
                                if (p < 0 || p >= h || q < 0 || q >= w) {
                                    continue;
                                }
                                for (int c = 0; c < cin; c++) {
                                    s += x[(p * w + q) * cin + c] * kernel[((a * k + b) * cin + c) * cout + o];
                                }
                            }
                        }
                        assertThat(y[(i * w + j) * cout + o]).isCloseTo((float) Math.max(0, s), within(1e-5f));
                    }
                }
            }
        }
    }

    @Test
    void poolingRoundsUpAndUpsamplingRepeatsAndCroppingRemovesTheRightEdges() {
        // 3 x 5 -> pool -> 2 x 3 -> upsample -> 4 x 6 -> crop left 1, bottom 1 -> 3 x 5
        float[] x = new float[15];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        Architecture arch = new TestArch("t", new int[] {3, 5, 1}, (l, in) -> l.crop(l.upsample2x(l.maxPool2x2(in)), 0, 1, 1, 0));
        try (Network net = Network.build(arch, false, 1)) {
            assertThat(net.shapes()).extracting(Layers.LayerShape::toString)
                    .containsExactly("input [-1, 3, 5, 1]", "max_pooling2d [-1, 2, 3, 1]", "up_sampling2d [-1, 4, 6, 1]", "cropping2d [-1, 3, 5, 1]");
            float[] y = net.predict(x, 1);
            // pooled: [[6, 8, 9], [11, 13, 14]]; upsampled rows 0-1 = 6 6 8 8 9 9, rows 2-3 = 11 11 13 13 14 14
            assertThat(y).containsExactly(
                    6, 8, 8, 9, 9,
                    6, 8, 8, 9, 9,
                    11, 13, 13, 14, 14);
        }
    }

    @Test
    void denseFlattenAndReshapeFollowCOrder() {
        Architecture arch = new TestArch("t", new int[] {2, 2, 1}, (l, in) -> l.reshape(l.dense(l.flatten(in), 4, Activation.LINEAR), 2, 2, 1));
        try (Network net = Network.build(arch, false, 1)) {
            float[] eye = new float[16];
            for (int i = 0; i < 4; i++) {
                eye[i * 4 + (3 - i)] = 1; // reverse permutation
            }
            net.setWeights(Map.of("dense/kernel", eye, "dense/bias", new float[] {0, 0, 0, 10}));
            assertThat(net.predict(new float[] {1, 2, 3, 4}, 1)).containsExactly(4, 3, 2, 11);
        }
    }

    @Test
    void glorotInitialisationIsSeededAndBounded() {
        Architecture arch = new ConvAutoencoder(8, 8, 4);
        try (Network a = Network.build(arch, false, 1); Network b = Network.build(arch, false, 1)) {
            a.initialize(11);
            b.initialize(11);
            Map<String, float[]> wa = a.weights();
            Map<String, float[]> wb = b.weights();
            assertThat(wa.keySet()).containsExactlyElementsOf(wb.keySet());
            wa.forEach((name, v) -> assertThat(v).as(name).containsExactly(wb.get(name)));
            double limit = Math.sqrt(6.0 / (9 * 1 + 9 * 4));
            float max = 0;
            for (float v : wa.get("conv2d/kernel")) {
                max = Math.max(max, Math.abs(v));
            }
            assertThat((double) max).isLessThanOrEqualTo(limit).isGreaterThan(limit * 0.5);
            assertThat(wa.get("conv2d/bias")).containsOnly(0f);
        }
    }
}
