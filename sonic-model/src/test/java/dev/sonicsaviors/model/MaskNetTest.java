package dev.sonicsaviors.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

class MaskNetTest {

    @Test
    void shapesAndParameterCount() {
        MaskNet arch = new MaskNet(257, 192);
        assertEquals("mask-net-257x192", arch.name());
        assertEquals(arch.name(), Architectures.byName(arch.name()).name());
        try (Network net = Network.build(arch, false, 1)) {
            assertEquals(712_001, net.parameterCount());
            assertArrayEquals(new long[] {-1, 257, -1, 1}, net.shapes().get(0).shape());
            assertArrayEquals(new long[] {-1, 129, -1, 16}, net.shapes().get(1).shape());
            assertArrayEquals(new long[] {-1, 33, -1, 32}, net.shapes().get(3).shape());
            assertArrayEquals(new long[] {-1, 1, -1, MaskNet.WIDTH}, net.shapes().get(4).shape());
            assertArrayEquals(new long[] {-1, 257, -1, 1}, net.shapes().get(net.shapes().size() - 1).shape());
        }
    }

    @Test
    void anyFrameCountGivesMaskedInputWithinTheGainRange() {
        MaskNet arch = new MaskNet(33, 16);
        try (Network net = Network.build(arch, false, 1)) {
            net.initialize(7);
            SplittableRandom r = new SplittableRandom(3);
            for (int frames : new int[] {1, 7, 16, 53}) {
                float[] x = new float[33 * frames];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) r.nextDouble(0.01, 2);
                }
                float[] y;
                try (TFloat32 t = Network.tensor(x, Shape.of(1, 33, frames, 1))) {
                    y = net.predict(t);
                }
                assertEquals(x.length, y.length);
                for (int i = 0; i < x.length; i++) {
                    float c = y[i] / x[i];
                    assertTrue(c >= MaskNet.compressedFloor() - 1e-5 && c <= 1 + 1e-5, "c = " + c);
                }
            }
        }
    }

    @Test
    void adamStepsLowerTheLoss() {
        for (MaskNet.Variant v : MaskNet.Variant.values()) {
            // the deep filter works on the lowest 96 bins, so it needs more
            adamStepsLowerTheLoss(new MaskNet(v == MaskNet.Variant.LITE_DF ? 129 : 33, 12, 0, 0, v, null, 0));
        }
    }

    /** Random three-channel input: compressed magnitudes in [0.01, 3) and unit phases. */
    private static float[] phaseInput(int n, int bins, int frames, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * bins * frames * 3];
        for (int i = 0; i < x.length; i += 3) {
            double phi = r.nextDouble(-Math.PI, Math.PI);
            x[i] = (float) r.nextDouble(0.01, 3);
            x[i + 1] = (float) Math.cos(phi);
            x[i + 2] = (float) Math.sin(phi);
        }
        return x;
    }

    @Test
    void aDeepFilterNetworkStartsWithTheLiteNetworksOutputAndFiltersOnlyTheLowBand() {
        int bins = 129;
        MaskNet lite = new MaskNet(bins, 12, 0, 0, MaskNet.Variant.LITE, null, 0);
        MaskNet df = new MaskNet(bins, 12, 0, 0, MaskNet.Variant.LITE_DF, null, 0);
        assertEquals("mask-net-lite-df-129x12", df.name());
        assertEquals(MaskNet.Variant.LITE_DF, ((MaskNet) Architectures.byName(df.name())).variant());
        assertArrayEquals(new int[] {bins, 12, 3}, df.inputShape());
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(MaskNet.DF_BINS, 12, 0, 0, MaskNet.Variant.LITE_DF, null, 0));
        try (Network a = Network.build(lite, false, 1); Network b = Network.build(df, false, 1)) {
            a.initialize(51);
            b.initialize(52);
            java.util.Map<String, float[]> w = startFrom(a, b);
            for (int frames : new int[] {1, 12, 29}) {
                float[] x3 = phaseInput(2, bins, frames, frames);
                float[] x1 = new float[x3.length / 3];
                for (int i = 0; i < x1.length; i++) {
                    x1[i] = x3[3 * i];
                }
                float[] pa;
                float[] pb;
                try (TFloat32 t1 = Network.tensor(x1, Shape.of(2, bins, frames, 1)); TFloat32 t3 = Network.tensor(x3, Shape.of(2, bins, frames, 3))) {
                    pa = a.predict(t1);
                    pb = b.predict(t3);
                }
                for (int i = 0; i < pa.length; i++) {
                    // channel 0 is the masked compressed magnitude; 1 and 2 that times the noisy phase's cosine and sine
                    assertEquals(pa[i], pb[3 * i], 2e-5f * pa[i] + 1e-6f, frames + " frames, " + i);
                    assertEquals(pa[i] * x3[3 * i + 1], pb[3 * i + 1], 2e-5f * pa[i] + 1e-6f);
                    assertEquals(pa[i] * x3[3 * i + 2], pb[3 * i + 2], 2e-5f * pa[i] + 1e-6f);
                }
            }
            // the taps layer, once not zero, changes the output below DF_BINS and nowhere above
            int frames = 12;
            float[] x3 = phaseInput(1, bins, frames, 5);
            float[] before = b.predict(x3, 1);
            String last = w.keySet().stream().filter(k -> k.endsWith("/kernel")).reduce((p, q) -> q).orElseThrow();
            assertEquals(12 * 2 * MaskNet.DF_ORDER, w.get(last).length);
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < w.get(last).length; i++) {
                w.get(last)[i] = (float) r.nextDouble(-0.3, 0.3);
            }
            b.setWeights(w);
            float[] after = b.predict(x3, 1);
            double lowDiff = 0;
            for (int k = 0; k < bins; k++) {
                for (int i = k * frames * 3; i < (k + 1) * frames * 3; i++) {
                    if (k < MaskNet.DF_BINS) {
                        lowDiff = Math.max(lowDiff, Math.abs(after[i] - before[i]));
                    } else {
                        assertEquals(before[i], after[i], 0f, "bin " + k);
                    }
                }
            }
            assertTrue(lowDiff > 1e-3, "max difference below DF_BINS " + lowDiff);
        }
    }

    /** The deep filter's output follows its definition: Y = g X + sum_n C_n X(t + n - 2), compressed, on a one-frame-impulse input. */
    @Test
    void theDeepFilterCombinesNeighbouringFrames() {
        int bins = 129;
        int frames = 9;
        MaskNet df = new MaskNet(bins, frames, 0, 0, MaskNet.Variant.LITE_DF, null, 0);
        try (Network net = Network.build(df, false, 1)) {
            net.initialize(61);
            java.util.Map<String, float[]> w = new java.util.LinkedHashMap<>(net.weights());
            String lastKernel = w.keySet().stream().filter(k -> k.endsWith("/kernel")).reduce((p, q) -> q).orElseThrow();
            String lastBias = lastKernel.replace("/kernel", "/bias");
            // taps independent of the features: kernel 0, bias x DF_TAP_GAIN = (a_0..a_4, b_0..b_4)
            java.util.Arrays.fill(w.get(lastKernel), 0f);
            float[] taps = {0.1f, -0.2f, 0.3f, 0.05f, 0.4f, 0.2f, 0.0f, -0.1f, 0.25f, -0.3f};
            for (int i = 0; i < taps.length; i++) {
                w.get(lastBias)[i] = taps[i] / MaskNet.DF_TAP_GAIN; // the layer's output is scaled by DF_TAP_GAIN
            }
            net.setWeights(w);
            // the noisy STFT: one frame (4) of compressed magnitude 1 and phase 0.7 in every bin, the rest nearly silent
            float[] x = new float[bins * frames * 3];
            for (int k = 0; k < bins; k++) {
                for (int t = 0; t < frames; t++) {
                    int i = 3 * (k * frames + t);
                    x[i] = t == 4 ? 1f : 1e-3f;
                    x[i + 1] = (float) Math.cos(0.7);
                    x[i + 2] = (float) Math.sin(0.7);
                }
            }
            float[] y = net.predict(x, 1);
            int k = 10;
            for (int t = 0; t < frames; t++) {
                int i = 3 * (k * frames + t);
                // the masked part, as the network's channel-0 gain gives it where there is no filter contribution (t far from 4)
                double expectRe = 0;
                double expectIm = 0;
                for (int n = 0; n < MaskNet.DF_ORDER; n++) {
                    int src = t + n - 2;
                    if (src < 0 || src >= frames) {
                        continue;
                    }
                    double mag = Math.pow(x[3 * (k * frames + src)], 1 / MaskNet.COMPRESSION);
                    double xr = mag * Math.cos(0.7);
                    double xi = mag * Math.sin(0.7);
                    expectRe += taps[n] * xr - taps[MaskNet.DF_ORDER + n] * xi;
                    expectIm += taps[n] * xi + taps[MaskNet.DF_ORDER + n] * xr;
                }
                if (Math.abs(t - 4) <= 2 && t != 4) {
                    // frames beside the impulse: the filter's term dominates (the masked part is (1e-3)^(1/0.3), about 1e-10)
                    double abs = Math.hypot(expectRe, expectIm);
                    double scale = Math.pow(abs, MaskNet.COMPRESSION - 1);
                    assertEquals(Math.pow(abs, MaskNet.COMPRESSION), y[i], 1e-4, "frame " + t);
                    assertEquals(expectRe * scale, y[i + 1], 1e-4, "frame " + t);
                    assertEquals(expectIm * scale, y[i + 2], 1e-4, "frame " + t);
                }
            }
        }
    }

    /** The deep-filtering variant's loss: MSE of channel 0 plus 0.5 x the mean |Yc - Sc|^2 over the lowest 96 bins. */
    @Test
    void theDeepFilterLossAddsTheCompressedComplexErrorOfTheLowBand() {
        int bins = 129;
        int frames = 6;
        int n = 2;
        MaskNet arch = new MaskNet(bins, frames, 0, 0, MaskNet.Variant.LITE_DF, null, 0);
        try (Network net = Network.build(arch, true, 1)) {
            net.initialize(71);
            float[] x = phaseInput(n, bins, frames, 72);
            float[] y = phaseInput(n, bins, frames, 73);
            float[] out = net.predict(x, n);
            double mse = 0;
            double complex = 0;
            int lowCount = 0;
            for (int e = 0; e < n; e++) {
                for (int k = 0; k < bins; k++) {
                    for (int t = 0; t < frames; t++) {
                        int i = 3 * ((e * bins + k) * frames + t);
                        mse += Math.pow(out[i] - y[i], 2);
                        if (k < MaskNet.DF_BINS) {
                            complex += Math.pow(out[i + 1] - y[i + 1], 2) + Math.pow(out[i + 2] - y[i + 2], 2);
                            lowCount++;
                        }
                    }
                }
            }
            double expected = mse / (n * bins * frames) + MaskNet.COMPLEX_WEIGHT * complex / lowCount;
            try (TFloat32 tx = Network.tensor(x, net.batchShape(n)); TFloat32 ty = Network.tensor(y, net.batchShape(n))) {
                assertEquals(expected, net.loss(tx, ty), 1e-4 * expected);
            }
        }
    }

    @Test
    void adamStepsLowerTheLossWithTheIntelligibilityTerm() {
        // Graph mode with Grappler and oneDNN at train-denoiser's crop (257 bins, 192 frames, five segments) on two threads
        // (IntelligibilityLossTest checks the value eagerly): the term's band sums as a convolution with a constant filter
        // aborted the whole JVM here on an AMD EPYC CPU with AVX-512 ("uint8 expected, got float").
        IntelligibilityLoss term = IntelligibilityLoss.forStft(22_050, 512, 256);
        adamStepsLowerTheLoss(new MaskNet(257, 192, 0.1, 0, MaskNet.Variant.PLAIN, term, 0.5), 2);
    }

    private static void adamStepsLowerTheLoss(MaskNet arch) {
        adamStepsLowerTheLoss(arch, 1);
    }

    private static void adamStepsLowerTheLoss(MaskNet arch, int threads) {
        try (Network net = Network.build(arch, true, threads)) {
            net.initialize(11);
            SplittableRandom r = new SplittableRandom(5);
            int n = 4;
            float[] x = new float[n * arch.exampleSize()];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(0.1, 1.5);
                y[i] = (i / 12) % 2 == 0 ? x[i] : 0.5f * x[i];
            }
            try (TFloat32 tx = Network.tensor(x, net.batchShape(n)); TFloat32 ty = Network.tensor(y, net.batchShape(n))) {
                float first = net.loss(tx, ty);
                for (int s = 1; s <= 30; s++) {
                    net.trainStep(tx, ty, 1e-3f, s);
                }
                assertTrue(net.loss(tx, ty) < 0.7 * first, arch.name() + ": " + first + " -> " + net.loss(tx, ty));
            }
        }
    }

    @Test
    void spectralLossTermMatchesItsDefinition() {
        checkLoss(0.25, 0);
    }

    @Test
    void suppressionTermMatchesItsDefinition() {
        checkLoss(0, 1.5);
        checkLoss(0.25, 1.5);
    }

    @Test
    void intelligibilityTermAddsToTheOthers() {
        checkLoss(0.25, 1.5, 0.5);
        checkLoss(0, 0, 0.5);
    }

    @Test
    void negativeOrInfiniteWeightsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(33, 12, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(33, 12, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(33, 12, 0, Double.NaN));
    }

    @Test
    void aRefinedNetworkStartsWithThePlainNetworksGains() {
        MaskNet plain = new MaskNet(33, 12);
        MaskNet refined = new MaskNet(33, 12, 0, 0, true);
        assertEquals("mask-net-refined-33x12", refined.name());
        assertTrue(((MaskNet) Architectures.byName(refined.name())).refined());
        int n = 2;
        float[] x = new float[n * plain.exampleSize()];
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(0.01, 3);
        }
        try (Network a = Network.build(plain, false, 1); Network b = Network.build(refined, false, 1)) {
            a.initialize(21);
            b.initialize(22);
            java.util.Map<String, float[]> w = startFrom(a, b);
            assertArrayEquals(a.predict(x, n), b.predict(x, n), 0f);
            // and the refinement stage does change the gains once its last layer is not zero
            assertTheLastLayerChangesTheGains(a, b, w, x, n);
        }
    }

    @Test
    void aDecodedNetworkStartsWithTheRefinedNetworksGainsAndTakesAnyFrameCount() {
        for (int bins : new int[] {33, 257}) {
            MaskNet refined = new MaskNet(bins, 12, 0, 0, true);
            MaskNet unet = new MaskNet(bins, 12, 0, 0, MaskNet.Variant.UNET, null, 0);
            assertEquals("mask-net-unet-" + bins + "x12", unet.name());
            assertEquals(MaskNet.Variant.UNET, ((MaskNet) Architectures.byName(unet.name())).variant());
            assertTrue(unet.refined());
            try (Network a = Network.build(refined, false, 1); Network b = Network.build(unet, false, 1)) {
                a.initialize(31);
                b.initialize(32);
                java.util.Map<String, float[]> w = startFrom(a, b);
                SplittableRandom r = new SplittableRandom(bins);
                for (int frames : new int[] {1, 12, 29}) {
                    float[] x = new float[2 * bins * frames];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) r.nextDouble(0.01, 3);
                    }
                    float[] pa;
                    float[] pb;
                    try (TFloat32 t = Network.tensor(x, Shape.of(2, bins, frames, 1))) {
                        pa = a.predict(t);
                        pb = b.predict(t);
                    }
                    assertArrayEquals(pa, pb, 0f, frames + " frames");
                }
                // the decoder's last layer, once not zero, changes the gains
                float[] x = new float[2 * unet.exampleSize()];
                java.util.Arrays.fill(x, 0.7f);
                assertTheLastLayerChangesTheGains(a, b, w, x, 2);
            }
        }
    }

    /**
     * The lite network is the unet without the refinement stage's second 7x3 convolution: with the unet's variables renamed
     * as tools/train/unet-to-lite.py renames them (conv2d_22 and conv2d_23 out, the later ones one place down, the lite
     * network's own 1x1 layer zero) it computes the unet's gains with the refinement stage's output set to zero.
     */
    @Test
    void aLiteNetworkIsTheUnetWithoutTheSecondRefinementConvolution() {
        int bins = 257;
        MaskNet unet = new MaskNet(bins, 12, 0, 0, MaskNet.Variant.UNET, null, 0);
        MaskNet lite = new MaskNet(bins, 12, 0, 0, MaskNet.Variant.LITE, null, 0);
        assertEquals("mask-net-lite-257x12", lite.name());
        assertEquals(MaskNet.Variant.LITE, ((MaskNet) Architectures.byName(lite.name())).variant());
        assertEquals(MaskNet.Variant.UNET, ((MaskNet) Architectures.byName(unet.name())).variant());
        try (Network a = Network.build(unet, false, 1); Network b = Network.build(lite, false, 1)) {
            a.initialize(41);
            b.initialize(42);
            java.util.Map<String, float[]> w = new java.util.LinkedHashMap<>(a.weights());
            // any refinement output: its last layer made non-zero, then zeroed, to show the renaming does not depend on it
            java.util.Arrays.fill(w.get("conv2d_23/kernel"), 0f);
            java.util.Arrays.fill(w.get("conv2d_23/bias"), 0f);
            // the decoder's last layer is zero-initialised: give it weights so that the decoder's path counts
            java.util.Arrays.fill(w.get("conv2d_29/kernel"), 0.3f);
            a.setWeights(w);
            java.util.Map<String, float[]> v = new java.util.LinkedHashMap<>();
            for (java.util.Map.Entry<String, float[]> e : w.entrySet()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("conv2d(?:_(\\d+))?/(kernel|bias)").matcher(e.getKey());
                assertTrue(m.matches(), e.getKey());
                int index = m.group(1) == null ? 0 : Integer.parseInt(m.group(1));
                if (index == 22 || index == 23) {
                    continue;
                }
                int to = index > 23 ? index - 1 : index;
                v.put((to == 0 ? "conv2d" : "conv2d_" + to) + "/" + m.group(2), e.getValue());
            }
            v.put("conv2d_22/kernel", new float[16]);
            v.put("conv2d_22/bias", new float[1]);
            assertEquals(b.weights().keySet(), v.keySet());
            b.setWeights(v);
            assertEquals(a.parameterCount() - 7 * 3 * 16 * 16 - 16, b.parameterCount());
            float[] x = new float[2 * unet.exampleSize()];
            SplittableRandom r = new SplittableRandom(43);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(0.01, 3);
            }
            assertArrayEquals(a.predict(x, 2), b.predict(x, 2), 1e-6f);
        }
    }

    /**
     * Puts every variable of {@code base} into {@code extended}, asserting that each keeps its name there and that
     * {@code extended} has more; returns the weights now in {@code extended} (its own fresh values for the added ones).
     */
    private static java.util.Map<String, float[]> startFrom(Network base, Network extended) {
        java.util.Map<String, float[]> w = new java.util.LinkedHashMap<>(extended.weights());
        assertTrue(w.keySet().containsAll(base.weights().keySet()), "the base network's variables keep their names");
        assertTrue(w.size() > base.weights().size());
        w.putAll(base.weights());
        extended.setWeights(w);
        return w;
    }

    /** Sets the last kernel of {@code extended} (a zero-initialised added layer) to 0.5 and asserts that its output on {@code x} then differs from {@code base}'s. */
    private static void assertTheLastLayerChangesTheGains(Network base, Network extended, java.util.Map<String, float[]> w, float[] x, int n) {
        String last = w.keySet().stream().filter(k -> k.endsWith("/kernel")).reduce((p, q) -> q).orElseThrow();
        java.util.Arrays.fill(w.get(last), 0.5f);
        extended.setWeights(w);
        float[] pa = base.predict(x, n);
        float[] pb = extended.predict(x, n);
        double diff = 0;
        for (int i = 0; i < pa.length; i++) {
            diff = Math.max(diff, Math.abs(pa[i] - pb[i]));
        }
        assertTrue(diff > 1e-3, "max difference " + diff);
    }

    private static void checkLoss(double spectral, double suppression) {
        checkLoss(spectral, suppression, 0);
    }

    /**
     * The graph's loss equals MSE + spectral x mean NSR + suppression x mean max(0, t - o)^2 + intelligibility x the
     * intelligibility term (of a 64-point FFT at 16 kHz, 4-frame segments), computed here in doubles.
     */
    private static void checkLoss(double spectral, double suppression, double intelligibility) {
        int n = 3;
        IntelligibilityLoss term = new IntelligibilityLoss(16_000, 64, 4);
        MaskNet arch = new MaskNet(33, 12, spectral, suppression, false, term, intelligibility);
        try (Network net = Network.build(arch, true, 1)) {
            net.initialize(13);
            SplittableRandom r = new SplittableRandom(9);
            int size = arch.exampleSize();
            float[] x = new float[n * size];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextDouble(0.1, 2);
                y[i] = (float) (x[i] * r.nextDouble(0.2, 1));
            }
            float[] out = net.predict(x, n);
            double mse = 0;
            double nsr = 0;
            double under = 0;
            for (int e = 0; e < n; e++) {
                double err = 0;
                double energy = 0;
                for (int i = e * size; i < (e + 1) * size; i++) {
                    mse += (out[i] - y[i]) * (double) (out[i] - y[i]);
                    double u = Math.max(0, y[i] - (double) out[i]);
                    under += u * u;
                    double est = Math.pow(out[i], 1 / MaskNet.COMPRESSION);
                    double ref = Math.pow(y[i], 1 / MaskNet.COMPRESSION);
                    err += (est - ref) * (est - ref);
                    energy += ref * ref;
                }
                nsr += err / (energy + 1e-3);
            }
            assertTrue(under > 0, "the random outputs fall below some targets");
            float[] est = new float[x.length];
            float[] ref = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                est[i] = (float) Math.pow(out[i], 1 / MaskNet.COMPRESSION);
                ref[i] = (float) Math.pow(y[i], 1 / MaskNet.COMPRESSION);
            }
            double expected = mse / x.length + spectral * nsr / n + suppression * under / x.length
                    + intelligibility * IntelligibilityLossTest.reference(term, est, ref, n, 12);
            try (TFloat32 tx = Network.tensor(x, net.batchShape(n)); TFloat32 ty = Network.tensor(y, net.batchShape(n))) {
                assertEquals(expected, net.loss(tx, ty), 1e-4 * expected);
            }
        }
    }
}
