package dev.sonicsaviors.dsp;

/**
 * Mel spectrogram inversion as librosa {@code feature.inverse.mel_to_stft}: per frame, the non-negative least-squares solution
 * {@code X >= 0} of {@code weights @ X = melPower}, started from the clipped pseudo-inverse, then {@code |S| = X^(1/power)}.
 *
 * <p>The solver is an accelerated projected gradient (FISTA with adaptive restart) on column-normalised weights. The system is
 * under-determined, so the answer is one of many non-negative solutions and is not element-wise equal to librosa's L-BFGS-B result.
 */
public final class MelInverse {

    private static final int MAX_ITER = 4000;
    private static final double REL_TOL = 1e-5;

    private MelInverse() {
    }

    /** Returns the linear magnitude {@code [bin][frame]} whose mel projection (after raising to {@code power}) fits {@code melPower [band][frame]}. */
    public static float[][] melToStft(float[][] melPower, MelFilterBank fb, double power) {
        if (melPower.length != fb.bands()) {
            throw new IllegalArgumentException("mel spectrogram has " + melPower.length + " bands, filter bank " + fb.bands());
        }
        if (!(power > 0)) {
            throw new IllegalArgumentException("power must be positive: " + power);
        }
        int nm = fb.bands();
        int nb = fb.bins();
        int nf = nm == 0 ? 0 : melPower[0].length;
        double[][] w = fb.weightsSparseDouble();
        int[] st = fb.starts();

        double[] colNorm = new double[nb];
        for (int b = 0; b < nm; b++) {
            for (int i = 0; i < w[b].length; i++) {
                colNorm[st[b] + i] += w[b][i] * w[b][i];
            }
        }
        double[] inv = new double[nb];
        for (int k = 0; k < nb; k++) {
            colNorm[k] = Math.sqrt(colNorm[k]);
            inv[k] = colNorm[k] > 0 ? 1.0 / colNorm[k] : 0.0;
        }
        // scaled weights B = A D^-1 (unit columns)
        double[][] bw = new double[nm][];
        for (int b = 0; b < nm; b++) {
            bw[b] = new double[w[b].length];
            for (int i = 0; i < w[b].length; i++) {
                bw[b][i] = w[b][i] * inv[st[b] + i];
            }
        }
        double[][] chol = cholesky(gram(w, st, nm));
        double lip = 1.01 * largestEigen(bw, st, nm, nb);

        float[][] out = new float[nb][nf];
        double[] rhs = new double[nm];
        double[] tmp = new double[nm];
        double[] y = new double[nb];
        double[] yPrev = new double[nb];
        double[] z = new double[nb];
        double[] g = new double[nb];
        double[] r = new double[nm];
        for (int t = 0; t < nf; t++) {
            double bnorm = 0;
            for (int b = 0; b < nm; b++) {
                rhs[b] = melPower[b][t];
                bnorm += rhs[b] * rhs[b];
            }
            bnorm = Math.sqrt(bnorm);
            if (bnorm == 0) {
                continue;
            }
            // clipped pseudo-inverse start x0 = max(0, A^T (A A^T)^-1 b), in scaled variables y = D x
            solveCholesky(chol, rhs, tmp);
            java.util.Arrays.fill(y, 0.0);
            for (int b = 0; b < nm; b++) {
                for (int i = 0; i < w[b].length; i++) {
                    y[st[b] + i] += w[b][i] * tmp[b];
                }
            }
            for (int k = 0; k < nb; k++) {
                y[k] = Math.max(0.0, y[k]) * colNorm[k];
            }
            System.arraycopy(y, 0, z, 0, nb);
            double mom = 1.0;
            for (int it = 0; it < MAX_ITER; it++) {
                double res = residual(bw, st, nm, z, rhs, r);
                if (it % 16 == 0 && residual(bw, st, nm, y, rhs, tmp) <= REL_TOL * bnorm) {
                    break;
                }
                java.util.Arrays.fill(g, 0.0);
                for (int b = 0; b < nm; b++) {
                    double rb = r[b];
                    double[] wb = bw[b];
                    int s = st[b];
                    for (int i = 0; i < wb.length; i++) {
                        g[s + i] += wb[i] * rb;
                    }
                }
                System.arraycopy(y, 0, yPrev, 0, nb);
                double dot = 0;
                for (int k = 0; k < nb; k++) {
                    double v = Math.max(0.0, z[k] - g[k] / lip);
                    y[k] = v;
                    dot += (z[k] - v) * (v - yPrev[k]);
                }
                if (dot > 0) {
                    mom = 1.0; // adaptive restart
                }
                double momNext = 0.5 * (1.0 + Math.sqrt(1.0 + 4.0 * mom * mom));
                double beta = (mom - 1.0) / momNext;
                mom = momNext;
                for (int k = 0; k < nb; k++) {
                    z[k] = y[k] + beta * (y[k] - yPrev[k]);
                }
                if (res == 0) {
                    break;
                }
            }
            double e = 1.0 / power;
            for (int k = 0; k < nb; k++) {
                double x = y[k] * inv[k];
                out[k][t] = (float) (e == 0.5 ? Math.sqrt(x) : Math.pow(x, e));
            }
        }
        return out;
    }

