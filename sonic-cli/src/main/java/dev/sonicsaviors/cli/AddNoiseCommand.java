package dev.sonicsaviors.cli;

import dev.sonicsaviors.dsp.noise.ColoredNoise;
import dev.sonicsaviors.dsp.noise.NoiseColor;
import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import dev.sonicsaviors.pipeline.AudioLoader;
import java.nio.file.Path;
import java.util.SplittableRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic add-noise}: mixes white, coloured or recorded noise into speech, for making test material. */
@Command(name = "add-noise", mixinStandardHelpOptions = true,
        description = {"Adds noise to an audio file (mixed down to mono, at its own sample rate) and writes a 16-bit WAV:",
                "Gaussian white noise by --sigma, or white/pink/brown/recorded noise at --snr dB."})
final class AddNoiseCommand extends BaseCommand {
    /** Kinds of noise the command can add. */
    enum Kind { white, pink, brown, file }

    @Parameters(index = "0", paramLabel = "AUDIO", description = "Clean input audio.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "WAV", description = "Output WAV file.")
    Path output;

    @Option(names = "--kind", defaultValue = "white", description = "Noise kind: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Kind kind;

    @Option(names = "--snr", paramLabel = "DB", description = "Signal-to-noise ratio in dB over the whole file.")
    Double snrDb;

    @Option(names = "--sigma", paramLabel = "S", description = "Standard deviation of white noise added to the waveform (full scale = 1).")
    Double sigma;

    @Option(names = "--noise-file", paramLabel = "AUDIO", description = "Recorded noise for --kind file (looped if short, random offset).")
    Path noiseFile;

    @Option(names = "--seed", defaultValue = "0", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        if ((snrDb == null) == (sigma == null)) {
            throw usage("give exactly one of --snr or --sigma");
        }
        if (sigma != null && !(sigma > 0 && sigma <= 10)) {
            throw usage("--sigma must be above 0 and at most 10 (full scale = 1), got " + sigma);
        }
        if (snrDb != null && !(Math.abs(snrDb) <= 200)) {
            throw usage("--snr must be a number of dB in -200..200, got " + snrDb);
        }
        if (sigma != null && kind != Kind.white) {
            throw usage("--sigma only applies to --kind white");
        }
        if (kind == Kind.file && noiseFile == null) {
            throw usage("--kind file needs --noise-file");
        }
        if (SamePath.replacedInput(output, noiseFile == null ? java.util.List.of(input) : java.util.List.of(input, noiseFile)) != null) {
            throw usage("-o " + output + " would replace an input (nothing written)");
        }
        AudioData audio = AudioReader.read(input);
        float[] speech = audio.toMono();
        float[] mixed;
        if (sigma != null) {
            mixed = NoiseMixer.addWhite(speech, sigma, seed);
        } else {
            float[] noise = switch (kind) {
                case file -> AudioLoader.loadMono(noiseFile, audio.sampleRate());
                case white -> ColoredNoise.generate(NoiseColor.WHITE, speech.length, seed);
                case pink -> ColoredNoise.generate(NoiseColor.PINK, speech.length, seed);
                case brown -> ColoredNoise.generate(NoiseColor.BROWN, speech.length, seed);
            };
            mixed = NoiseMixer.mixAtSnr(speech, noise, snrDb, new SplittableRandom(seed)).mixed();
        }
        float peak = 0;
        for (float v : mixed) {
            peak = Math.max(peak, Math.abs(v));
        }
        if (peak > 1f) {
            for (int i = 0; i < mixed.length; i++) {
                mixed[i] /= peak;
            }
            err().printf("sonic: %s: mix peaked at %.2f, scaled down by %.1f dB to avoid clipping%n",
                    output, peak, 20 * Math.log10(peak));
        }
        WavWriter.write(output, mixed, audio.sampleRate());
        out().printf("%s + %s noise (%s) -> %s%n", input, kind, sigma != null ? "sigma " + sigma : snrDb + " dB SNR", output);
        return SonicCli.OK;
    }
}
