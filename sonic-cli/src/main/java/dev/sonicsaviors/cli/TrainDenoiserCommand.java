package dev.sonicsaviors.cli;

import dev.sonicsaviors.dsp.noise.MixtureAugmentation;
import dev.sonicsaviors.dsp.noise.NoiseAugmentation;
import dev.sonicsaviors.model.EpochRecord;
import dev.sonicsaviors.model.IntelligibilityLoss;
import dev.sonicsaviors.model.MaskNet;
import dev.sonicsaviors.model.TrainConfig;
import dev.sonicsaviors.model.TrainListener;
import dev.sonicsaviors.model.TrainResult;
import dev.sonicsaviors.model.Trainer;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.denoise.ChunkedEnhancer;
import dev.sonicsaviors.pipeline.denoise.ClassicModels;
import dev.sonicsaviors.pipeline.denoise.Denoiser;
import dev.sonicsaviors.pipeline.eval.MaskEvaluation;
import dev.sonicsaviors.pipeline.denoise.MaskFeatures;
import dev.sonicsaviors.pipeline.denoise.MaskGainModel;
import dev.sonicsaviors.pipeline.train.MaskTrainingData;
import dev.sonicsaviors.io.AtomicFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sonic train-denoiser}: trains the learned mask denoiser ({@link MaskNet}) on speech mixed on the fly with noise. */
@Command(name = "train-denoiser", mixinStandardHelpOptions = true,
        description = {"Trains the learned mask denoiser (mask-net: STFT 512/256 at 22,050 Hz, compressed-magnitude MSE) on",
                "random speech crops mixed on the fly with noise recordings at -5..20 dB SNR; speakers and noise files of the",
                "validation split are never trained on. Writes OUT/model (usable as 'denoise --model OUT/model'),",
                "OUT/checkpoint, OUT/best, OUT/history.csv and OUT/evaluation.json (SI-SDR improvement vs wiener at 0/5/10 dB)."})
final class TrainDenoiserCommand extends BaseCommand {
    @Option(names = "--speech", required = true, paramLabel = "DIR", description = {"Clean speech (manifest.csv in it or beside it gives speakers); "
            + "repeat for more folders: the first is split into training and validation speakers, the others are training-only "
            + "(without the first folder's validation speakers)."})
    List<Path> speech;

    @Option(names = "--noise", required = true, paramLabel = "DIR", description = "Noise recordings; repeat for more folders (the first is split, "
            + "every 5th file to validation; the others are training-only).")
    List<Path> noise;

