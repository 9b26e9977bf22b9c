package dev.sonicsaviors.pipeline.report;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.PowerToDb;
import dev.sonicsaviors.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Headless PNG plots of clips and hybrids {@code [row][frame]}: waveform (top), mel spectrogram in dB (power_to_db, ref = max, top_db
 * 80 dB, viridis-like colours, low frequencies at the bottom) and MFCCs (bottom); plus a comparison layout of several hybrids side by side.
 */
public final class FeaturePlot {

    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TITLE_H = 34;
    private static final int GAP = 28;
    private static final int BOTTOM = 30;
    private static final Color BG = Color.WHITE;
    private static final Color FG = new Color(30, 30, 30);
    private static final int[][] VIRIDIS = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141}, {39, 173, 129},
        {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

    private FeaturePlot() {
    }

    /** Returns the viridis-like colour (packed RGB) of {@code v} in [0, 1] (values outside are clamped). */
    public static int viridis(double v) {
        double x = Math.max(0, Math.min(1, Double.isNaN(v) ? 0 : v)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        int r = (int) Math.round(a[0] + f * (b[0] - a[0]));
        int g = (int) Math.round(a[1] + f * (b[1] - a[1]));
        int bl = (int) Math.round(a[2] + f * (b[2] - a[2]));
        return (r << 16) | (g << 8) | bl;
    }

    /**
     * Renders one clip: waveform {@code clip} (samples at {@code cfg.sampleRate()} Hz; may be null to omit), mel dB and MFCC of
     * {@code hybrid} {@code [row][frame]} (raw units: mel power rows, then MFCC rows).
     */
    public static BufferedImage render(float[] clip, float[][] hybrid, FeatureConfig cfg, String title) {
        int width = 960;
        int waveH = clip == null ? 0 : 150;
        int melH = 256;
        int mfccH = 140;
        int height = TITLE_H + (clip == null ? 0 : waveH + GAP) + melH + GAP + mfccH + BOTTOM;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        int pw = width - LEFT - RIGHT;
        int y = TITLE_H;
        double seconds = (double) (hybrid[0].length - 1) * cfg.hopLength() / cfg.sampleRate();
        if (clip != null) {
            drawWaveform(g, clip, LEFT, y, pw, waveH);
            timeAxis(g, LEFT, y + waveH, pw, (double) clip.length / cfg.sampleRate());
            y += waveH + GAP;
        }
        float[][] db = melDb(hybrid, cfg.nMels(), Double.NaN);
        drawHeatmap(g, db, LEFT, y, pw, melH, -80, 0);
        label(g, "mel dB", y, melH);
        y += melH + GAP;
        float[][] mfcc = mfccRows(hybrid, cfg.nMels());
        float[] mm = minMax(mfcc);
        drawHeatmap(g, mfcc, LEFT, y, pw, mfccH, mm[0], mm[1]);
        label(g, "MFCC", y, mfccH);
        timeAxis(g, LEFT, y + mfccH, pw, seconds);
        g.dispose();
        return img;
    }

    /**
     * Renders several hybrids {@code [row][frame]} side by side with a title above each (mel dB on top, MFCC below); mel dB uses one
     * reference (the largest mel power of all hybrids) and MFCCs one colour range, so the panels are comparable.
     */
    public static BufferedImage comparison(List<String> titles, List<float[][]> hybrids, FeatureConfig cfg, String title) {
        if (titles.size() != hybrids.size() || hybrids.isEmpty()) {
            throw new IllegalArgumentException("need one title per hybrid and at least one hybrid");
        }
        int n = hybrids.size();
        int colW = 360;
        int width = LEFT + n * colW + (n - 1) * 16 + RIGHT;
        int melH = 256;
        int mfccH = 140;
        int height = TITLE_H + 20 + melH + GAP + mfccH + BOTTOM;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = start(img);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        double ref = 0;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[][] h : hybrids) {
            for (int b = 0; b < cfg.nMels(); b++) {
                for (float v : h[b]) {
                    ref = Math.max(ref, v);
                }
            }
            float[] mm = minMax(mfccRows(h, cfg.nMels()));
            lo = Math.min(lo, mm[0]);
            hi = Math.max(hi, mm[1]);
        }
        int y0 = TITLE_H + 20;
        label(g, "mel (dB)", y0, melH);
        label(g, "MFCC", y0 + melH + GAP, mfccH);
        for (int i = 0; i < n; i++) {
            float[][] h = hybrids.get(i);
            int x = LEFT + i * (colW + 16);
            g.setColor(FG);
            g.drawString(titles.get(i), x, y0 - 6);
            drawHeatmap(g, melDb(h, cfg.nMels(), ref), x, y0, colW, melH, -80, 0);
            drawHeatmap(g, mfccRows(h, cfg.nMels()), x, y0 + melH + GAP, colW, mfccH, lo, hi);
            timeAxis(g, x, y0 + melH + GAP + mfccH, colW, (double) (h[0].length - 1) * cfg.hopLength() / cfg.sampleRate());
        }
        g.dispose();
        return img;
    }

    /** Writes {@code image} as PNG to {@code file} atomically. */
    public static void writePng(BufferedImage image, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException(file + ": no PNG writer available");
            }
        });
    }

    /** Renders {@link #render} and writes it as PNG to {@code file} atomically. */
    public static void write(Path file, float[] clip, float[][] hybrid, FeatureConfig cfg, String title) throws IOException {
        writePng(render(clip, hybrid, cfg, title), file);
    }

    /** Renders {@link #comparison} and writes it as PNG to {@code file} atomically. */
    public static void writeComparison(Path file, List<String> titles, List<float[][]> hybrids, FeatureConfig cfg, String title) throws IOException {
        writePng(comparison(titles, hybrids, cfg, title), file);
    }

    private static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setColor(BG);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(FG);
        return g;
    }

    private static void label(Graphics2D g, String text, int y, int h) {
        g.setColor(FG);
        g.drawString(text, 4, y + h / 2);
    }

    /** Mel rows in dB: ref = max of the mel rows when {@code ref} is NaN, else the given power; top_db 80. */
    private static float[][] melDb(float[][] hybrid, int nMels, double ref) {
        float[][] mel = java.util.Arrays.copyOf(hybrid, nMels);
        return Double.isNaN(ref) ? PowerToDb.convertRefMax(mel, 1e-10, 80) : PowerToDb.convert(mel, ref, 1e-10, 80);
    }

    private static float[][] mfccRows(float[][] hybrid, int nMels) {
        return java.util.Arrays.copyOfRange(hybrid, nMels, hybrid.length);
    }

    private static float[] minMax(float[][] x) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (float[] r : x) {
            for (float v : r) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        return new float[] {lo, hi};
    }

    /** Draws {@code x} {@code [row][col]} with row 0 at the bottom, colours scaled from {@code lo} to {@code hi}. */
    private static void drawHeatmap(Graphics2D g, float[][] x, int left, int top, int w, int h, double lo, double hi) {
        int rows = x.length;
        int cols = x[0].length;
        BufferedImage tile = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        double span = hi > lo ? hi - lo : 1;
        for (int py = 0; py < h; py++) {
            int r = Math.min(rows - 1, (int) ((long) (h - 1 - py) * rows / h));
            for (int px = 0; px < w; px++) {
                int c = Math.min(cols - 1, (int) ((long) px * cols / w));
                tile.setRGB(px, py, viridis((x[r][c] - lo) / span));
            }
        }
        g.drawImage(tile, left, top, null);
        g.setColor(FG);
        g.drawRect(left - 1, top - 1, w + 1, h + 1);
    }

    private static void drawWaveform(Graphics2D g, float[] x, int left, int top, int w, int h) {
        g.setColor(new Color(245, 245, 245));
        g.fillRect(left, top, w, h);
        int mid = top + h / 2;
        g.setColor(new Color(200, 200, 200));
        g.drawLine(left, mid, left + w, mid);
        g.setColor(new Color(31, 119, 180));
        g.setStroke(new BasicStroke(1f));
        for (int px = 0; px < w && x.length > 0; px++) {
            int a = (int) ((long) px * x.length / w);
            int b = Math.max(a + 1, (int) ((long) (px + 1) * x.length / w));
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int i = a; i < Math.min(b, x.length); i++) {
                lo = Math.min(lo, x[i]);
                hi = Math.max(hi, x[i]);
            }
            int y1 = mid - (int) Math.round(Math.max(-1, Math.min(1, hi)) * (h / 2.0 - 1));
            int y2 = mid - (int) Math.round(Math.max(-1, Math.min(1, lo)) * (h / 2.0 - 1));
            g.drawLine(left + px, y1, left + px, y2);
        }
        g.setColor(FG);
        g.drawRect(left - 1, top - 1, w + 1, h + 1);
        g.drawString("+1", left - 22, top + 10);
        g.drawString("-1", left - 22, top + h);
    }

    private static void timeAxis(Graphics2D g, int left, int y, int w, double seconds) {
        g.setColor(FG);
        double step = seconds > 4 ? 1.0 : 0.5;
        for (double t = 0; t <= seconds + 1e-9; t += step) {
            int x = left + (int) Math.round(t / Math.max(seconds, 1e-9) * w);
            g.drawLine(x, y + 1, x, y + 5);
            g.drawString(String.format(Locale.ROOT, "%.1f s", t), x - 12, y + 17);
        }
    }
}
