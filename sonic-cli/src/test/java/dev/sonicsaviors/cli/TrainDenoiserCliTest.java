package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static dev.sonicsaviors.cli.SonicCliTest.speechLike;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonic train-denoiser} on a tiny generated corpus and {@code sonic denoise --model default} end to end. */
class TrainDenoiserCliTest {
    @TempDir
    Path tmp;

    @Test
    void denoiseWithTheBundledModelKeepsRateAndLength() throws IOException {
        int rate = 16000;
        int n = rate * 2 + 7;
        Path in = tmp.resolve("noisy.wav");
        WavWriter.write(in, new float[][] {DenoiseCliTest.withNoise(speechLike(n, rate, 1), 0.03, 2)}, rate, 16);
        Path out = tmp.resolve("clean.wav");
        SonicCliTest.Run r = sonic("denoise", in.toString(), "-o", out.toString(), "--model", "default", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("1 of 1 file denoised with default");
        AudioData got = AudioReader.read(out);
        assertThat(got.sampleRate()).isEqualTo(rate);
        assertThat(got.frames()).isEqualTo(n);
    }

    @Test
    void trainsTwoStepsFineTunesOneAndDenoiseRunsBothModelFoldersKeepingTheLength() throws IOException {
        int rate = 22050;
        for (int i = 0; i < 4; i++) {
            Path f = tmp.resolve("speech/spk" + i + "_utt.wav");
            Files.createDirectories(f.getParent());
            WavWriter.write(f, new float[][] {speechLike(rate * 2, rate, 10 + i)}, rate, 16);
        }
        for (int i = 0; i < 5; i++) {
            Path f = tmp.resolve("noise/n" + i + ".wav");
            Files.createDirectories(f.getParent());
            WavWriter.write(f, new float[][] {DenoiseCliTest.withNoise(new float[rate], 0.05 * (i + 1), 20 + i)}, rate, 16);
        }
        Path run = tmp.resolve("run");
        SonicCliTest.Run r = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise", tmp.resolve("noise").toString(),
                "-o", run.toString(), "--max-steps", "2", "--steps-per-epoch", "2", "--batch", "2", "--frames", "24", "--validation", "2",
                "--eval-mixtures", "1", "--threads", "1", "--quiet");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("step limit 2").contains("model SI-SDR improvement");
        assertThat(run.resolve("model/model.json")).exists();
        assertThat(run.resolve("evaluation.json")).exists();
        Path in = tmp.resolve("speech/spk0_utt.wav");
        SonicCliTest.Run d = sonic("denoise", in.toString(), "-o", tmp.resolve("out.wav").toString(), "--model", run.resolve("model").toString(),
                "--quiet");
        assertThat(d.code()).as(d.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("out.wav")).frames()).isEqualTo(rate * 2);

