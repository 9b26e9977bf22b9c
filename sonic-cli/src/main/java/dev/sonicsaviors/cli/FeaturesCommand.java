package dev.sonicsaviors.cli;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.Signals;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.report.FeaturePlot;
import java.nio.file.Path;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic features}: writes the 148 x 109 hybrid (mel power over MFCC) of one audio file as librosa computes it. */
@Command(name = "features", mixinStandardHelpOptions = true,
        description = {"Writes the hybrid features of an audio file as a float32 .npy of shape (148, 109):",
                "mel power (rows 0-127) over 20 MFCC (rows 128-147), exactly as librosa 0.11 computes them",
                "from the first 55,296 samples at 22,050 Hz mono (shorter input is zero-padded)."})
final class FeaturesCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "AUDIO", description = "Input audio (WAV, FLAC or MP3; any rate and channel count).")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "NPY", description = "Output .npy file.")
    Path output;

    @Option(names = "--normalized", description = "Write the [0, 1] form the models see instead of raw units.")
    boolean normalized;

    @Option(names = "--stats", paramLabel = "JSON",
            description = "normalization.json to use with --normalized (default: the statistics bundled with sonic).")
    Path stats;

    @Option(names = "--plot", paramLabel = "PNG", description = "Also draw waveform, mel spectrogram (dB) and MFCC.")
    Path plot;

    @Option(names = "--offset", paramLabel = "SECONDS", defaultValue = "0",
            description = "Start of the clip in the input, in seconds (default: ${DEFAULT-VALUE}).")
    double offsetSeconds;

    @Override
    public Integer call() throws Exception {
        FeatureConfig cfg = FeatureConfig.defaults();
        if (offsetSeconds < 0 || !Double.isFinite(offsetSeconds)) {
            throw usage("--offset must be a finite number of seconds >= 0");
        }
        for (Path o : plot == null ? java.util.List.of(output) : java.util.List.of(output, plot)) {
            if (SamePath.replacedInput(o, stats == null ? java.util.List.of(input) : java.util.List.of(input, stats)) != null) {
                throw usage(o + " would replace an input (nothing written)");
            }
        }
        float[] audio = AudioLoader.loadMono(input, cfg.sampleRate());
        int start = (int) Math.min(audio.length, Math.round(offsetSeconds * cfg.sampleRate()));
        float[] clip = Signals.fixLength(Arrays.copyOfRange(audio, start, audio.length), cfg.clipSamples());
        float[][] hybrid = new HybridFeatures(cfg).compute(clip);
        float[][] written = hybrid;
        if (normalized) {
            Normalization norm = stats != null ? Normalization.load(stats) : Normalization.bundled();
            written = norm.normalize(hybrid);
        }
        Npy.write(output, written);
        out().printf("%s: hybrid %d x %d (%s) -> %s%n", input, written.length, written[0].length,
                normalized ? "normalised to [0, 1]" : "raw: mel power over MFCC", output);
        if (plot != null) {
            FeaturePlot.write(plot, clip, hybrid, cfg, input.getFileName().toString());
            out().printf("plot -> %s%n", plot);
        }
        return SonicCli.OK;
    }
}
