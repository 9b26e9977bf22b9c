package dev.sonicsaviors.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.pipeline.train.FreshNoiseTrainingData;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig.Approach;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds training examples mixed afresh every epoch from speech and noise folders (the {@code --speech/--noise} source). */
final class FreshExamples {
    private FreshExamples() {
    }

    /**
     * Loads speech and noise (split by speaker, and noise recordings split too) and returns fresh-noise training data
     * with a fixed validation set; the worker threads stop when the JVM exits (the CLI runs one training per process).
     */
    @SuppressWarnings("resource")
    static TrainCommand.Examples load(Path speech, Path noise, Approach approach, long seed, PrintStream err, boolean quiet)
            throws IOException {
        for (Path d : new Path[] {speech, noise}) {
            if (!Files.isDirectory(d)) {
                throw new java.nio.file.NotDirectoryException(d.toString());
            }
        }
        PrepareConfig cfg = PrepareConfig.defaults(approach, true).withSeed(seed);
        FreshNoiseTrainingData.Sets sets = FreshNoiseTrainingData.fromFolders(speech, noise, cfg, new CliProgress(err, quiet));
        for (String s : sets.provenance().skipped()) {
            err.println("sonic: skipped " + s);
        }
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("source", "fresh noise every epoch");
        prov.put("speechDir", speech.toAbsolutePath().toString());
        prov.put("noiseDir", noise.toAbsolutePath().toString());
        prov.put("noise", Map.of("kind", cfg.noiseKind().name().toLowerCase(java.util.Locale.ROOT), "snrMinDb", cfg.snrMinDb(),
                "snrMaxDb", cfg.snrMaxDb()));
        @SuppressWarnings("unchecked")
        Map<String, Object> details = new ObjectMapper().convertValue(sets.provenance(), Map.class);
        prov.put("details", details);
        return new TrainCommand.Examples(sets.train(), sets.validation(), sets.normalization(), prov);
    }
}