    @Option(names = "--rir", paramLabel = "DIR", description = "Room impulse responses for the reverberation augmentation.")
    private Path rir;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--minutes", defaultValue = "30", description = "Training time limit in minutes (default: ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--max-steps", defaultValue = "0", description = "Stop after this many steps in all (0: no limit).")
    long maxSteps;

    @Option(names = "--steps-per-epoch", defaultValue = "100", description = "Steps per epoch (default: ${DEFAULT-VALUE}).")
    int stepsPerEpoch;

    @Option(names = "--batch", defaultValue = "16", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--frames", defaultValue = "192", description = "STFT frames per training crop (default: ${DEFAULT-VALUE}, 2.2 s).")
    int frames;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Initial learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--validation", defaultValue = "64", description = "Fixed validation examples (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--eval-mixtures", defaultValue = "8", description = "SI-SDR check: mixtures per SNR, 0 to skip (default: ${DEFAULT-VALUE}).")
    int evalMixtures;

    @Option(names = "--evaluate", paramLabel = "MODEL", description = "Skip training: only run the SI-SDR check of this model folder "
            + "(results in OUT/evaluation.json).")
    Path evaluate;

    @Option(names = "--init", paramLabel = "MODEL", description = "Start from the weights of this model folder (fine-tuning) instead of fresh ones.")
    private Path init;

    @Option(names = "--spectral-loss", defaultValue = "0", paramLabel = "W",
            description = "Add W x the spectral distortion of uncompressed magnitudes to the loss (default: ${DEFAULT-VALUE}).")
    private double spectralLoss;

    @Option(names = "--suppression-loss", defaultValue = "0", paramLabel = "A",
            description = "Add A x the mean squared shortfall max(0, clean - output) of compressed magnitudes to the loss, so that removing "
                    + "speech costs 1 + A times what leaving noise costs (default: ${DEFAULT-VALUE}).")
    private double suppressionLoss;

    @Option(names = "--intelligibility-loss", defaultValue = "0", paramLabel = "W",
            description = "Add W x an ESTOI-like intelligibility term (one minus the correlation of one-third-octave band envelopes "
                    + "over 384 ms segments) to the loss (default: ${DEFAULT-VALUE}).")
    private double intelligibilityLoss;

    @Option(names = "--refine", description = "Add the full-resolution refinement stage to the network (mask-net-refined; "
            + "--init may name a plain mask-net model, whose gains it starts from).")
    private boolean refine;

    @Option(names = "--decoder", description = "Add the refinement stage and a frequency decoder with skip connections from the front end "
            + "(mask-net-unet; --init may name a refined model, whose gains it starts from).")
    private boolean decoder;

    @Option(names = "--lite", description = "As --decoder with a refinement stage of one convolution instead of two (mask-net-lite, about "
            + "a fifth faster; --init may name a model whose variables tools/train/unet-to-lite.py renamed).")
    private boolean lite;

    @Option(names = "--deep-filter", description = "As --lite plus a deep-filtering stage on the band below 4.1 kHz (mask-net-lite-df: a "
            + "complex filter of 5 frames per bin added to the masked STFT, so that phase and harmonics between frames can be "
            + "restored; the loss gains 0.5 x the compressed complex error there; --init may name a lite model, which it starts "
            + "computing the same output as).")
    private boolean deepFilter;

    @Option(names = "--no-augment", description = "Mix the training noise recordings as they are (no speed change, equaliser or second noise; "
            + "nor reverberation, rumble, level or band-limit variation).")
    private boolean noAugment;

    @Option(names = "--near-clean", defaultValue = "0", paramLabel = "P",
            description = "Share of training mixtures at 20-45 dB SNR instead of -5..20 dB (nearly clean input, which the model "
                    + "should leave alone; default: ${DEFAULT-VALUE}).")
    private double nearClean;

    @Option(names = "--narrow-band", paramLabel = "P",
            description = "Share of training mixtures band-limited to 3.4-4 kHz as 8 kHz recordings are (default: the augmentation's "
                    + "0.12; 1 trains a narrow-band companion, for a model folder's narrow-band/ subfolder).")
    private Double narrowBand;

    @Option(names = "--speech-eq", defaultValue = "0", paramLabel = "P",
            description = "Share of training mixtures whose speech is coloured by a random equaliser, as microphones colour it "
                    + "(shelves at 300 Hz and 3 kHz up to +-10 dB, a peak up to +-6 dB; the clean target keeps the colour; default: "
                    + "${DEFAULT-VALUE}).")
    private double speechEq;

    @Option(names = "--thin-mic", defaultValue = "0", paramLabel = "P",
            description = "Share of training mixtures whose speech is thinned by a random high-pass (300-2,000 Hz, 6 or 12 dB per "
                    + "octave), as small or distant microphones thin it (the clean target keeps it; default: ${DEFAULT-VALUE}).")
    private double thinMic;

    @Option(names = "--babble", defaultValue = "0", paramLabel = "P",
            description = "Share of training mixtures whose noise is babble instead of a recording: 4-8 crops of other training "
                    + "recordings summed (half of them reverberated), at 0-20 dB SNR (default: ${DEFAULT-VALUE}).")
    private double babble;

    @Option(names = "--empty-band-floor", description = "Give the narrow-band training mixtures (sources band-limited to 4 kHz or less) "
            + "the faint noise floor above 4 kHz that 8 kHz input gets in its features when denoised (-50 dB; the targets unchanged).")
    private boolean emptyBandFloor;

    @Option(names = "--noise-by-folder", description = "Draw each training noise folder (--noise) with equal probability, then a recording "
            + "within it (default: every recording equally likely, so a folder of many short clips outweighs one of few long ones).")
    private boolean noiseByFolder;

    @Option(names = "--resume", description = "Continue the run in OUT from its checkpoint (weights, Adam state, learning rate, history).")
    boolean resume;

    @Option(names = "--patience", defaultValue = "8", description = "Early-stopping patience in epochs (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "42",
            description = "Seed of weights, split and (without --mixing-seed) mixing (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--mixing-seed", paramLabel = "SEED", description = "Draw the training mixtures from this seed instead of --seed, "
            + "keeping the speaker split and validation set of --seed (to continue a model on mixtures it has not seen).")
    private Long mixingSeed;

    @Option(names = "--threads", defaultValue = "2", description = "TensorFlow threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!(minutes >= 0) || stepsPerEpoch < 1 || batch < 1 || frames < 16 || validation < 1 || evalMixtures < 0 || threads < 1) {
            throw usage("need --minutes >= 0, --steps-per-epoch >= 1, --batch >= 1, --frames >= 16, --validation >= 1, --threads >= 1");
        }
        if (!(spectralLoss >= 0) || Double.isInfinite(spectralLoss) || !(suppressionLoss >= 0) || Double.isInfinite(suppressionLoss)
                || !(intelligibilityLoss >= 0) || Double.isInfinite(intelligibilityLoss)) {
            throw usage("--spectral-loss, --suppression-loss and --intelligibility-loss must be finite numbers >= 0");
        }
        IntelligibilityLoss intelligibility = IntelligibilityLoss.forStft(MaskFeatures.RATE, MaskFeatures.N_FFT, MaskFeatures.HOP);
        if (intelligibilityLoss > 0 && frames < intelligibility.segmentFrames()) {
            throw usage("--intelligibility-loss needs --frames >= " + intelligibility.segmentFrames() + " (one 384 ms segment)");
        }
        if (!(nearClean >= 0 && nearClean <= 1) || (noAugment && nearClean > 0)) {
            throw usage("--near-clean must be in [0, 1] and does not go with --no-augment");
        }
        if (!(babble >= 0 && babble <= 1)) {
            throw usage("--babble must be in [0, 1]: " + babble);
        }
        if (narrowBand != null && (!(narrowBand >= 0 && narrowBand <= 1) || noAugment)) {
            throw usage("--narrow-band must be in [0, 1] and does not go with --no-augment");
        }
        if (!(speechEq >= 0 && speechEq <= 1) || (noAugment && speechEq > 0)) {
            throw usage("--speech-eq must be in [0, 1] and does not go with --no-augment");
        }
        if (!(thinMic >= 0 && thinMic <= 1) || (noAugment && thinMic > 0)) {
            throw usage("--thin-mic must be in [0, 1] and does not go with --no-augment");
        }
        MaskNet.Variant variant = deepFilter ? MaskNet.Variant.LITE_DF : lite ? MaskNet.Variant.LITE
                : decoder ? MaskNet.Variant.UNET : refine ? MaskNet.Variant.REFINED : MaskNet.Variant.PLAIN;
        MaskNet arch = new MaskNet(MaskFeatures.BINS, frames, spectralLoss, suppressionLoss, variant, intelligibility, intelligibilityLoss);
        TrainConfig cfg = TrainConfig.defaults().withEpochs(100_000).withBatchSize(batch).withLearningRate(lr).withPatience(Math.max(1, patience))
                .withSchedule(0.5, 3, 1e-5).withSeed(seed).withThreads(threads).withMaxSteps(maxSteps).withMaxMinutes(minutes);
        CliProgress bar = new CliProgress(err(), quiet);
        if (init != null && resume) {
            throw usage("--init and --resume do not go together");
        }
        NoiseAugmentation augmentation = noAugment ? NoiseAugmentation.none() : NoiseAugmentation.defaults();
        MixtureAugmentation mix = noAugment ? MixtureAugmentation.none()
                : MixtureAugmentation.defaults().withNearCleanProbability(nearClean).withSpeechEqProbability(speechEq)
                        .withThinMicProbability(thinMic);
        if (narrowBand != null) {
            mix = mix.withNarrowBandProbability(narrowBand);
        }
        if (emptyBandFloor && mix.narrowBandProbability() == 0) {
            throw usage("--empty-band-floor needs narrow-band mixtures (not --no-augment, nor --narrow-band 0)");
        }
        MaskTrainingData.Sets sets = MaskTrainingData.fromFolders(speech, noise, rir, stepsPerEpoch * batch, validation, frames, seed,
                augmentation, mix, AudioLoader::loadMono, threads, bar);
        if (noiseByFolder) {
            sets = sets.withNoiseDrawnByFolder();
        }
        if (mixingSeed != null) {
            sets = sets.withMixingSeed(mixingSeed);
        }
        if (emptyBandFloor) {
            sets = sets.withEmptyBandFloor();
        }
        if (babble > 0) {
            sets = sets.withBabble(babble);
        }
        if (deepFilter) {
            sets = sets.withPhase();
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("tool", "sonic train-denoiser");
        meta.put("stft", Map.of("sampleRate", MaskFeatures.RATE, "nFft", MaskFeatures.N_FFT, "hopLength", MaskFeatures.HOP,
                "window", "periodic hann, centred (zero padding)"));
        meta.put("features", "noisy |X| scaled to unit mean power per chunk, compressed ^" + MaskNet.COMPRESSION
                + "; output c * x with gain g = c^(1/" + MaskNet.COMPRESSION + ") >= " + MaskNet.GAIN_FLOOR
                + (deepFilter ? "; plus the noisy phase (cos, sin) as input channels, and below bin " + MaskNet.DF_BINS + " a complex filter of "
                        + MaskNet.DF_ORDER + " frames (t-2..t+2) added to g X, output (|Y|^0.3, compressed complex Y)" : ""));
        meta.put("loss", "MSE of compressed magnitudes (masked noisy vs clean)" + (spectralLoss > 0
                ? " + " + spectralLoss + " x spectral distortion sum (g|X| - |S|)^2 / sum |S|^2 per example" : "")
                + (suppressionLoss > 0 ? " + " + suppressionLoss + " x mean max(0, clean - output)^2 of compressed magnitudes" : "")
                + (intelligibilityLoss > 0 ? " + " + intelligibilityLoss + " x (1 - ESTOI-like correlation of 1/3-octave band envelopes, "
                        + intelligibility.segmentFrames() + "-frame segments)" : "")
                + (deepFilter ? " + " + MaskNet.COMPLEX_WEIGHT + " x mean |Yc - Sc|^2 of compressed complex values below bin " + MaskNet.DF_BINS : ""));
        meta.put("seed", seed);
        if (init != null) {
            meta.put("initialModel", init.toString());
        }
        meta.put("data", sets.provenance());
        Path model = evaluate;
        if (model == null) {
            out().printf(Locale.ROOT, "training %s (%d examples per epoch, batch %d, validating on %d); output %s%n", arch.name(),
                    sets.train().size(), batch, validation, out);
            Trainer trainer = new Trainer(arch, cfg);
            TrainResult r = resume ? trainer.resume(sets.train(), sets.validation(), out, meta, new Lines())
                    : init != null ? trainer.fineTune(init, sets.train(), sets.validation(), out, meta, new Lines())
                    : trainer.train(sets.train(), sets.validation(), out, meta, new Lines());
            out().printf(Locale.ROOT, "%s; best epoch %d (validation loss %.5f); model in %s%n", r.stopReason(), r.bestEpoch(), r.bestValLoss(), r.modelDir());
            model = r.modelDir();
        } else {
            java.nio.file.Files.createDirectories(out);
        }
        if (evalMixtures > 0) {
            Map<String, Denoiser> ds = new LinkedHashMap<>();
            ds.put("model", new ChunkedEnhancer(MaskGainModel.load(model, "model", threads), 1));
            ds.put("wiener", new ChunkedEnhancer(ClassicModels.wiener(), 1));
            ds.put("specsub", new ChunkedEnhancer(ClassicModels.spectralSubtraction(), 1));
            Map<String, Map<Double, Double>> e = MaskEvaluation.compare(sets.validationSource(), ds, List.of(0.0, 5.0, 10.0), evalMixtures, 4.0, seed + 7);
            for (Map.Entry<String, Map<Double, Double>> m : e.entrySet()) {
                StringBuilder sb = new StringBuilder(m.getKey().equals("input") ? "input SI-SDR" : m.getKey() + " SI-SDR improvement");
                m.getValue().forEach((snr, v) -> sb.append(String.format(Locale.ROOT, "  %+.0f dB: %+.2f", snr, v)));
                out().println(sb);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("what", "mean SI-SDR (input) and SI-SDR improvement (denoisers) in dB on " + evalMixtures
                    + " held-out 4 s mixtures per SNR (validation speakers and noise files)");
            json.put("results", e);
            AtomicFiles.writeString(out.resolve("evaluation.json"), new com.fasterxml.jackson.databind.ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        return SonicCli.OK;
    }

    /** Prints one line per epoch. */
    private final class Lines implements TrainListener {
        @Override
        public void epochFinished(EpochRecord rec) {
            if (!quiet) {
                err().printf(Locale.ROOT, "epoch %d: loss %.5f, validation %.5f, lr %.2g, %.0f s, %d steps%n", rec.epoch(), rec.loss(),
                        rec.valLoss(), rec.lr(), rec.seconds(), rec.steps());
            }
        }

        @Override
        public void finished(String reason) {
            if (!quiet) {
                err().println(reason);
            }
        }
    }
}
