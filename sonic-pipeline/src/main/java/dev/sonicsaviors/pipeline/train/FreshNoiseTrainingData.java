package dev.sonicsaviors.pipeline.train;

import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.model.ArrayTrainingData;
import dev.sonicsaviors.model.TrainingData;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import dev.sonicsaviors.pipeline.dataset.HybridDatasetBuilder;
import dev.sonicsaviors.pipeline.dataset.NoisyExamples;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import dev.sonicsaviors.pipeline.dataset.SpeakerSplit;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Training data that mixes fresh noise into clean speech clips every epoch ({@code sonic train --speech DIR --noise DIR}).
 *
 * <p>Holds clean clips of {@code clipSamples} samples (55,296 at 22,050 Hz by default), a {@link NoisyExamples} and a
 * {@link Normalization}. Example {@code index} of epoch {@code e} is {@link NoisyExamples#make} with seed
 * {@link #exampleSeed(long, int, int) exampleSeed(seed, e, index)}, so it differs from epoch to epoch and is the same for the same
 * (epoch, index), whatever the thread count and whether the run was resumed. Clean hybrids are computed once; {@link #fill} writes
 * normalised [0, 1] hybrids {@code (row, frame)} in C order, example {@code i} at offset {@code i * exampleSize()}, with
 * {@code exampleSize = rows * frames} (148 x 109 = 16,132 by default), computing the batch's examples on a small internal pool.
 */
public final class FreshNoiseTrainingData implements TrainingData, AutoCloseable {

    /** Worker threads used inside {@link #fill} by default. */
    public static final int DEFAULT_THREADS = 2;

    /** Every {@code NOISE_VALIDATION_EVERY}-th noise file in sorted order (the 5th, 10th, ...) goes to validation: about 20 %. */
    public static final int NOISE_VALIDATION_EVERY = 5;

    /** Salt mixed into the run seed for training examples, so they differ from prepare's per-clip seeds. */
    static final long TRAIN_SALT = 0x5EED_F4E5_0000_0001L;

    /** Salt mixed into the run seed for the fixed validation examples. */
    static final long VALIDATION_SALT = 0x5EED_F4E5_0000_0002L;

    /** Epoch whose noise draw is used to fit the normalisation and for the fixed validation examples (training epochs are 1-based). */
    public static final int FIT_EPOCH = 0;

    private final List<float[]> clips;
    private final List<float[][]> rawClean;
    private final float[][] normClean;
    private final NoisyExamples examples;
    private final Normalization normalization;
    private final long seed;
    private final int rows;
    private final int frames;
    private final ExecutorService pool;
    private final ThreadLocal<HybridFeatures> extractor;
    private volatile int epoch = 1;

    /**
     * Creates the data and computes the clean hybrids of all clips on {@code threads} threads.
     *
     * @param clips clean mono clips, each {@code examples.config().features().clipSamples()} samples at the feature rate (not copied)
     * @param examples noisy-example maker (noise kind, SNR range, noise recordings)
     * @param normalization maps raw hybrids to [0, 1] for both inputs and targets
     * @param seed run seed; example seeds are {@link #exampleSeed(long, int, int)}
     * @param threads worker threads for {@link #fill} (at least 1; {@link #DEFAULT_THREADS} is the usual choice)
     */
    public FreshNoiseTrainingData(List<float[]> clips, NoisyExamples examples, Normalization normalization, long seed, int threads) {
        this(clips, null, examples, normalization, seed, threads);
    }

    /** Creates the data from clips and, if known, their raw clean hybrids {@code [clip][row][frame]} (null: computed here). */
    FreshNoiseTrainingData(List<float[]> clips, List<float[][]> cleanHybrids, NoisyExamples examples, Normalization normalization, long seed,
            int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        FeatureConfig fc = examples.config().features();
        if (normalization.rows() != fc.hybridRows() || normalization.nMels() != fc.nMels()) {
            throw new IllegalArgumentException("normalization has " + normalization.rows() + " rows, features have " + fc.hybridRows());
        }
        for (float[] c : clips) {
            if (c.length != fc.clipSamples()) {
                throw new IllegalArgumentException("clip of " + c.length + " samples, expected " + fc.clipSamples());
            }
        }
        this.clips = List.copyOf(clips);
        this.examples = examples;
        this.normalization = normalization;
        this.seed = seed;
        this.rows = fc.hybridRows();
        this.frames = fc.frames();
        this.extractor = ThreadLocal.withInitial(() -> new HybridFeatures(fc));
        this.pool = Tasks.daemonPool(threads, "sonic-fresh-noise");
        try {
            List<float[][]> raw = cleanHybrids != null ? List.copyOf(cleanHybrids)
                    : parallel(pool, this.clips.size(), i -> extractor.get().compute(this.clips.get(i)));
            if (raw.size() != this.clips.size()) {
                throw new IllegalArgumentException(raw.size() + " clean hybrids for " + this.clips.size() + " clips");
            }
            this.normClean = new float[raw.size()][];
            for (int i = 0; i < raw.size(); i++) {
                normClean[i] = flatten(normalization.normalize(raw.get(i)));
            }
            this.rawClean = raw;
        } catch (RuntimeException e) {
            pool.shutdownNow();
            throw e;
        }
    }

    /** Returns the seed of example {@code index} in epoch {@code epoch} under run seed {@code seed} (SplitMix64 mixing, as prepare's clip seeds). */
    public static long exampleSeed(long seed, int epoch, int index) {
        return HybridDatasetBuilder.clipSeed(seed ^ TRAIN_SALT, epoch, index);
    }

    /** Returns the number of clips (examples per epoch). */
    @Override
    public int size() {
        return clips.size();
    }

    /** Returns the floats per example, {@code rows * frames} (148 x 109 = 16,132 by default). */
    @Override
    public int exampleSize() {
        return rows * frames;
    }

    /** Returns the normalisation applied to inputs and targets. */
    public Normalization normalization() {
        return normalization;
    }

    /** Returns the noisy-example maker. */
    public NoisyExamples examples() {
        return examples;
    }

    /** Returns the epoch whose noise {@link #fill} draws (1 until {@link #beginEpoch} is called). */
    public int epoch() {
        return epoch;
    }

    /** Makes {@link #fill} draw the noise of epoch {@code epoch} (1-based; {@link #FIT_EPOCH} is the normalisation draw). */
    @Override
    public void beginEpoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must be >= 0: " + epoch);
        }
        this.epoch = epoch;
    }

    /** Returns the raw (unnormalised) example {@code index} of epoch {@code epoch}: clean and noisy hybrids {@code [row][frame]}, label, SNR. */
    public NoisyExamples.Example example(int epoch, int index) {
        return examples.make(clips.get(index), rawClean.get(index), exampleSeed(seed, epoch, index), extractor.get());
    }

    /**
     * Writes the normalised noisy hybrid of example {@code index} in epoch {@code epochNow} into {@code noisy} and its clean one into
     * {@code clean}, both at {@code offset} in C order {@code (row, frame)}; returns the noise label.
     */
    private String writeExample(int epochNow, int index, float[] noisy, float[] clean, int offset) {
        NoisyExamples.Example e = examples.make(clips.get(index), rawClean.get(index), exampleSeed(seed, epochNow, index), extractor.get());
        float[][] n = normalization.normalize(e.noisy());
        for (int r = 0; r < rows; r++) {
            System.arraycopy(n[r], 0, noisy, offset + r * frames, frames);
        }
        System.arraycopy(normClean[index], 0, clean, offset, rows * frames);
        return e.noiseLabel();
    }

    /** Computes the examples at {@code indices} for the current epoch (in parallel, deterministically) into the flat batch arrays. */
    @Override
    public void fill(int[] indices, float[] noisy, float[] clean) {
        fill(epoch, indices, noisy, clean);
    }

    /** Fills the examples of {@code epochNow} on the pool and returns their noise labels in {@code indices} order. */
    private List<String> fill(int epochNow, int[] indices, float[] noisy, float[] clean) {
        int es = exampleSize();
        if (noisy.length < (long) indices.length * es || clean.length < (long) indices.length * es) {
            throw new IllegalArgumentException("batch arrays hold fewer than " + indices.length + " examples of " + es + " floats");
        }
        for (int index : indices) {
            if (index < 0 || index >= clips.size()) {
                throw new IndexOutOfBoundsException("example " + index + " of " + clips.size());
            }
        }
        return parallel(pool, indices.length, i -> writeExample(epochNow, indices[i], noisy, clean, i * es));
    }

    /** Returns all examples of epoch {@code epochToUse} as an in-memory data set (flat normalised arrays; fixed from then on). */
    public ArrayTrainingData materialize(int epochToUse) {
        return materialize(epochToUse, new ArrayList<>());
    }

    /** Same as {@link #materialize(int)}, adding each example's noise label to {@code labels}. */
    private ArrayTrainingData materialize(int epochToUse, List<String> labels) {
        long total = (long) clips.size() * exampleSize();
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(clips.size() + " examples do not fit one array");
        }
        float[] noisy = new float[(int) total];
        float[] clean = new float[(int) total];
        int[] all = new int[clips.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        labels.addAll(fill(epochToUse, all, noisy, clean));
        return new ArrayTrainingData(noisy, clean, exampleSize());
    }

    /** Stops the internal worker threads; {@link #fill} must not be called afterwards. */
    @Override
    public void close() {
        pool.shutdownNow();
    }

    private float[] flatten(float[][] h) {
        float[] out = new float[rows * frames];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(h[r], 0, out, r * frames, frames);
        }
        return out;
    }

    /** Runs {@code task(0..n-1)} on {@code pool} and returns the results in index order. */
    static <T> List<T> parallel(ExecutorService pool, int n, IntFunction<T> task) {
        List<Future<T>> fs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> task.apply(k)));
        }
        List<T> out = new ArrayList<>(n);
        for (Future<T> f : fs) {
            try {
                out.add(Tasks.await(f));
            } catch (IOException e) {
                fs.forEach(x -> x.cancel(true));
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------------------------------
    // Factory: train and validation sets from a speech folder and a noise folder.

    /**
     * Where the data came from.
     *
     * @param speechFiles audio files found under the speech folder
     * @param trainSpeechFiles decoded speech files in the train split
     * @param validationSpeechFiles decoded speech files in the validation split
     * @param trainClips clips (examples per epoch) in train
     * @param validationClips fixed validation examples
     * @param trainSpeakers sorted speakers of train
     * @param validationSpeakers sorted speakers of validation (disjoint from train)
     * @param noiseFiles audio files found under the noise folder (0 without one)
     * @param trainNoise noise recordings used for training, names relative to the noise folder, sorted
     * @param validationNoise noise recordings used for validation (disjoint from {@code trainNoise}), sorted
     * @param validationNoiseLabels noise label of each validation example, in example order
     * @param speechListSha256 SHA-256 (hex) of the speech files' relative paths and sizes, as in {@code prepare.json}
     * @param noiseListSha256 the same for the noise files, or null without a noise folder
     * @param skipped files that could not be decoded, one line each ({@code <file>: <problem>})
     * @param seconds wall-clock time of loading and precomputing, in seconds
     */
    public record Provenance(int speechFiles, int trainSpeechFiles, int validationSpeechFiles, int trainClips, int validationClips,
            List<String> trainSpeakers, List<String> validationSpeakers, int noiseFiles, List<String> trainNoise, List<String> validationNoise,
            List<String> validationNoiseLabels, String speechListSha256, String noiseListSha256, List<String> skipped, double seconds) {

        /** Copies the lists. */
        public Provenance {
            trainSpeakers = List.copyOf(trainSpeakers);
            validationSpeakers = List.copyOf(validationSpeakers);
            trainNoise = List.copyOf(trainNoise);
            validationNoise = List.copyOf(validationNoise);
            validationNoiseLabels = List.copyOf(validationNoiseLabels);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Training and validation data for fresh-noise training.
     *
     * @param train fresh noise every epoch; close it when training is over
     * @param validation fixed normalised examples (flat, C order {@code (row, frame)})
     * @param normalization fitted on the train clips' clean hybrids and one noisy draw ({@link #FIT_EPOCH})
     * @param provenance file counts, speakers, noise split and list hashes
     */
    public record Sets(FreshNoiseTrainingData train, ArrayTrainingData validation, Normalization normalization, Provenance provenance)
            implements AutoCloseable {

        /** Stops the training data's worker threads. */
        @Override
        public void close() {
            train.close();
        }
    }

    /** Same as {@link #fromFolders(Path, Path, PrepareConfig, MonoLoader, int, Progress)} with {@link AudioLoader} and {@link #DEFAULT_THREADS}. */
    public static Sets fromFolders(Path speechDir, Path noiseDir, PrepareConfig config, Progress progress) throws IOException {
        return fromFolders(speechDir, noiseDir, config, AudioLoader::loadMono, DEFAULT_THREADS, progress);
    }

    /**
     * Builds train and validation data from {@code speechDir} and {@code noiseDir} (needed for {@link PrepareConfig.NoiseKind#FILES}, else
     * may be null) as {@code prepare} would split them: speech by speaker with {@link SpeakerSplit} (config seed and validation fraction),
     * clips cut with {@link HybridDatasetBuilder#clipOffsets}; noise files in sorted order, every {@link #NOISE_VALIDATION_EVERY}-th to
     * validation (the last one if there are fewer than that, so both sides get at least one). The normalisation is fitted on the train
     * clips' clean hybrids plus one noisy draw (epoch {@link #FIT_EPOCH}; for {@link PrepareConfig.NoiseKind#GAUSSIAN} the noise is added in
     * the domain of a normalisation fitted on the clean hybrids alone, as prepare does); validation examples are drawn once with their own
     * seed from the validation noise.
     *
     * @param loader decodes files to mono at the feature rate
     * @param trainThreads worker threads inside the training data's {@link #fill}
     * @throws IOException if a folder cannot be read, no train clip could be made, or files noise has fewer than two usable recordings
     */
    public static Sets fromFolders(Path speechDir, Path noiseDir, PrepareConfig config, MonoLoader loader, int trainThreads, Progress progress)
            throws IOException {
        long t0 = System.nanoTime();
        FeatureConfig fc = config.features();
        List<Path> speech = AudioFiles.list(speechDir);
        if (speech.isEmpty()) {
            throw new IOException(speechDir + ": no audio files (wav, flac, mp3)");
        }
        boolean files = config.noiseKind() == PrepareConfig.NoiseKind.FILES;
        List<Path> noiseFiles = noiseDir == null ? List.of() : AudioFiles.list(noiseDir);
        if (files && noiseFiles.size() < 2) {
            throw new IOException((noiseDir == null ? "noise folder" : noiseDir.toString())
                    + ": fresh-noise training needs at least 2 noise files (disjoint train and validation noise), found " + noiseFiles.size());
        }
        List<Path> trainNoiseFiles = new ArrayList<>();
        List<Path> valNoiseFiles = new ArrayList<>();
        for (int i = 0; i < noiseFiles.size(); i++) {
            boolean val = i % NOISE_VALIDATION_EVERY == NOISE_VALIDATION_EVERY - 1
                    || (noiseFiles.size() < NOISE_VALIDATION_EVERY && i == noiseFiles.size() - 1);
            (val ? valNoiseFiles : trainNoiseFiles).add(noiseFiles.get(i));
        }
        SpeakerSplit.Split split = SpeakerSplit.forFolder(speechDir).split(speech, config.seed(), config.validationFraction());
        Set<Path> valSet = new HashSet<>(split.validation());

        ExecutorService pool = Tasks.daemonPool(config.effectiveThreads(), "sonic-fresh-prepare");
        try {
            List<String> skipped = new ArrayList<>();
            List<NoisyExamples.Noise> trainNoise = List.of();
            List<NoisyExamples.Noise> valNoise = List.of();
            if (files) {
                trainNoise = NoisyExamples.loadNoises(noiseDir, trainNoiseFiles, loader, fc.sampleRate(), pool, skipped, progress);
                valNoise = NoisyExamples.loadNoises(noiseDir, valNoiseFiles, loader, fc.sampleRate(), pool, skipped, progress);
            }

            progress.start("decode speech", speech.size());
            List<Future<float[]>> decoded = new ArrayList<>(speech.size());
            for (Path f : speech) {
                decoded.add(pool.submit(() -> loader.load(f, fc.sampleRate())));
            }
            List<float[]> trainClips = new ArrayList<>();
            List<float[]> valClips = new ArrayList<>();
            Set<String> trainSpk = new java.util.TreeSet<>();
            Set<String> valSpk = new java.util.TreeSet<>();
            int trainFiles = 0;
            int valFiles = 0;
            for (int i = 0; i < speech.size(); i++) {
                Path file = speech.get(i);
                float[] x;
                try {
                    x = Tasks.await(decoded.get(i));
                } catch (IOException | RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw e;
                    }
                    skipped.add(NoisyExamples.oneLine(file, e));
                    decoded.set(i, null);
                    progress.step(1);
                    continue;
                }
                decoded.set(i, null);
                boolean val = valSet.contains(file);
                List<float[]> target = val ? valClips : trainClips;
                int[] offsets = HybridDatasetBuilder.clipOffsets(x.length, fc.clipSamples());
                for (int off : offsets) {
                    target.add(HybridDatasetBuilder.clipAt(x, off, fc.clipSamples()));
                }
                if (offsets.length > 0) {
                    if (val) {
                        valFiles++;
                        valSpk.add(split.speakers().get(file));
                    } else {
                        trainFiles++;
                        trainSpk.add(split.speakers().get(file));
                    }
                }
                progress.step(1);
            }
            progress.done();
            if (trainClips.isEmpty()) {
                throw new IOException(speechDir + ": no clips in the train split (" + skipped.size() + " files failed to decode)");
            }

            ThreadLocal<HybridFeatures> hfs = ThreadLocal.withInitial(() -> new HybridFeatures(fc));
            progress.start("clean features", trainClips.size() + valClips.size());
            List<float[][]> trainClean = parallel(pool, trainClips.size(), i -> hfs.get().compute(trainClips.get(i)));
            List<float[][]> valClean = parallel(pool, valClips.size(), i -> hfs.get().compute(valClips.get(i)));
            progress.step(trainClips.size() + valClips.size());
            progress.done();

            Normalization gaussianDomain = null;
            if (config.noiseKind() == PrepareConfig.NoiseKind.GAUSSIAN) {
                gaussianDomain = Normalization.fit(trainClean, fc.nMels());
            }
            NoisyExamples trainExamples = new NoisyExamples(config, trainNoise, gaussianDomain);
            NoisyExamples valExamples = new NoisyExamples(config, files ? valNoise : trainNoise, gaussianDomain);

            progress.start("fit normalization", trainClips.size());
            Normalization.Accumulator acc = new Normalization.Accumulator(fc.nMels());
            parallel(pool, trainClips.size(), i -> {
                float[][] clean = trainClean.get(i);
                acc.add(clean);
                acc.add(trainExamples.make(trainClips.get(i), clean, exampleSeed(config.seed(), FIT_EPOCH, i), hfs.get()).noisy());
                return Boolean.TRUE;
            });
            progress.step(trainClips.size());
            progress.done();
            Normalization norm = acc.build();

            progress.start("validation examples", valClips.size());
            ArrayTrainingData validation;
            List<String> valLabels = new ArrayList<>(valClips.size());
            try (FreshNoiseTrainingData v = new FreshNoiseTrainingData(valClips, valClean, valExamples, norm, config.seed() ^ VALIDATION_SALT,
                    config.effectiveThreads())) {
                validation = v.materialize(FIT_EPOCH, valLabels);
            }
            progress.step(valClips.size());
            progress.done();

            FreshNoiseTrainingData train = new FreshNoiseTrainingData(trainClips, trainClean, trainExamples, norm, config.seed(), trainThreads);
            Provenance prov = new Provenance(speech.size(), trainFiles, valFiles, trainClips.size(), valClips.size(), List.copyOf(trainSpk),
                    List.copyOf(valSpk), noiseFiles.size(), trainNoise.stream().map(NoisyExamples.Noise::name).sorted().toList(),
                    valNoise.stream().map(NoisyExamples.Noise::name).sorted().toList(), valLabels,
                    HybridDatasetBuilder.listHash(speechDir, speech), noiseDir == null ? null : HybridDatasetBuilder.listHash(noiseDir, noiseFiles),
                    skipped, (System.nanoTime() - t0) / 1e9);
            return new Sets(train, validation, norm, prov);
        } finally {
            pool.shutdownNow();
        }
    }
}
