package dev.sonicsaviors.pipeline.denoise;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.metrics.SiSdr;
import dev.sonicsaviors.metrics.Stoi;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bundled model on 8 kHz speech: real speech (the full-band RAVDESS clip of {@link FullBandTest}, resampled to 8 kHz, so
 * nothing above 4 kHz) with white or pink noise at 0, 5 and 10 dB SNR comes out with SI-SDR at least 2 dB above the noisy
 * input's (measured with stage 18, whose main weights serve 8 kHz too: +2.1 to +10.8 dB, white noise at 10 dB least; the
 * narrow-band companion bundled until 7 Dec 2026: +4.0 to +10.9 dB; the stage-8 model: +5.2 to +10.6 dB; stage 6: +4.9 to
 * +10.6 dB; stage 4: +3.0 to +13.7 dB; the stage-3 model lost 1.3 to 5.8 dB here) and STOI no more than 0.05 below it
 * (measured: from 0.020 above to 0.033 below; the companion: 0.015 to 0.041 below; stage 8: 0.012 to 0.036; stage 6: 0.018
 * to 0.039; stage 4: 0.016 to 0.038). The quality issue's aim, STOI never below the input's, is not met yet: the bound
 * records the gap so that it cannot grow unnoticed (on 20 held-out utterances with the same noises the model raises the
 * mean STOI; see the README).
 */
class NarrowBandTest {

    private static final int RATE = 8_000;
    private static MaskGainModel model;
    private static float[] clean;

    @BeforeAll
    static void load(@TempDir Path dir) throws IOException {
        model = MaskGainModel.bundled();
        var audio = FullBandTest.speech(dir);
        clean = Resampler.resample(audio.toMono(), audio.sampleRate(), RATE);
    }

    @ParameterizedTest(name = "{0} noise at {1} dB")
    @CsvSource({"white, 0", "white, 5", "white, 10", "pink, 0", "pink, 5", "pink, 10"})
    void raisesSiSdrAndKeepsStoiWithinTheRecordedGap(String kind, double snrDb) {
        float[] noise = kind.equals("white") ? ColoredNoise.white(clean.length, 21) : ColoredNoise.pink(clean.length, 22);
        float[] noisy = NoiseMixer.mixAtSnr(clean, noise, snrDb, new SplittableRandom(0)).mixed(); // same length: offset 0
        float[] out = new ChunkedEnhancer(model, 1).process(noisy, RATE);
        double sdrIn = SiSdr.compute(clean, noisy);
        double sdrOut = SiSdr.compute(clean, out);
        double stoiIn = Stoi.compute(clean, noisy, RATE);
        double stoiOut = Stoi.compute(clean, out, RATE);
        System.out.printf(Locale.ROOT, "8 kHz, %s %.0f dB: SI-SDR %.2f -> %.2f dB, STOI %.3f -> %.3f%n", kind, snrDb, sdrIn, sdrOut, stoiIn, stoiOut);
        assertThat(sdrOut).as("SI-SDR (dB)").isGreaterThanOrEqualTo(sdrIn + 2);
        assertThat(stoiOut).as("STOI").isGreaterThanOrEqualTo(stoiIn - 0.05);
    }
}
