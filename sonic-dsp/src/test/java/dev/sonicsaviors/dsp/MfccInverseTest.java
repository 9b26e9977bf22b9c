package dev.sonicsaviors.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MfccInverseTest {

    @Test
    void fullDctInvertsExactly() {
        SplittableRandom r = new SplittableRandom(5);
        float[][] db = new float[16][7];
        for (float[] row : db) {
            for (int t = 0; t < row.length; t++) {
                row[t] = (float) (r.nextDouble() * 80 - 60);
            }
        }
        Mfcc m = new Mfcc(16, 16);
        float[][] back = m.toMelDb(m.fromDb(db));
        for (int b = 0; b < 16; b++) {
            for (int t = 0; t < 7; t++) {
                assertThat(back[b][t]).isCloseTo(db[b][t], org.assertj.core.data.Offset.offset(1e-3f));
            }
        }
    }

    @Test
    void truncatedDctKeepsTheSmoothEnvelope() {
        // A smooth dB envelope lives in the first coefficients: 20 of 128 keep it within a fraction of a dB.
        float[][] db = new float[128][1];
        for (int b = 0; b < 128; b++) {
            db[b][0] = (float) (-30 + 20 * Math.cos(Math.PI * b / 127.0));
        }
        Mfcc m = new Mfcc(128, 20);
        float[][] back = m.toMelDb(m.fromDb(db));
        double worst = 0;
        for (int b = 0; b < 128; b++) {
            worst = Math.max(worst, Math.abs(back[b][0] - db[b][0]));
        }
        assertThat(worst).isLessThan(0.5);
        assertThat(Mfcc.dbToPower(new float[][] {{0f, 10f, -100f}})[0]).containsExactly(1f, 10f, 1e-10f);
    }

    @Test
    void symmetricDctMatchesTheDirectSum() {
        // fromDbInto folds bands n and nMels-1-n; compare with the direct matrix product for even and odd band counts.
        SplittableRandom r = new SplittableRandom(8);
        for (int nMels : new int[] {128, 13, 2, 1}) {
            int nMfcc = Math.min(nMels, 7);
            int nf = 5;
            double[][] db = new double[nMels][nf];
            float[][] dbF = new float[nMels][nf];
            for (int b = 0; b < nMels; b++) {
                for (int t = 0; t < nf; t++) {
                    dbF[b][t] = (float) (r.nextDouble() * 80 - 60);
                    db[b][t] = dbF[b][t];
                }
            }
            Mfcc m = new Mfcc(nMels, nMfcc);
            float[][] out = new float[nMfcc + 2][nf];
            int half = nMels / 2;
            m.fromDbInto(db, nf, new double[half][nf], new double[half][nf], new double[nf], out, 2);
            float[][] direct = m.fromDb(dbF);
            for (int k = 0; k < nMfcc; k++) {
                for (int t = 0; t < nf; t++) {
                    assertThat(out[k + 2][t]).isCloseTo(direct[k][t], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }
}
