package dev.sonicsaviors.cli;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.pipeline.eval.Evaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic evaluate}: scores noisy and enhanced files against clean references, per file and averaged. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Scores every file of --noisy (and of --enhanced, or of --noisy denoised by --model) against the file of the",
                "same name in --clean: SNR, segmental SNR, SI-SDR, STOI, ESTOI, PESQ WB and NB; prints means with 95%% intervals",
                "for noisy, enhanced and the improvement, and writes OUT/scores.csv and OUT/scores.json."})
final class EvaluateCommand extends BaseCommand {
    @Option(names = "--clean", required = true, paramLabel = "DIR", description = "Clean references.")
    Path cleanDir;

    @Option(names = "--noisy", required = true, paramLabel = "DIR", description = "Noisy files (same relative names).")
    Path noisyDir;

    @ArgGroup(exclusive = true)
    Enhanced enhanced;

    /** Where the enhanced audio comes from. */
    static final class Enhanced {
        @Option(names = "--enhanced", paramLabel = "DIR", description = "Enhanced files (same relative names).")
        Path dir;

        @Option(names = "--model", paramLabel = "NAME|FOLDER", description = "Denoise the noisy files with this model (as 'sonic denoise').")
        String model;
    }

    @Option(names = "--strength", defaultValue = "1", description = "Denoising strength 0..1 with --model (default: ${DEFAULT-VALUE}).")
    double strength;

    @Option(names = {"-o", "--output"}, defaultValue = "evaluation", paramLabel = "DIR", description = "Report folder (default: ${DEFAULT-VALUE}).")
    Path outDir;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        for (Path d : new Path[] {cleanDir, noisyDir, enhanced == null ? null : enhanced.dir}) {
            if (d != null && !Files.isDirectory(d)) {
                throw new java.nio.file.NotDirectoryException(d.toString());
            }
        }
        if (!(strength >= 0 && strength <= 1)) {
            throw usage("--strength must be between 0 and 1");
        }
        Evaluation.Enhancer enhancer = null;
        if (enhanced != null && enhanced.model != null) {
            checkModelFolder(enhanced.model);
            Denoiser e;
            try {
                e = Denoisers.load(DenoiseOptions.of(enhanced.model).withStrength(strength));
            } catch (IllegalArgumentException ex) {
                throw usage("--model: " + ex.getMessage());
            }
            enhancer = (noisy, rate) -> e.denoise(new float[][] {noisy}, rate)[0];
        }
        List<String> files = Evaluation.pairs(cleanDir, noisyDir);
        if (enhanced != null && enhanced.dir != null) {
            List<String> both = Evaluation.pairs(cleanDir, enhanced.dir);
            files.retainAll(both);
        }
        if (files.isEmpty()) {
            throw new java.io.IOException(noisyDir + ": no files with the same names as in " + cleanDir);
        }
        List<Evaluation.FileScores> scores = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        CliProgress bar = new CliProgress(err(), quiet);
        bar.start("evaluate", files.size());
        for (String rel : files) {
            try {
                scores.add(Evaluation.score(cleanDir, noisyDir, enhanced == null ? null : enhanced.dir, enhancer, rel));
            } catch (Exception e) {
                failures.add(rel + ": " + Errors.oneLine(e));
            }
            bar.step(1);
        }
        bar.done();
        for (String f : failures) {
            err().println("sonic: " + f);
        }
        if (scores.isEmpty()) {
            return SonicCli.FAILURE;
        }
        Evaluation.write(outDir, scores);
        boolean withEnhanced = scores.stream().anyMatch(s -> !s.enhanced().isEmpty());
        out().printf(Locale.ROOT, "%d files%s%n", scores.size(), withEnhanced ? "" : " (noisy only)");
        out().printf(Locale.ROOT, "%-8s %22s%s%n", "metric", "noisy", withEnhanced ? String.format(Locale.ROOT, " %22s %22s", "enhanced", "improvement") : "");
        for (String k : Evaluation.KEYS) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-8s %22s", k, fmt(Evaluation.summarize(scores, k, "noisy"))));
            if (withEnhanced) {
                line.append(' ').append(String.format(Locale.ROOT, "%22s", fmt(Evaluation.summarize(scores, k, "enhanced"))));
                line.append(' ').append(String.format(Locale.ROOT, "%22s", fmt(Evaluation.summarize(scores, k, "improvement"))));
            }
            out().println(line);
        }
        out().println("per-file scores: " + outDir.resolve("scores.csv") + ", " + outDir.resolve("scores.json"));
        return failures.isEmpty() ? SonicCli.OK : SonicCli.FAILURE;
    }

    private static String fmt(Evaluation.Summary s) {
        if (s.n() == 0) {
            return "n/a";
        }
        return Double.isNaN(s.ci95()) ? String.format(Locale.ROOT, "%.3f", s.mean()) : String.format(Locale.ROOT, "%.3f +- %.3f", s.mean(), s.ci95());
    }
}