    private static double residual(double[][] bw, int[] st, int nm, double[] x, double[] rhs, double[] r) {
        double s2 = 0;
        for (int b = 0; b < nm; b++) {
            double[] wb = bw[b];
            int s = st[b];
            double a = 0;
            for (int i = 0; i < wb.length; i++) {
                a += wb[i] * x[s + i];
            }
            double d = a - rhs[b];
            r[b] = d;
            s2 += d * d;
        }
        return Math.sqrt(s2);
    }

    private static double[][] gram(double[][] w, int[] st, int nm) {
        double[][] g = new double[nm][nm];
        for (int a = 0; a < nm; a++) {
            for (int b = a; b < nm; b++) {
                int lo = Math.max(st[a], st[b]);
                int hi = Math.min(st[a] + w[a].length, st[b] + w[b].length);
                double s = 0;
                for (int k = lo; k < hi; k++) {
                    s += w[a][k - st[a]] * w[b][k - st[b]];
                }
                g[a][b] = s;
                g[b][a] = s;
            }
        }
        return g;
    }

    private static double[][] cholesky(double[][] g) {
        int n = g.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += g[i][i];
        }
        double ridge = 0;
        for (int attempt = 0; attempt < 8; attempt++) {
            double[][] l = new double[n][n];
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
                for (int j = 0; j <= i; j++) {
                    double s = g[i][j] + (i == j ? ridge : 0);
                    for (int k = 0; k < j; k++) {
                        s -= l[i][k] * l[j][k];
                    }
                    if (i == j) {
                        if (s <= 0) {
                            ok = false;
                            break;
                        }
                        l[i][i] = Math.sqrt(s);
                    } else {
                        l[i][j] = s / l[j][j];
                    }
                }
            }
            if (ok) {
                return l;
            }
            ridge = ridge == 0 ? 1e-12 * trace / Math.max(1, n) : ridge * 100;
        }
        throw new IllegalStateException("mel filter bank Gram matrix is not positive definite");
    }

    private static void solveCholesky(double[][] l, double[] b, double[] x) {
        int n = b.length;
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * x[k];
            }
            x[i] = s / l[i][i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = x[i];
            for (int k = i + 1; k < n; k++) {
                s -= l[k][i] * x[k];
            }
            x[i] = s / l[i][i];
        }
    }

    private static double largestEigen(double[][] bw, int[] st, int nm, int nb) {
        double[] v = new double[nm];
        java.util.Arrays.fill(v, 1.0);
        double[] x = new double[nb];
        double lambda = 0;
        for (int it = 0; it < 100; it++) {
            java.util.Arrays.fill(x, 0.0);
            for (int b = 0; b < nm; b++) {
                for (int i = 0; i < bw[b].length; i++) {
                    x[st[b] + i] += bw[b][i] * v[b];
                }
            }
            double norm = 0;
            for (int b = 0; b < nm; b++) {
                double a = 0;
                for (int i = 0; i < bw[b].length; i++) {
                    a += bw[b][i] * x[st[b] + i];
                }
                v[b] = a;
                norm += a * a;
            }
            norm = Math.sqrt(norm);
            if (norm == 0) {
                return 1.0;
            }
            lambda = norm;
            for (int b = 0; b < nm; b++) {
                v[b] /= norm;
            }
        }
        return lambda;
    }
}
