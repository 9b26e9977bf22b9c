package dev.sonicsaviors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each stage of {@link Pesq} on its own, against analytic expectations. */
class PesqStagesTest {

    private static final PesqParams P = PesqParams.AT_16K;
    private static final int RATE = Pesq.SAMPLE_RATE;

    private static float[] sine(double hz, int n, double amplitude) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / RATE));
        }
        return x;
    }

    /**
     * Talk-spurt-like bursts: {@code bursts} stretches of 0.6 s of seeded low-passed noise (no pitch, so every delay is
     * unambiguous) with 20 ms ramps, separated by 0.4 s of silence.
     */
    private static float[] bursts(int bursts, long seed) {
        int on = RATE * 6 / 10;
        int off = RATE * 4 / 10;
        int ramp = RATE / 50;
        float[] x = new float[bursts * (on + off) + off];
        SplittableRandom r = new SplittableRandom(seed);
        for (int b = 0; b < bursts; b++) {
            double y = 0;
            for (int i = 0; i < on; i++) {
                y = 0.8 * y + 0.05 * r.nextGaussian();
                double env = Math.min(1, Math.min(i, on - 1 - i) / (double) ramp);
                x[off + b * (on + off) + i] = (float) (env * y);
            }
        }
        return x;
    }

    private static double meanSquare(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return s / (to - from);
    }

    @Test
    void levelStageFramesBothSignalsAndSetsTheListeningLevel() {
        int n = RATE;
        double[][] lv = new PesqLevel(P).leveled(sine(1000, n, 0.01), sine(1000, n, 0.5));
        int ns = n + 2 * P.sb;
        assertThat(lv[0]).hasSize(ns + P.pad);
        // a 1 kHz tone lies in the 300-3250 Hz band: its power over signal and padding becomes 10^7 whatever its level
        assertThat(meanSquare(lv[0], P.sb, ns - P.sb + P.pad)).isCloseTo(1e7, within(1e5));
        assertThat(meanSquare(lv[1], P.sb, ns - P.sb + P.pad)).isCloseTo(1e7, within(1e5));
        assertThat(meanSquare(lv[0], 0, P.sb)).isZero(); // the search buffer stays silent
    }

    @Test
    void irsFilterKeeps1kHzAndCutsLowFrequencies() {
        int n = RATE;
        PesqLevel level = new PesqLevel(P);
        double[][] at1k = level.leveled(sine(1000, n, 0.1), sine(1000, n, 0.1));
        double[][] at100 = level.leveled(sine(100, n, 0.1), sine(100, n, 0.1));
        int ns = n + 2 * P.sb;
        double before1k = meanSquare(at1k[0], P.sb + 1000, ns - P.sb - 1000);
        double before100 = meanSquare(at100[0], P.sb + 1000, ns - P.sb - 1000);
        level.inputFilter(at1k[0], at1k[1], ns, Pesq.Mode.NB);
        level.inputFilter(at100[0], at100[1], ns, Pesq.Mode.NB);
        double gain1k = 10 * Math.log10(meanSquare(at1k[0], P.sb + 1000, ns - P.sb - 1000) / before1k);
        double gain100 = 10 * Math.log10(meanSquare(at100[0], P.sb + 1000, ns - P.sb - 1000) / before100);
        assertThat(gain1k).isCloseTo(0, within(0.2)); // normalised to 0 dB at 1 kHz
        assertThat(gain100).isCloseTo(-32, within(2.0)); // IRS: -20 dB at 100 Hz, +12 dB at 1 kHz
    }

    @Test
    void voiceActivityFollowsTheBursts() {
        float[] x = bursts(3, 1);
        double[][] lv = new PesqLevel(P).leveled(x, x);
        int ns = x.length + 2 * P.sb;
        PesqVad v = new PesqVad(P, lv[0], ns);
        assertThat(v.vad).hasSize(ns / P.ds);
        int midFirstBurst = (P.sb + RATE * 4 / 10 + RATE * 3 / 10) / P.ds;
        int midFirstPause = (P.sb + RATE + RATE * 2 / 10) / P.ds;
        assertThat(v.vad[midFirstBurst]).isPositive();
        assertThat(v.log[midFirstBurst]).isPositive();
        assertThat(v.vad[midFirstPause]).isZero();
        assertThat(v.log[midFirstPause]).isZero();
    }

    @Test
    void alignmentFindsAKnownDelay() {
        float[] ref = bursts(4, 2);
        for (int delay : new int[] {0, 40, -24, 800}) {
            float[] deg = new float[ref.length];
            for (int i = 0; i < deg.length; i++) {
                int j = i - delay;
                deg[i] = j >= 0 && j < ref.length ? ref[j] : 0;
            }
            double[][] lv = new PesqLevel(P).leveled(ref, deg);
            int ns = ref.length + 2 * P.sb;
            new PesqLevel(P).alignmentFilter(lv[0], lv[1], ns);
            PesqAlignment al = new PesqAlignment(P, lv[0], lv[1], ns);
            assertThat(al.count).isPositive();
            for (int u = 0; u < al.count; u++) {
                assertThat(al.delay[u]).as("delay %d, utterance %d", delay, u).isEqualTo(delay);
            }
        }
    }

    @Test
    void auditoryTransformPutsAToneInItsBarkBandAndLoudnessGrowsWithPower() {
        PesqAuditory aud = new PesqAuditory(P);
        double[] x = new double[P.nf];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1000 * Math.sin(2 * Math.PI * 1000 * i / RATE); // 1 kHz: bin 32 of the 512-point frame
        }
        double[] bark = aud.barkSpectrum(x, 0);
        assertThat(bark).hasSize(P.bands);
        int top = 0;
        int bin = 0;
        int band32 = -1;
        for (int b = 0; b < P.bands; b++) {
            if (bark[b] > bark[top]) {
                top = b;
            }
            if (bin <= 32 && 32 < bin + P.binsPerBand[b]) {
                band32 = b;
            }
            bin += P.binsPerBand[b];
        }
        assertThat(top).isEqualTo(band32);
        assertThat(PesqAuditory.loudness(0, 20)).isZero();
        assertThat(PesqAuditory.loudness(1e3, 20)).isPositive().isLessThan(PesqAuditory.loudness(1e5, 20));
    }

    @Test
    void disturbanceOfAnIdenticalSignalIsZeroAndNoiseLowersTheScore() {
        float[] ref = bursts(3, 3);
        float[] noisy = ref.clone();
        SplittableRandom r = new SplittableRandom(4);
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += (float) (0.05 * r.nextGaussian());
        }
        assertThat(score(ref, ref)).isCloseTo(4.5, within(1e-9));
        assertThat(score(ref, noisy)).isLessThan(4.0);
    }

    private static double score(float[] ref, float[] deg) {
        PesqLevel level = new PesqLevel(P);
        double[][] lv = level.leveled(ref, deg);
        int ns = ref.length + 2 * P.sb;
        level.inputFilter(lv[0], lv[1], ns, Pesq.Mode.WB);
        double[] a = lv[0].clone();
        double[] b = lv[1].clone();
        level.alignmentFilter(a, b, ns);
        return new PesqDisturbance(P, lv[0], lv[1], ns, new PesqAlignment(P, a, b, ns)).rawScore();
    }
}
