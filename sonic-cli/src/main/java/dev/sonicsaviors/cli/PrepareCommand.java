package dev.sonicsaviors.cli;

import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.dataset.HybridDatasetBuilder;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig.Approach;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig.NoiseKind;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic prepare}: builds the seed's hybrid files (clean/noisy pairs as .npy) for either approach. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Builds the hybrid files of the seed project: OUT/train and OUT/val (split by speaker), each with",
                "clean.npy and noisy.npy of shape (N, 148, 109) float32 in matching order and manifest.csv,",
                "plus OUT/normalization.json (fitted on train) and OUT/prepare.json (settings and provenance)."})
final class PrepareCommand extends BaseCommand {
    @Option(names = "--approach", required = true, paramLabel = "audio|features",
            description = "Where noise enters: the waveform (audio) or the features of the clean audio (features).")
    String approach;

    @Option(names = "--speech", required = true, paramLabel = "DIR", description = "Folder of clean speech (searched recursively).")
    Path speechDir;

    @Option(names = "--noise", paramLabel = "DIR", description = "Folder of noise recordings (mixed at a random SNR).")
    Path noiseDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path outDir;

    @Option(names = "--noise-kind", paramLabel = "KIND",
            description = "files, white, pink, brown or gaussian (default: files with --noise, else white for audio, gaussian for features).")
    String noiseKind;

    @Option(names = "--snr-min", paramLabel = "DB", description = "Lowest SNR in dB (default: -5).")
    Double snrMin;

    @Option(names = "--snr-max", paramLabel = "DB", description = "Highest SNR in dB (default: 20).")
    Double snrMax;

    @Option(names = "--sigma", paramLabel = "S", description = "Sigma of white (waveform) or gaussian (normalised feature) noise (default: 0.05).")
    Double sigma;

    @Option(names = "--val-fraction", paramLabel = "F", description = "Share of speakers held out for validation (default: 0.1).")
    Double valFraction;

    @Option(names = "--seed", description = "Random seed (default: 42).")
    Long seed;

    @Option(names = "--threads", description = "Worker threads (default: all processors).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Approach a = parseEnum(Approach.class, approach, "--approach");
        if (!Files.isDirectory(speechDir)) {
            throw new java.nio.file.NotDirectoryException(speechDir.toString());
        }
        if (noiseDir != null && !Files.isDirectory(noiseDir)) {
            throw new java.nio.file.NotDirectoryException(noiseDir.toString());
        }
        PrepareConfig cfg = PrepareConfig.defaults(a, noiseDir != null);
        try {
            if (noiseKind != null) {
                cfg = cfg.withNoiseKind(parseEnum(NoiseKind.class, noiseKind, "--noise-kind"));
            }
            if (snrMin != null || snrMax != null) {
                cfg = cfg.withSnr(snrMin != null ? snrMin : cfg.snrMinDb(), snrMax != null ? snrMax : cfg.snrMaxDb());
            }
            if (sigma != null) {
                cfg = cfg.withSigma(sigma);
            }
            if (valFraction != null) {
                cfg = cfg.withValidationFraction(valFraction);
            }
            if (seed != null) {
                cfg = cfg.withSeed(seed);
            }
            if (threads != null) {
                cfg = cfg.withThreads(threads);
            }
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        if (cfg.noiseKind() == NoiseKind.FILES && noiseDir == null) {
            throw usage("--noise-kind files needs --noise DIR");
        }
        HybridDatasetBuilder builder = new HybridDatasetBuilder(cfg, AudioLoader::loadMono);
        HybridDatasetBuilder.Result r = builder.run(speechDir, noiseDir, outDir, new CliProgress(err(), quiet));
        for (String s : r.skipped()) {
            err().println("sonic: skipped " + s);
        }
        out().printf("prepared %s-level hybrid files in %s (%.1f s):%n", a.name().toLowerCase(java.util.Locale.ROOT), outDir, r.seconds());
        out().printf("  train: %d clips from %d files, %d speakers%n", r.trainClips(), r.trainFiles(), r.trainSpeakers());
        out().printf("  val:   %d clips from %d files, %d speakers%n", r.valClips(), r.valFiles(), r.valSpeakers());
        if (!r.skipped().isEmpty()) {
            out().printf("  skipped %d unreadable files (listed above)%n", r.skipped().size());
        }
        return r.trainClips() == 0 ? SonicCli.FAILURE : SonicCli.OK;
    }
}