        Path tuned = tmp.resolve("tuned");
        SonicCliTest.Run f = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise", tmp.resolve("noise").toString(),
                "-o", tuned.toString(), "--init", run.resolve("model").toString(), "--max-steps", "1", "--steps-per-epoch", "1", "--batch", "2",
                "--frames", "33", "--validation", "2", "--eval-mixtures", "0", "--threads", "1", "--spectral-loss", "0.1",
                "--suppression-loss", "1", "--intelligibility-loss", "0.05", "--refine", "--noise-by-folder", "--narrow-band", "1",
                "--mixing-seed", "1234", "--speech-eq", "0.5", "--thin-mic", "0.25", "--empty-band-floor", "--babble", "0.5", "--quiet");
        assertThat(f.code()).as(f.err()).isZero();
        String json = Files.readString(tuned.resolve("model/model.json"));
        assertThat(json).contains("\"initialModel\"").contains("\"noiseAugmentation\"").contains("\"speedProbability\" : 0.5")
                .contains("0.1 x spectral distortion").contains("1.0 x mean max(0, clean - output)^2")
                .contains("0.05 x (1 - ESTOI-like correlation of 1/3-octave band envelopes, 33-frame segments)")
                .contains("mask-net-refined-257x33").contains("\"noiseDraw\" : \"folder first").contains("\"narrowBandProbability\" : 1.0")
                .contains("\"mixingSeed\" : 1234").contains("\"speechEqProbability\" : 0.5")
                .contains("\"thinMicProbability\" : 0.25").contains("\"emptyBandFloor\" : \"narrow-band mixtures")
                .contains("\"babble\" : \"0.5 of the training mixtures: 4-8 other training recordings summed");
        assertThat(Files.readString(run.resolve("model/model.json"))).doesNotContain("noiseDraw").doesNotContain("mixingSeed");
        SonicCliTest.Run refined = sonic("denoise", in.toString(), "-o", tmp.resolve("refined.wav").toString(), "--model",
                tuned.resolve("model").toString(), "--quiet");
        assertThat(refined.code()).as(refined.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("refined.wav")).frames()).isEqualTo(rate * 2);
        Path decoded = tmp.resolve("decoded");
        SonicCliTest.Run u = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise", tmp.resolve("noise").toString(),
                "-o", decoded.toString(), "--init", tuned.resolve("model").toString(), "--decoder", "--max-steps", "1", "--steps-per-epoch", "1",
                "--batch", "2", "--frames", "24", "--validation", "2", "--eval-mixtures", "0", "--threads", "1", "--quiet");
        assertThat(u.code()).as(u.err()).isZero();
        assertThat(Files.readString(decoded.resolve("model/model.json"))).contains("mask-net-unet-257x24");
        SonicCliTest.Run du = sonic("denoise", in.toString(), "-o", tmp.resolve("decoded.wav").toString(), "--model",
                decoded.resolve("model").toString(), "--quiet");
        assertThat(du.code()).as(du.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("decoded.wav")).frames()).isEqualTo(rate * 2);
        Path deep = tmp.resolve("deep");
        SonicCliTest.Run df = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise", tmp.resolve("noise").toString(),
                "-o", deep.toString(), "--deep-filter", "--max-steps", "1", "--steps-per-epoch", "1", "--batch", "2", "--frames", "24",
                "--validation", "2", "--eval-mixtures", "1", "--threads", "1", "--quiet");
        assertThat(df.code()).as(df.err()).isZero();
        assertThat(df.out()).contains("model SI-SDR improvement");
        assertThat(Files.readString(deep.resolve("model/model.json"))).contains("mask-net-lite-df-257x24")
                .contains("\"features\" : \"compressed magnitude and phase (deep filtering)\"")
                .contains("0.5 x mean |Yc - Sc|^2 of compressed complex values below bin 96");
        SonicCliTest.Run dd = sonic("denoise", in.toString(), "-o", tmp.resolve("deep.wav").toString(), "--model",
                deep.resolve("model").toString(), "--strength", "0.7", "--quiet");
        assertThat(dd.code()).as(dd.err()).isZero();
        assertThat(AudioReader.read(tmp.resolve("deep.wav")).frames()).isEqualTo(rate * 2);
        SonicCliTest.Run negative = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("neg").toString(), "--suppression-loss", "-1", "--quiet");
        assertThat(negative.code()).isEqualTo(2);
        assertThat(negative.err()).contains("--suppression-loss");
        SonicCliTest.Run badBand = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("band").toString(), "--narrow-band", "1.5", "--quiet");
        assertThat(badBand.code()).isEqualTo(2);
        assertThat(badBand.err()).contains("--narrow-band");
        SonicCliTest.Run badEq = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("eq").toString(), "--speech-eq", "2", "--quiet");
        assertThat(badEq.code()).isEqualTo(2);
        assertThat(badEq.err()).contains("--speech-eq");
        SonicCliTest.Run badThin = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("thin").toString(), "--thin-mic", "-0.5", "--quiet");
        assertThat(badThin.code()).isEqualTo(2);
        assertThat(badThin.err()).contains("--thin-mic");
        SonicCliTest.Run badBabble = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("babble").toString(), "--babble", "1.5", "--quiet");
        assertThat(badBabble.code()).isEqualTo(2);
        assertThat(badBabble.err()).contains("--babble");
        assertThat(tmp.resolve("babble")).doesNotExist();
        SonicCliTest.Run noBand = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("floor").toString(), "--empty-band-floor", "--no-augment", "--quiet");
        assertThat(noBand.code()).isEqualTo(2);
        assertThat(noBand.err()).contains("--empty-band-floor");
        assertThat(tmp.resolve("floor")).doesNotExist();
        SonicCliTest.Run tooShort = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise",
                tmp.resolve("noise").toString(), "-o", tmp.resolve("short").toString(), "--intelligibility-loss", "0.1", "--frames", "32", "--quiet");
        assertThat(tooShort.code()).isEqualTo(2);
        assertThat(tooShort.err()).contains("--frames >= 33");
        SonicCliTest.Run both = sonic("train-denoiser", "--speech", tmp.resolve("speech").toString(), "--noise", tmp.resolve("noise").toString(),
                "-o", tuned.toString(), "--init", run.resolve("model").toString(), "--resume", "--quiet");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--init and --resume");
    }
}
