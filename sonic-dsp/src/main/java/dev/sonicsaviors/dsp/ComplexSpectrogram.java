package dev.sonicsaviors.dsp;

/**
 * A complex one-sided spectrogram stored as real and imaginary parts, each {@code [bin][frame]}.
 *
 * @param re real parts {@code [bin][frame]}
 * @param im imaginary parts {@code [bin][frame]}
 */
public record ComplexSpectrogram(float[][] re, float[][] im) {

    /** Validates that both parts have the same rectangular shape. */
    public ComplexSpectrogram {
        if (re.length != im.length) {
            throw new IllegalArgumentException("re and im differ in bins");
        }
        for (int k = 0; k < re.length; k++) {
            if (re[k].length != re[0].length || im[k].length != re[0].length) {
                throw new IllegalArgumentException("ragged spectrogram at bin " + k);
            }
        }
    }

    /** Returns the number of frequency bins (rows). */
    public int bins() {
        return re.length;
    }

    /** Returns the number of frames (columns). */
    public int frames() {
        return re.length == 0 ? 0 : re[0].length;
    }

    /** Returns the magnitude {@code |X|}, {@code [bin][frame]}. */
    public float[][] magnitude() {
        int nb = bins();
        int nf = frames();
        float[][] m = new float[nb][nf];
        for (int k = 0; k < nb; k++) {
            for (int t = 0; t < nf; t++) {
                double a = re[k][t];
                double b = im[k][t];
                m[k][t] = (float) Math.sqrt(a * a + b * b);
            }
        }
        return m;
    }
}
