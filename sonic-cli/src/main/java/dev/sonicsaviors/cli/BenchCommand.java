package dev.sonicsaviors.cli;

import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.dsp.noise.SyntheticSpeech;
import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.NoiseColor;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic bench}: the real-time factor of denoising (processing time / audio duration) for each model. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measures the real-time factor of 'denoise' (seconds of processing per second of audio, decoding and",
                "writing excluded) for each model, on --input looped to --seconds, or on generated noisy audio."})
final class BenchCommand extends BaseCommand {
    @Option(names = "--model", paramLabel = "NAME|FOLDER", description = "Models to time (default: every built-in model).")
    List<String> models;

    @Option(names = "--input", paramLabel = "AUDIO", description = "Audio to denoise (mixed to mono, looped to --seconds).")
    Path input;

    @Option(names = "--seconds", defaultValue = "60", description = "Seconds of audio per run (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--rate", defaultValue = "16000", description = "Sample rate of generated audio in Hz (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--repeat", defaultValue = "3", description = "Timed runs per model; the fastest is reported (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        if (!(seconds > 0) || repeat < 1 || rate < 1000) {
            throw usage("--seconds must be > 0, --repeat >= 1, --rate >= 1000");
        }
        float[] audio;
        int sr;
        if (input != null) {
            AudioData d = AudioReader.read(input);
            sr = d.sampleRate();
            audio = loop(d.toMono(), (int) Math.round(seconds * sr));
        } else {
            sr = rate;
            audio = ColoredNoise.generate(NoiseColor.PINK, (int) Math.round(seconds * sr), 1);
            float[] tone = SyntheticSpeech.voiced(audio.length, sr, 1);
            for (int i = 0; i < audio.length; i++) {
                audio[i] = 0.05f * audio[i] + tone[i];
            }
        }
        List<String> names = models == null || models.isEmpty() ? new ArrayList<>(Denoisers.names()) : models;
        out().printf(Locale.ROOT, "%.0f s of audio at %d Hz, %d run(s) each, %d processor(s)%n", audio.length / (double) sr, sr, repeat,
                Runtime.getRuntime().availableProcessors());
        for (String name : names) {
            Denoiser e;
            try {
                e = Denoisers.load(name);
            } catch (IllegalArgumentException ex) {
                throw usage("--model: " + ex.getMessage());
            }
            e.denoise(new float[][] {java.util.Arrays.copyOf(audio, Math.min(audio.length, 5 * sr))}, sr);
            double best = Double.MAX_VALUE;
            for (int r = 0; r < repeat; r++) {
                long t0 = System.nanoTime();
                e.denoise(new float[][] {audio}, sr);
                best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            }
            e.close();
            double rtf = best / (audio.length / (double) sr);
            out().printf(Locale.ROOT, "%-24s real-time factor %.4f (%.2f s; one hour in %.0f s)%n", name, rtf, best, rtf * 3600);
        }
        return SonicCli.OK;
    }

    private static float[] loop(float[] x, int n) {
        float[] out = new float[n];
        if (x.length == 0) {
            return out;
        }
        for (int i = 0; i < n; i++) {
            out[i] = x[i % x.length];
        }
        return out;
    }

}
