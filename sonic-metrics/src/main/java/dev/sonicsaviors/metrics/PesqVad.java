package dev.sonicsaviors.metrics;

import static dev.sonicsaviors.metrics.PesqParams.JOIN_SPEECH_BLOCKS;
import static dev.sonicsaviors.metrics.PesqParams.MIN_SPEECH_BLOCKS;

/**
 * Part of stage 2 of PESQ (time alignment): the voice activity of one signal as 4 ms block energies with non-speech
 * set to zero ({@code vad}) and log energies above the speech threshold ({@code log}), the envelopes the delays are found on.
 */
final class PesqVad {
    private final int ds;
    final double[] vad;
    final double[] log;

    /** Runs this stage on the given signals at the model rate of {@code p}. */
    PesqVad(PesqParams p, double[] x, int ns) {
        this.ds = p.ds;
        int nw = ns / ds;
        double[] v = new double[nw];
        for (int c = 0; c < nw; c++) {
            double s = 0;
            for (int i = 0; i < ds; i++) {
                double g = x[c * ds + i];
                s += g * g;
            }
            v[c] = s / ds;
        }
        double thr = 0;
        for (double e : v) {
            thr += e;
        }
        thr /= nw;
        double levelMin = 0;
        for (double e : v) {
            levelMin = Math.max(levelMin, e);
        }
        levelMin = levelMin > 0 ? levelMin * 1e-4 : 1;
        for (int c = 0; c < nw; c++) {
            v[c] = Math.max(v[c], levelMin);
        }
        for (int it = 0; it < 12; it++) {
            double noise = 0;
            double sd = 0;
            int len = 0;
            for (double e : v) {
                if (e <= thr) {
                    noise += e;
                    len++;
                }
            }
            if (len > 0) {
                noise /= len;
                for (double e : v) {
                    if (e <= thr) {
                        sd += (e - noise) * (e - noise);
                    }
                }
                sd = Math.sqrt(sd / len);
            }
            thr = 1.001 * (noise + 2 * sd);
        }
        double levelNoise = 0;
        double levelSig = 0;
        int len = 0;
        for (double e : v) {
            if (e > thr) {
                levelSig += e;
                len++;
            } else {
                levelNoise += e;
            }
        }
        if (len > 0) {
            levelSig /= len;
        } else {
            thr = -1;
        }
        levelNoise = len < nw ? levelNoise / (nw - len) : 1;
        for (int c = 0; c < nw; c++) {
            if (v[c] <= thr) {
                v[c] = -v[c];
            }
        }
        v[0] = -levelMin;
        v[nw - 1] = -levelMin;
        int start = 0;
        for (int c = 1; c < nw; c++) {
            if (v[c] > 0 && v[c - 1] <= 0) {
                start = c;
            }
            if (v[c] <= 0 && v[c - 1] > 0 && c - start <= MIN_SPEECH_BLOCKS) {
                for (int i = start; i < c; i++) {
                    v[i] = -v[i];
                }
            }
        }
        if (levelSig >= levelNoise * 1000) {
            for (int c = 1; c < nw; c++) {
                if (v[c] > 0 && v[c - 1] <= 0) {
                    start = c;
                }
                if (v[c] <= 0 && v[c - 1] > 0) {
                    double g = 0;
                    for (int i = start; i < c; i++) {
                        g += v[i];
                    }
                    if (g < 3 * thr * (c - start)) {
                        for (int i = start; i < c; i++) {
                            v[i] = -v[i];
                        }
                    }
                }
            }
        }
        int finish = 0;
        for (int c = 1; c < nw; c++) {
            if (v[c] > 0 && v[c - 1] <= 0) {
                start = c;
                if (finish > 0 && start - finish <= JOIN_SPEECH_BLOCKS) {
                    for (int i = finish; i < start; i++) {
                        v[i] = levelMin;
                    }
                }
            }
            if (v[c] <= 0 && v[c - 1] > 0) {
                finish = c;
            }
        }
        start = 0;
        for (int c = 1; c < nw; c++) {
            if (v[c] > 0 && v[c - 1] <= 0) {
                start = c;
            }
        }
        if (start == 0) {
            for (int c = 0; c < nw; c++) {
                v[c] = Math.abs(v[c]);
            }
            v[0] = -levelMin;
            v[nw - 1] = -levelMin;
        }
        int c = 3;
        while (c < nw - 2) {
            if (v[c] > 0 && v[c - 2] <= 0) {
                v[c - 2] = v[c] * 0.1;
                v[c - 1] = v[c] * 0.3;
                c++;
            }
            if (v[c] <= 0 && v[c - 1] > 0) {
                v[c] = v[c - 1] * 0.3;
                v[c + 1] = v[c - 1] * 0.1;
                c += 3;
            }
            c++;
        }
        for (int i = 0; i < nw; i++) {
            v[i] = Math.max(0, v[i]);
        }
        if (thr <= 0) {
            thr = levelMin;
        }
        double[] lg = new double[nw];
        for (int i = 0; i < nw; i++) {
            lg[i] = v[i] <= thr ? 0 : Math.log(v[i] / thr);
        }
        this.vad = v;
        this.log = lg;
    }
}
