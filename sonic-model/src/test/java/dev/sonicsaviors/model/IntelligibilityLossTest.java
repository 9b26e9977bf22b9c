package dev.sonicsaviors.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.EagerSession;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class IntelligibilityLossTest {

    private static final IntelligibilityLoss AT_22K = IntelligibilityLoss.forStft(22_050, 512, 256);

    @Test
    void segmentsAreAbout384Milliseconds() {
        assertEquals(33, AT_22K.segmentFrames());
        assertEquals(30, IntelligibilityLoss.forStft(10_000, 512, 128).segmentFrames(), "STOI's own 10 kHz framing");
    }

    @Test
    void bandsTileTheirRangeWithoutGapsOrOverlaps() {
        float[][] m = AT_22K.bandMatrix();
        double width = 22_050.0 / 512;
        double low = IntelligibilityLoss.LOWEST_CENTRE_HZ * Math.pow(2, -1 / 6.0);
        double high = IntelligibilityLoss.LOWEST_CENTRE_HZ * Math.pow(2, (IntelligibilityLoss.BANDS - 1) / 3.0 + 1 / 6.0);
        for (int k = 0; k < m.length; k++) {
            double sum = 0;
            for (float v : m[k]) {
                sum += v;
            }
            double lo = (k - 0.5) * width;
            double hi = (k + 0.5) * width;
            double inside = Math.max(0, Math.min(hi, high) - Math.max(lo, low)) / width;
            assertEquals(inside, sum, 1e-5, "bin " + k);
        }
        for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
            double sum = 0;
            for (float[] row : m) {
                sum += row[j];
            }
            double c = IntelligibilityLoss.LOWEST_CENTRE_HZ * Math.pow(2, j / 3.0);
            assertEquals(c * (Math.pow(2, 1 / 6.0) - Math.pow(2, -1 / 6.0)) / width, sum, 1e-4, "band " + j + " gathers its width in bins");
        }
    }

    @Test
    void aGainPerBandCostsNothingAndUnrelatedEnvelopesCostAboutOne() {
        int frames = 99;
        int bins = 257;
        SplittableRandom r = new SplittableRandom(3);
        float[] ref = random(r, bins * frames);
        float[] scaled = new float[ref.length];
        float[][] m = AT_22K.bandMatrix();
        for (int k = 0; k < bins; k++) {
            int band = 0;
            for (int j = 1; j < m[k].length; j++) {
                band = m[k][j] > m[k][band] ? j : band;
            }
            for (int t = 0; t < frames; t++) {
                scaled[k * frames + t] = ref[k * frames + t] * (1 + band); // bins shared by two bands mix two gains a little
            }
        }
        float[] same = ref.clone();
        for (int i = 0; i < same.length; i++) {
            same[i] *= 3.5f;
        }
        assertEquals(0, reference(AT_22K, same, ref, 1, frames), 1e-6, "a broadband gain");
        assertTrue(reference(AT_22K, scaled, ref, 1, frames) < 0.05, "gains constant within bands");
        float[] other = random(r, ref.length);
        double unrelated = reference(AT_22K, other, ref, 1, frames);
        assertTrue(unrelated > 0.8 && unrelated < 1.2, "unrelated envelopes: " + unrelated);
    }

    @Test
    void theGraphComputesTheReference() {
        int frames = 70;
        int bins = 257;
        int n = 2;
        SplittableRandom r = new SplittableRandom(5);
        float[] ref = random(r, n * bins * frames);
        float[] est = new float[ref.length];
        for (int i = 0; i < est.length; i++) {
            est[i] = (float) (ref[i] * r.nextDouble(0.05, 1) + 0.3 * r.nextDouble());
        }
        // one quiet stretch, so that the segment weights differ
        for (int k = 0; k < bins; k++) {
            for (int t = 0; t < 33; t++) {
                ref[k * frames + t] *= 0.02f;
            }
        }
        double expected = reference(AT_22K, est, ref, n, frames);
        try (EagerSession session = EagerSession.create()) {
            Ops tf = Ops.create(session);
            Shape shape = Shape.of(n, bins, frames, 1);
            try (TFloat32 e = TFloat32.tensorOf(shape, DataBuffers.of(est)); TFloat32 c = TFloat32.tensorOf(shape, DataBuffers.of(ref))) {
                TFloat32 value = AT_22K.build(tf, tf.constant(e), tf.constant(c), frames).asTensor();
                assertEquals(expected, value.getFloat(), 1e-4);
            }
        }
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new IntelligibilityLoss(8_000, 512, 33), "bands reach 4.3 kHz");
        assertThrows(IllegalArgumentException.class, () -> new IntelligibilityLoss(22_050, 511, 33));
        assertThrows(IllegalArgumentException.class, () -> new IntelligibilityLoss(22_050, 512, 1));
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(257, 20, 0, 0, false, AT_22K, 0.1), "crops shorter than a segment");
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(33, 192, 0, 0, false, AT_22K, 0.1), "bins of another FFT");
        assertThrows(IllegalArgumentException.class, () -> new MaskNet(257, 192, 0, 0, false, AT_22K, -1));
    }

    /**
     * The term of {@code loss} computed here in doubles for one batch laid out as the network's examples,
     * {@code [example][bin][frame]} flattened: the reference the graph is checked against.
     */
    static double reference(IntelligibilityLoss loss, float[] est, float[] ref, int examples, int frames) {
        int bins = loss.nFft() / 2 + 1;
        float[][] m = loss.bandMatrix();
        int segmentFrames = loss.segmentFrames();
        int segments = frames / segmentFrames;
        double weighted = 0;
        double weights = 0;
        for (int e = 0; e < examples; e++) {
            double[][] x = referenceEnvelopes(est, e, bins, frames, m);
            double[][] y = referenceEnvelopes(ref, e, bins, frames, m);
            double[] score = new double[segments];
            double[] energy = new double[segments];
            double loudest = 0;
            for (int s = 0; s < segments; s++) {
                double[][] xs = referenceNormalised(x, s * segmentFrames, segmentFrames);
                double[][] ys = referenceNormalised(y, s * segmentFrames, segmentFrames);
                for (int t = 0; t < segmentFrames; t++) {
                    for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
                        score[s] += xs[t][j] * ys[t][j] / segmentFrames;
                        energy[s] += y[s * segmentFrames + t][j] * y[s * segmentFrames + t][j];
                    }
                }
                loudest = Math.max(loudest, energy[s]);
            }
            for (int s = 0; s < segments; s++) {
                double w = Math.min(1, energy[s] / (IntelligibilityLoss.QUIET_SEGMENT * loudest + IntelligibilityLoss.EPS));
                weighted += w * score[s];
                weights += w;
            }
        }
        return 1 - weighted / (weights + IntelligibilityLoss.EPS);
    }

    private static double[][] referenceEnvelopes(float[] mag, int example, int bins, int frames, float[][] m) {
        double[][] env = new double[frames][IntelligibilityLoss.BANDS];
        int base = example * bins * frames;
        for (int t = 0; t < frames; t++) {
            for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
                double p = 0;
                for (int k = 0; k < bins; k++) {
                    double v = mag[base + k * frames + t];
                    p += m[k][j] * v * v;
                }
                env[t][j] = Math.sqrt(p + IntelligibilityLoss.EPS);
            }
        }
        return env;
    }

    /** The segment [start, start + n) of {@code env} [frame][band], normalised over time per band, then over bands per frame. */
    private static double[][] referenceNormalised(double[][] env, int start, int n) {
        double[][] z = new double[n][IntelligibilityLoss.BANDS];
        for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
            double mean = 0;
            for (int t = 0; t < n; t++) {
                mean += env[start + t][j] / n;
            }
            double sq = 0;
            for (int t = 0; t < n; t++) {
                z[t][j] = env[start + t][j] - mean;
                sq += z[t][j] * z[t][j];
            }
            double norm = Math.sqrt(sq + IntelligibilityLoss.EPS);
            for (int t = 0; t < n; t++) {
                z[t][j] /= norm;
            }
        }
        for (int t = 0; t < n; t++) {
            double mean = 0;
            for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
                mean += z[t][j] / IntelligibilityLoss.BANDS;
            }
            double sq = 0;
            for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
                z[t][j] -= mean;
                sq += z[t][j] * z[t][j];
            }
            double norm = Math.sqrt(sq + IntelligibilityLoss.EPS);
            for (int j = 0; j < IntelligibilityLoss.BANDS; j++) {
                z[t][j] /= norm;
            }
        }
        return z;
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextDouble(0.01, 2);
        }
        return x;
    }
}
