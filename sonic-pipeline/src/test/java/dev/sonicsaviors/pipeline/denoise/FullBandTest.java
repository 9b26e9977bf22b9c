package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.Stft;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled model at 48 kHz keeps and cleans the band above what it sees (11-16 kHz): real full-band speech (RAVDESS actor 04,
 * CC BY-NC-SA 4.0, see the resource folder's README) plus white noise at 20 dB SNR or pink noise at 10 dB SNR comes out with
 * that band's energy within 3 dB of the clean speech's, and the error there (output minus clean) at least 6 dB below the noise
 * that was added there.
 */
class FullBandTest {

    private static final int RATE = 48_000;
    private static MaskGainModel model;
    private static float[] clean;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        model = MaskGainModel.bundled();
        AudioData audio = speech(dir);
        assertThat(audio.sampleRate()).isEqualTo(RATE);
        clean = audio.toMono();
    }

    /** Decodes the full-band RAVDESS fixture (48 kHz mono) through a copy in {@code dir}. */
    static AudioData speech(Path dir) throws IOException {
        Path f = dir.resolve("speech.flac");
        try (InputStream in = FullBandTest.class.getResourceAsStream("/fullband/ravdess_03-01-05-02-01-01-04.flac")) {
            Files.copy(in, f);
        }
        return AudioReader.read(f);
    }

    @Test
    void whiteNoiseAt20dB() {
        check(ColoredNoise.white(clean.length, 11), 20);
    }

    @Test
    void pinkNoiseAt10dB() {
        check(ColoredNoise.pink(clean.length, 12), 10);
    }

    private static void check(float[] noise, double snrDb) {
        NoiseMixer.Mix mix = NoiseMixer.mixAtSnr(clean, noise, snrDb, new SplittableRandom(0)); // same length: offset 0
        float[] noisy = mix.mixed();
        float[] added = mix.addedNoise();
        float[] out = new ChunkedEnhancer(model, 1).process(noisy, RATE);
        float[] error = new float[out.length];
        for (int i = 0; i < out.length; i++) {
            error[i] = out[i] - clean[i];
        }
        double cleanDb = bandDb(clean);
        double outDb = bandDb(out);
        double errorDb = bandDb(error);
        double noiseDb = bandDb(added);
        System.out.printf(Locale.ROOT, "full band, %.0f dB SNR: 11-16 kHz clean %.1f dB, noisy %.1f, output %.1f, error %.1f, added noise %.1f%n",
                snrDb, cleanDb, bandDb(noisy), outDb, errorDb, noiseDb);
        assertThat(outDb).as("output band energy vs clean (dB)").isBetween(cleanDb - 3, cleanDb + 3);
        assertThat(errorDb).as("error vs added noise in the band (dB)").isLessThanOrEqualTo(noiseDb - 6);
    }

    /** Energy in dB of the 11-16 kHz band of {@code x} at 48 kHz. */
    private static double bandDb(float[] x) {
        float[][] p = new Stft(2048, 512).power(x);
        double binHz = (double) RATE / 2048;
        double e = 0;
        for (int k = (int) Math.ceil(11_000 / binHz); k <= (int) Math.floor(16_000 / binHz); k++) {
            for (float v : p[k]) {
                e += v;
            }
        }
        return 10 * Math.log10(e + 1e-30);
    }
}
