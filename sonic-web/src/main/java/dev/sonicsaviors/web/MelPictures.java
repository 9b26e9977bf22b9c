package dev.sonicsaviors.web;

import dev.sonicsaviors.dsp.MelFilterBank;
import dev.sonicsaviors.dsp.Stft;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/**
 * Draws mel spectrograms of a noisy and a denoised signal as two PNG images on one colour scale (decibels relative to the
 * louder of the two maxima, 80 dB range), time left to right and low frequencies at the bottom, with the project's STFT
 * and Slaney mel filter bank.
 */
final class MelPictures {

    /** Mel bands drawn. */
    static final int BANDS = 80;
    /** Pixels per mel band (image height is {@code BANDS * BAND_PX}). */
    static final int BAND_PX = 2;
    /** Most columns (STFT frames) drawn; longer signals use a larger hop. */
    static final int MAX_COLUMNS = 1200;
    /** Dynamic range drawn, in dB below the common maximum. */
    static final double RANGE_DB = 80;

    /** The two pictures, PNG bytes, and the common top of the scale in dB (relative to full-scale power 1). */
    record Pair(byte[] noisyPng, byte[] denoisedPng, double topDb) {
    }

    private MelPictures() {
    }

    /** Draws {@code noisy} and {@code denoised} (mono, same length, {@code sampleRate} Hz) on one scale. */
    static Pair draw(float[] noisy, float[] denoised, int sampleRate) {
        int nFft = sampleRate > 24_000 ? 2048 : sampleRate > 12_000 ? 1024 : 512;
        int hop = Math.max(nFft / 4, (int) Math.ceil(noisy.length / (double) (MAX_COLUMNS - 1)));
        Stft stft = new Stft(nFft, hop);
        MelFilterBank bank = MelFilterBank.slaney(sampleRate, nFft, BANDS);
        float[][] a = bank.apply(stft.power(noisy));
        float[][] b = bank.apply(stft.power(denoised));
        double top = Math.max(max(a), max(b));
        double topDb = 10 * Math.log10(Math.max(top, 1e-10));
        return new Pair(png(a, topDb), png(b, topDb), topDb);
    }

    private static double max(float[][] m) {
        double mx = 0;
        for (float[] row : m) {
            for (float v : row) {
                mx = Math.max(mx, v);
            }
        }
        return mx;
    }

    /** Renders mel power {@code [band][frame]} as a PNG, {@code topDb} at the brightest colour. */
    static byte[] png(float[][] mel, double topDb) {
        int frames = Math.max(1, mel[0].length);
        BufferedImage img = new BufferedImage(frames, BANDS * BAND_PX, BufferedImage.TYPE_INT_RGB);
        for (int band = 0; band < BANDS; band++) {
            for (int t = 0; t < frames; t++) {
                double p = t < mel[band].length ? mel[band][t] : 0;
                double db = 10 * Math.log10(Math.max(p, 1e-10)) - topDb;
                double x = Math.min(1, Math.max(0, 1 + db / RANGE_DB));
                int rgb = colour(x);
                for (int k = 0; k < BAND_PX; k++) {
                    img.setRGB(t, (BANDS - 1 - band) * BAND_PX + k, rgb);
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Stops of a dark-to-bright colour map (black, indigo, magenta, orange, pale yellow), evenly spaced over [0, 1]. */
    private static final int[][] STOPS = {
        {0, 0, 4}, {59, 15, 112}, {140, 41, 129}, {222, 73, 104}, {254, 159, 109}, {252, 253, 191},
    };

    /** Returns the RGB colour of {@code x} in [0, 1] on the colour map. */
    static int colour(double x) {
        double f = x * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(f));
        double u = f - i;
        int r = (int) Math.round(STOPS[i][0] + u * (STOPS[i + 1][0] - STOPS[i][0]));
        int g = (int) Math.round(STOPS[i][1] + u * (STOPS[i + 1][1] - STOPS[i][1]));
        int bl = (int) Math.round(STOPS[i][2] + u * (STOPS[i + 1][2] - STOPS[i][2]));
        return (r << 16) | (g << 8) | bl;
    }
}
