package dev.sonicsaviors.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The mel pictures: a tone lights the band of its frequency, and both pictures share one scale. */
class MelPicturesTest {

    static BufferedImage image(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    static double brightness(int rgb) {
        return ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
    }

    static float[] tone(double hz, double amplitude, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    @Test
    void aToneLightsItsBandAndAQuieterCopyIsDarkerOnTheSameScale() throws IOException {
        int rate = 16_000;
        float[] loud = tone(1000, 0.5, rate, 12_345);
        float[] quiet = tone(1000, 0.05, rate, 12_345); // 20 dB down
        MelPictures.Pair p = MelPictures.draw(loud, quiet, rate);
        BufferedImage a = image(p.noisyPng());
        BufferedImage b = image(p.denoisedPng());
        assertThat(a.getHeight()).isEqualTo(MelPictures.BANDS * MelPictures.BAND_PX);
        assertThat(a.getWidth()).isEqualTo(b.getWidth()).isEqualTo(1 + 12_345 / 256); // nFft 1024 at 16 kHz, hop nFft / 4
        int x = a.getWidth() / 2;
        int brightestRow = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            if (brightness(a.getRGB(x, y)) > brightness(a.getRGB(x, brightestRow))) {
                brightestRow = y;
            }
        }
        // Slaney mel of 1 kHz is 15 (linear part: 1000 / (200/3)); 80 bands span 0..mel(8 kHz) = 45.2; rows count from the top.
        double melTop = 15 + Math.log(8000 / 1000.0) / (Math.log(6.4) / 27);
        int expectedBand = (int) Math.round(15 / melTop * 81) - 1;
        int band = MelPictures.BANDS - 1 - brightestRow / MelPictures.BAND_PX;
        assertThat(band).isBetween(expectedBand - 1, expectedBand + 1);
        assertThat(brightness(a.getRGB(x, brightestRow))).isGreaterThan(brightness(b.getRGB(x, brightestRow)) + 60);
        assertThat(p.topDb()).isBetween(10 * Math.log10(0.25) + 30.0, 10 * Math.log10(0.25) + 80.0);
    }

    @Test
    void longSignalsAreDrawnWithBoundedWidth() {
        float[] x = tone(300, 0.3, 8000, 8000 * 600); // 10 minutes
        MelPictures.Pair p = MelPictures.draw(x, x, 8000);
        assertThat(p.noisyPng()).isEqualTo(p.denoisedPng());
        assertThat(MelPictures.colour(0)).isEqualTo(0x000004);
        assertThat(MelPictures.colour(1)).isEqualTo(0xFCFDBF);
    }
}
