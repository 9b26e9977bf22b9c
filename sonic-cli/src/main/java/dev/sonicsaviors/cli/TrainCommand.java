package dev.sonicsaviors.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.model.Architecture;
import dev.sonicsaviors.model.Architectures;
import dev.sonicsaviors.model.EpochRecord;
import dev.sonicsaviors.model.Model;
import dev.sonicsaviors.model.TrainConfig;
import dev.sonicsaviors.model.TrainListener;
import dev.sonicsaviors.model.TrainResult;
import dev.sonicsaviors.model.Trainer;
import dev.sonicsaviors.model.TrainingData;
import dev.sonicsaviors.pipeline.dataset.HybridDataset;
import dev.sonicsaviors.pipeline.report.LossCurvePlot;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig.Approach;
import dev.sonicsaviors.pipeline.denoise.Predictor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic train}: trains a hybrid autoencoder (the seed's by default) on prepared hybrid files or fresh mixtures. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains the seed's autoencoder (Adam, MSE) to map noisy hybrids to clean ones, normalised to [0, 1].",
                "Writes OUT/model (weights, architecture, normalisation, features, approach, noise, seed, data hashes,",
                "history), OUT/checkpoint (resumable with --resume), OUT/best, OUT/history.csv and OUT/loss.png."})
final class TrainCommand extends BaseCommand {
    @Option(names = "--approach", required = true, paramLabel = "audio|features", description = "Where noise enters (must match the data).")
    String approach;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    /** Where the examples come from. */
    static final class Source {
        @Option(names = "--data", paramLabel = "DIR", description = "Hybrid files from 'sonic prepare'.")
        Path data;

        @ArgGroup(exclusive = false)
        Fresh fresh;
    }

    /** Fresh mixtures every epoch. */
    static final class Fresh {
        @Option(names = "--speech", required = true, paramLabel = "DIR", description = "Clean speech (mixed with fresh noise every epoch).")
        Path speech;

        @Option(names = "--noise", required = true, paramLabel = "DIR", description = "Noise recordings.")
        Path noise;
    }

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--arch", defaultValue = "seed-autoencoder", description = "Architecture (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--epochs", defaultValue = "50", description = "Most epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "32", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--patience", defaultValue = "6", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of initial weights and shuffling (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in all (0: no limit).")
    long maxSteps;

    @Option(names = "--max-minutes", defaultValue = "0", description = "Stop after this many minutes (0: no limit).")
    double maxMinutes;

