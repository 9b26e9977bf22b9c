package dev.sonicsaviors.pipeline.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.pipeline.TestAudio;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturePlotTest {

    private static double brightness(int rgb) {
        return ((rgb >> 16) & 255) + ((rgb >> 8) & 255) + (rgb & 255);
    }

    @Test
    void rendersLowFrequenciesAtTheBottom(@TempDir Path dir) throws IOException {
        FeatureConfig cfg = FeatureConfig.defaults();
        float[] clip = new float[cfg.clipSamples()];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) (0.5 * Math.sin(2 * Math.PI * 150 * i / cfg.sampleRate()));
        }
        float[][] h = new HybridFeatures(cfg).compute(clip);
        Path png = dir.resolve("plot.png");
        FeaturePlot.write(png, clip, h, cfg, "150 Hz tone");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(960);
        // mel panel: title 34 + wave 150 + gap 28 = 212 .. 468; tone energy near the bottom
        int x = 500;
        int best = -1;
        double bestV = -1;
        for (int y = 212; y < 212 + 256; y++) {
            double v = brightness(img.getRGB(x, y));
            if (v > bestV) {
                bestV = v;
                best = y;
            }
        }
        assertThat(best).isGreaterThan(212 + 256 - 26); // brightest row within the lowest 10 % of the panel
        assertThat(bestV).isGreaterThan(brightness(img.getRGB(x, 212 + 10)) + 200);
        assertThat(FeaturePlot.viridis(0)).isEqualTo((68 << 16) | (1 << 8) | 84);
        assertThat(FeaturePlot.viridis(1)).isEqualTo((253 << 16) | (231 << 8) | 37);
    }

    @Test
    void comparison(@TempDir Path dir) throws IOException {
        FeatureConfig cfg = FeatureConfig.defaults();
        float[][] a = new HybridFeatures(cfg).compute(TestAudio.voice(cfg.clipSamples(), 150, 1, cfg.sampleRate()));
        float[][] b = new HybridFeatures(cfg).compute(TestAudio.voice(cfg.clipSamples(), 300, 2, cfg.sampleRate()));
        Path png = dir.resolve("cmp.png");
        FeaturePlot.writeComparison(png, List.of("noisy", "predicted", "clean"), List.of(a, b, a), cfg, "comparison");
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(70 + 3 * 360 + 2 * 16 + 20);
        try (var s = java.nio.file.Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("cmp.png");
        }
    }
}
