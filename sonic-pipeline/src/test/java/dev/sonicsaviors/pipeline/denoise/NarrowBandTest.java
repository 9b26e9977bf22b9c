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
 * nothing above 4 kHz) with white or pink noise at 0, 5 and 10 dB SNR comes out with SI-SDR at least 5 dB above the noisy
 * input's and STOI not below it (the quality issue's "never worse", here; until 7 Dec 2026, seventh session, the bound
 * allowed 0.015 below, the gap earlier models had). Measured with stage 24 and the features' noise floor above 4 kHz
 * ({@link MaskFeatures#compressedWithFloor}, since 7 Dec 2026, fifth session): SI-SDR +6.4 to +12.0 dB, white noise at 10 dB
 * least, STOI from 0.057 to 0.008 above (white noise at 10 dB least); stage 23: +6.3 to +11.9 dB, STOI 0.056 to 0.004
 * above; stage 22: +6.3 to +11.8 dB, STOI 0.056 to 0.005
 * above; stage 21: +6.2 to +11.7 dB, STOI 0.060 to 0.001 above;
 * stage 20: +6.0 to +11.6 dB, STOI 0.041 above to 0.004 below; stage 19 with the floor: +5.9 to +11.5 dB, 0.035 above to
 * 0.007 below; without the floor stage 19 gave +2.1 to +10.7 dB and STOI from 0.021 above to 0.033 below (the narrow-band
 * companion bundled until 7 Dec 2026: +4.0 to +10.9 dB, 0.015 to 0.041 below; stage 4: +3.0 to +13.7 dB; the stage-3 model lost 1.3 to 5.8 dB here). On held-out
 * utterances with real noise at 8 kHz the model raises the mean STOI, but a few files per SNR still lose some (see the
 * README).
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
    void raisesSiSdrAndNeverLowersStoi(String kind, double snrDb) {
        float[] noise = kind.equals("white") ? ColoredNoise.white(clean.length, 21) : ColoredNoise.pink(clean.length, 22);
        float[] noisy = NoiseMixer.mixAtSnr(clean, noise, snrDb, new SplittableRandom(0)).mixed(); // same length: offset 0
        float[] out = new ChunkedEnhancer(model, 1).process(noisy, RATE);
        double sdrIn = SiSdr.compute(clean, noisy);
        double sdrOut = SiSdr.compute(clean, out);
        double stoiIn = Stoi.compute(clean, noisy, RATE);
        double stoiOut = Stoi.compute(clean, out, RATE);
        System.out.printf(Locale.ROOT, "8 kHz, %s %.0f dB: SI-SDR %.2f -> %.2f dB, STOI %.3f -> %.3f%n", kind, snrDb, sdrIn, sdrOut, stoiIn, stoiOut);
        assertThat(sdrOut).as("SI-SDR (dB)").isGreaterThanOrEqualTo(sdrIn + 5);
        assertThat(stoiOut).as("STOI").isGreaterThanOrEqualTo(stoiIn);
    }
}
