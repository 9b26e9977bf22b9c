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
}