    @Option(names = "--resume", description = "Continue the run in OUT from its last checkpoint.")
    boolean resume;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Approach a = parseEnum(Approach.class, approach, "--approach");
        Architecture architecture;
        try {
            architecture = Architectures.byName(arch);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        TrainConfig cfg;
        try {
            cfg = TrainConfig.defaults().withEpochs(epochs).withBatchSize(batch).withLearningRate(lr).withPatience(patience)
                    .withSeed(seed).withThreads(threads).withMaxSteps(maxSteps).withMaxMinutes(maxMinutes);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        FeatureConfig features = FeatureConfig.defaults();
        int[] shape = architecture.inputShape();
        Examples ex = source.data != null ? fromPrepared(source.data, a, shape) : FreshExamples.load(source.fresh.speech,
                source.fresh.noise, a, seed, err(), quiet);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("tool", "sonic train");
        meta.put(Predictor.APPROACH, a.name().toLowerCase(Locale.ROOT));
        meta.put(Predictor.FEATURES, Predictor.featuresMap(features));
        meta.put(Predictor.NORMALIZATION, Predictor.normalizationTree(ex.normalization()));
        meta.put("seed", seed);
        meta.put("train", Map.of("epochs", epochs, "batch", batch, "lr", lr, "patience", patience, "maxSteps", maxSteps,
                "maxMinutes", maxMinutes));
        meta.put("data", ex.provenance());

        Trainer trainer = new Trainer(architecture, cfg);
        out().printf("training %s on %d examples, validating on %d; output %s%n", architecture.name(), ex.train().size(), ex.validation() == null ? 0 : ex.validation().size(), out);
        TrainResult r;
        try (BarListener bars = new BarListener()) {
            r = resume ? trainer.resume(ex.train(), ex.validation(), out, meta, bars)
                    : trainer.train(ex.train(), ex.validation(), out, meta, bars);
        }
        LossCurvePlot.write(out.resolve("loss.png"), r.history(), architecture.name() + " (" + a.name().toLowerCase(Locale.ROOT) + " level)");
        out().printf("stopped: %s; best epoch %d, validation MSE %.6f; model in %s%n", r.stopReason(), r.bestEpoch(), r.bestValLoss(),
                r.modelDir());
        if (ex.validation() != null && ex.validation().size() > 0) {
            double[] mse = validationMse(r.modelDir(), ex.validation());
            out().printf(Locale.ROOT, "validation (normalised [0,1] domain): MSE noisy vs clean %.6f, output vs clean %.6f (%.1f%% lower)%n",
                    mse[0], mse[1], 100 * (1 - mse[1] / mse[0]));
        }
        return SonicCli.OK;
    }

    /** Training examples, their normalisation and where they came from. */
    record Examples(TrainingData train, TrainingData validation, Normalization normalization, Map<String, Object> provenance) {
    }

    private Examples fromPrepared(Path dir, Approach a, int[] shape) throws Exception {
        Path prep = dir.resolve("prepare.json");
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("source", "prepared");
        prov.put("dir", dir.toAbsolutePath().toString());
        if (Files.isRegularFile(prep)) {
            Map<?, ?> p = new ObjectMapper().readValue(prep.toFile(), Map.class);
            Object cfg = p.get("config");
            if (cfg instanceof Map<?, ?> c && c.get("approach") instanceof String da && !da.equalsIgnoreCase(a.name())) {
                throw new java.io.IOException(prep + ": these hybrid files were prepared for the " + da + " approach, not "
                        + a.name().toLowerCase(Locale.ROOT));
            }
            prov.put("prepare", p);
        }
        HybridDataset.Loaded d = HybridDataset.load(dir, shape[0], shape[1]);
        prov.put("trainSha256", d.train().sha256());
        prov.put("trainExamples", d.train().size());
        if (d.validation() != null) {
            prov.put("valSha256", d.validation().sha256());
            prov.put("valExamples", d.validation().size());
        }
        return new Examples(d.train().data(), d.validation() == null ? null : d.validation().data(), d.normalization(), prov);
    }

    /** Returns {MSE(noisy, clean), MSE(model(noisy), clean)} over a validation set, normalised domain. */
    private double[] validationMse(Path modelDir, TrainingData val) throws Exception {
        try (Model m = Model.load(modelDir, threads)) {
            int size = val.exampleSize();
            int chunk = 32;
            double noisyErr = 0;
            double outErr = 0;
            long count = 0;
            for (int from = 0; from < val.size(); from += chunk) {
                int n = Math.min(chunk, val.size() - from);
                int[] idx = new int[n];
                for (int i = 0; i < n; i++) {
                    idx[i] = from + i;
                }
                float[] x = new float[n * size];
                float[] y = new float[n * size];
                val.fill(idx, x, y);
                float[] p = m.predict(x, n);
                for (int i = 0; i < x.length; i++) {
                    double dn = x[i] - y[i];
                    double dp = p[i] - y[i];
                    noisyErr += dn * dn;
                    outErr += dp * dp;
                }
                count += x.length;
            }
            return new double[] {noisyErr / count, outErr / count};
        }
    }

    /** Draws one progress bar per epoch with the running loss, and prints a line per finished epoch. */
    private final class BarListener implements TrainListener, AutoCloseable {
        private ProgressBar bar;
        private double lossSum;
        private int steps;

        @Override
        public void epochStarted(int epoch, int epochsTotal, int stepsPerEpoch, double rate) {
            close();
            lossSum = 0;
            steps = 0;
            if (!quiet) {
                bar = new ProgressBarBuilder().setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochsTotal))
                        .setInitialMax(stepsPerEpoch).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                        .setConsumer(new ConsoleProgressBarConsumer(err())).build();
            }
        }

        @Override
        public void stepFinished(int epoch, int step, int stepsPerEpoch, double loss, double seconds) {
            lossSum += loss;
            steps++;
            if (bar != null) {
                bar.stepTo(step);
                bar.setExtraMessage(String.format(Locale.ROOT, " loss %.5f", lossSum / steps));
            }
        }

        @Override
        public void epochFinished(EpochRecord r) {
            close();
            out().printf(Locale.ROOT, "epoch %3d  loss %.6f  val_loss %.6f  lr %.2g  %.1f s%n", r.epoch(), r.loss(), r.valLoss(), r.lr(),
                    r.seconds());
        }

        @Override
        public void close() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }
    }
}
