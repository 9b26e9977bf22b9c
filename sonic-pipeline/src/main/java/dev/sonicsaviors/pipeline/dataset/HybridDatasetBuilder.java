package dev.sonicsaviors.pipeline.dataset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.Signals;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Csv;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Builds paired clean/noisy hybrid datasets from a speech folder (what {@code sonic prepare} runs).
 *
 * <p>Every audio file under the speech folder is decoded to mono at the feature sample rate, cut into consecutive clips of
 * {@code clipSamples} samples (see {@link #clipOffsets}), assigned to train or validation by speaker ({@link SpeakerSplit}) and turned into a
 * clean hybrid and a noisy hybrid {@code [row][frame]} (148 x 109 by default, raw units: mel power then MFCC). Output, under the output
 * folder: {@code train/clean.npy}, {@code train/noisy.npy}, {@code train/manifest.csv}, the same under {@code val/}, plus
 * {@code normalization.json} (fitted on the train split's clean and noisy hybrids) and {@code prepare.json} (settings and provenance).
 * Arrays have shape {@code (N, rows, frames)}, float32, C order, in manifest order.
 *
 * <p>Each clip's randomness comes from a seed derived from (seed, file index, clip index), so the output is byte-identical for a seed
 * whatever the thread count; files are processed in parallel but written in sorted order.
 */
public final class HybridDatasetBuilder {

    private static final int FLOAT_BYTES = 4;

    private final PrepareConfig config;
    private final MonoLoader loader;

    /** Creates a builder that decodes audio with {@link AudioLoader}. */
    public HybridDatasetBuilder(PrepareConfig config) {
        this(config, AudioLoader::loadMono);
    }

    /** Creates a builder that decodes files with {@code loader}. */
    public HybridDatasetBuilder(PrepareConfig config, MonoLoader loader) {
        this.config = config;
        this.loader = loader;
    }

    /** Returns the settings. */
    public PrepareConfig config() {
        return config;
    }

    /**
     * Summary of a run.
     *
     * @param trainClips clips written to {@code train/}
     * @param valClips clips written to {@code val/}
     * @param trainFiles speech files in the train split (decoded)
     * @param valFiles speech files in the validation split (decoded)
     * @param trainSpeakers distinct speakers in train
     * @param valSpeakers distinct speakers in validation
     * @param skipped files that could not be decoded, one line each ({@code <file>: <problem>})
     * @param normalization statistics fitted on the train split
     * @param seconds wall-clock time of the run in seconds
     */
    public record Result(int trainClips, int valClips, int trainFiles, int valFiles, int trainSpeakers, int valSpeakers, List<String> skipped,
            Normalization normalization, double seconds) {

        /** Copies the list. */
        public Result {
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Returns the start offsets (samples) of the clips cut from a signal of {@code length} samples: consecutive full clips; the last partial
     * clip is kept (zero-padded later) if it is at least half a clip long; a non-empty signal shorter than one clip gives one clip at 0.
     */
    public static int[] clipOffsets(int length, int clipSamples) {
        if (clipSamples <= 0) {
            throw new IllegalArgumentException("clip length must be positive: " + clipSamples);
        }
        if (length <= 0) {
            return new int[0];
        }
        if (length < clipSamples) {
            return new int[] {0};
        }
        int full = length / clipSamples;
        int rest = length - full * clipSamples;
        int n = full + (2L * rest >= clipSamples ? 1 : 0);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i * clipSamples;
        }
        return out;
    }

    /** Returns the clip of {@code clipSamples} samples starting at {@code offset}, zero-padded past the end of {@code signal}. */
    public static float[] clipAt(float[] signal, int offset, int clipSamples) {
        if (offset == 0) {
            return Signals.fixLength(signal, clipSamples);
        }
        float[] out = new float[clipSamples];
        System.arraycopy(signal, offset, out, 0, Math.max(0, Math.min(clipSamples, signal.length - offset)));
        return out;
    }

    /** Returns a well-mixed 64-bit seed for clip {@code clip} of file {@code file} under the run seed (SplitMix64 finaliser). */
    public static long clipSeed(long seed, int file, int clip) {
        long z = mix64(seed + 0x9E3779B97F4A7C15L * (file + 1L));
        return mix64(z ^ (0xBF58476D1CE4E5B9L * (clip + 1L)));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * One clip cut from a speech file, in raw units.
     *
     * @param offset start of the clip in the decoded file, in samples at the feature sample rate (22,050 Hz by default)
     * @param seed the clip's seed, {@link #clipSeed clipSeed(run seed, file index, clip index)}
     * @param clean clean hybrid {@code [row][frame]} (148 x 109 by default: mel power rows, then MFCC rows)
     * @param noisy noisy hybrid {@code [row][frame]}, or null for {@link PrepareConfig.NoiseKind#GAUSSIAN} (added in a later pass,
     *     once the train split's clean statistics are known)
     * @param noiseLabel noise file name (relative to the noise folder), {@code white}, {@code pink}, {@code brown} or {@code gaussian}
     * @param snrDb SNR drawn in dB, or NaN for kinds without SNR
     * @param sigma standard deviation used (waveform for white, normalised features for gaussian), or NaN for SNR kinds
     */
    public record Clip(int offset, long seed, float[][] clean, float[][] noisy, String noiseLabel, double snrDb, double sigma) {
    }

    /**
     * What one speech file gave: its clips in order, or the one-line reason it could not be decoded.
     *
     * @param clips the clips, in offset order (empty when the file failed or decoded to no samples)
     * @param error {@code <file>: <problem>} when the file could not be decoded, else null
     */
    public record FileClips(List<Clip> clips, String error) {

        /** Copies the list. */
        public FileClips {
            clips = List.copyOf(clips);
        }
    }

    /**
     * Writes hybrid {@code h} ({@code [row][frame]}) to {@code out} as raw little-endian float32 in C order, through {@code buf}
     * (at least rows x frames x 4 bytes): the temporary form of the clips before they become {@code .npy}.
     */
    public static void writeRaw(OutputStream out, float[][] h, byte[] buf) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : h) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        out.write(buf, 0, b.position());
    }

    /** Header line (with its newline) of {@code manifest.csv}; one {@link #manifestRow} per clip follows. */
    public static final String MANIFEST_HEADER = "index,split,source_file,offset_samples,speaker,noise_file,snr_db,sigma\n";

    /**
     * Returns the {@code manifest.csv} line (with its newline) of clip {@code c}, the {@code index}-th (from 0) of split {@code split}
     * ({@code train} or {@code val}), cut from {@code source} (path relative to the speech folder) of {@code speaker}.
     */
    public static String manifestRow(int index, String split, String source, String speaker, Clip c) {
        return new StringBuilder().append(index).append(',').append(split).append(',').append(Csv.field(source)).append(',')
                .append(c.offset()).append(',').append(Csv.field(speaker)).append(',').append(Csv.field(c.noiseLabel())).append(',')
                .append(Double.isNaN(c.snrDb()) ? "" : String.format(Locale.ROOT, "%.4f", c.snrDb())).append(',')
                .append(Double.isNaN(c.sigma()) ? "" : String.format(Locale.ROOT, "%.6g", c.sigma())).append('\n').toString();
    }

    /** Per-split output: raw temporary arrays, manifest rows and counts. */
    private final class SplitSink implements AutoCloseable {
        final String name;
        final Path dir;
        final Path cleanRaw;
        final Path noisyRaw;
        final OutputStream clean;
        final OutputStream noisy;
        final StringBuilder manifest = new StringBuilder(MANIFEST_HEADER);
        final List<Long> seeds = new ArrayList<>();
        final java.util.Set<String> speakers = new java.util.TreeSet<>();
        int files;
        int count;
        final byte[] buf;

        SplitSink(Path out, String name) throws IOException {
            this.name = name;
            this.dir = Files.createDirectories(out.resolve(name));
            this.cleanRaw = Files.createTempFile(dir, ".clean", ".f32.tmp");
            this.noisyRaw = Files.createTempFile(dir, ".noisy", ".f32.tmp");
            this.clean = new BufferedOutputStream(Files.newOutputStream(cleanRaw), 1 << 16);
            this.noisy = new BufferedOutputStream(Files.newOutputStream(noisyRaw), 1 << 16);
            FeatureConfig f = config.features();
            this.buf = new byte[f.hybridRows() * f.frames() * FLOAT_BYTES];
        }

        void add(String source, String speaker, Clip c, Normalization.Accumulator acc) throws IOException {
            writeRaw(clean, c.clean());
            if (c.noisy() != null) {
                writeRaw(noisy, c.noisy());
            }
            if (acc != null) {
                acc.add(c.clean());
                if (c.noisy() != null) {
                    acc.add(c.noisy());
                }
            }
            seeds.add(c.seed());
            speakers.add(speaker);
            manifest.append(manifestRow(count, name, source, speaker, c));
            count++;
        }

        void writeRaw(OutputStream out, float[][] h) throws IOException {
            HybridDatasetBuilder.writeRaw(out, h, buf);
        }

        float[][] readRaw(DataInputStream in) throws IOException {
            FeatureConfig f = config.features();
            in.readFully(buf);
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
            float[][] h = new float[f.hybridRows()][f.frames()];
            for (float[] row : h) {
                for (int t = 0; t < row.length; t++) {
                    row[t] = b.getFloat();
                }
            }
            return h;
        }

        void finishStreams() throws IOException {
            clean.close();
            noisy.close();
        }

        @Override
        public void close() throws IOException {
            try {
                finishStreams();
            } finally {
                Files.deleteIfExists(cleanRaw);
                Files.deleteIfExists(noisyRaw);
            }
        }
    }

    /**
     * Runs the whole preparation: reads {@code speechDir} (and {@code noiseDir} for {@code files} noise; may be null otherwise) and writes
     * the dataset under {@code outDir}.
     *
     * @throws IOException if a folder cannot be read, no clip could be made, noise files are required but missing, or writing fails
     */
    public Result run(Path speechDir, Path noiseDir, Path outDir, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        FeatureConfig fc = config.features();
        List<Path> speech = AudioFiles.list(speechDir);
        if (speech.isEmpty()) {
            throw new IOException(speechDir + ": no audio files (wav, flac, mp3)");
        }
        List<Path> noiseFiles = noiseDir == null ? List.of() : AudioFiles.list(noiseDir);
        if (config.noiseKind() == PrepareConfig.NoiseKind.FILES && noiseFiles.isEmpty()) {
            throw new IOException((noiseDir == null ? "noise folder" : noiseDir.toString()) + ": noise kind 'files' needs noise audio files");
        }
        SpeakerSplit speakers = SpeakerSplit.forFolder(speechDir);
        SpeakerSplit.Split split = speakers.split(speech, config.seed(), config.validationFraction());
        java.util.Set<Path> valSet = new java.util.HashSet<>(split.validation());

        int nThreads = config.effectiveThreads();
        ExecutorService pool = Tasks.daemonPool(nThreads, "prepare-worker");
        List<String> skipped = new ArrayList<>();
        Files.createDirectories(outDir);
        try (SplitSink train = new SplitSink(outDir, "train"); SplitSink val = new SplitSink(outDir, "val")) {
            List<NoisyExamples.Noise> noises = List.of();
            if (config.noiseKind() == PrepareConfig.NoiseKind.FILES) {
                noises = NoisyExamples.loadNoises(noiseDir, noiseFiles, loader, fc.sampleRate(), pool, skipped, progress);
            }
            ThreadLocal<HybridFeatures> extractor = ThreadLocal.withInitial(() -> new HybridFeatures(fc));
            Normalization.Accumulator acc = new Normalization.Accumulator(fc.nMels());
            boolean gaussian = config.noiseKind() == PrepareConfig.NoiseKind.GAUSSIAN;

            progress.start("decode + features", speech.size());
            ArrayDeque<Future<FileClips>> window = new ArrayDeque<>();
            int next = 0;
            int consumed = 0;
            NoisyExamples examples = gaussian ? null : new NoisyExamples(config, noises);
            while (consumed < speech.size()) {
                while (next < speech.size() && window.size() < 2 * nThreads + 2) {
                    final int fi = next++;
                    final Path file = speech.get(fi);
                    window.add(pool.submit((Callable<FileClips>) () -> processFile(file, fi, extractor.get(), examples)));
                }
                FileClips fo = Tasks.await(window.poll());
                Path file = speech.get(consumed);
                String rel = AudioFiles.relative(speechDir, file);
                if (fo.error() != null) {
                    skipped.add(fo.error());
                } else {
                    SplitSink sink = valSet.contains(file) ? val : train;
                    if (!fo.clips().isEmpty()) {
                        sink.files++;
                    }
                    for (Clip c : fo.clips()) {
                        sink.add(rel, split.speakers().get(file), c, sink == train && !gaussian ? acc : null);
                    }
                }
                consumed++;
                progress.step(1);
            }
            progress.done();
            train.finishStreams();
            val.finishStreams();
            if (train.count == 0) {
                throw new IOException(speechDir + ": no clips in the train split (" + skipped.size() + " files failed to decode)");
            }

            Normalization norm;
            if (gaussian) {
                norm = gaussianPass(train, val, progress);
            } else {
                norm = acc.build();
            }
            progress.start("write .npy", (long) train.count + val.count);
            for (SplitSink s : List.of(train, val)) {
                writeNpy(s, s.cleanRaw, s.dir.resolve("clean.npy"), progress, true);
                writeNpy(s, s.noisyRaw, s.dir.resolve("noisy.npy"), progress, false);
                AtomicFiles.writeString(s.dir.resolve("manifest.csv"), s.manifest.toString());
            }
            progress.done();
            norm.save(outDir.resolve("normalization.json"));
            writeProvenance(outDir.resolve("prepare.json"), speechDir, noiseDir, speech, noiseFiles, train, val, skipped, norm);
            double secs = (System.nanoTime() - t0) / 1e9;
            return new Result(train.count, val.count, train.files, val.files, train.speakers.size(), val.speakers.size(), skipped, norm, secs);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Decodes one speech file with this builder's loader and cuts it into clips exactly as {@link #run} does: clip {@code k} starts at
     * {@code clipOffsets(samples, clipSamples)[k]} and is seeded with {@code clipSeed(config.seed(), fileIndex, k)}, so the clips depend
     * only on the settings, the file and its index, not on which thread or machine makes them.
     *
     * @param file the speech file (WAV, FLAC or MP3), decoded to mono at the feature sample rate
     * @param fileIndex the file's position (from 0) in the sorted list of the speech folder's audio files ({@code AudioFiles.list}),
     *     counting files of both splits and files that fail
     * @param hf the feature extractor of the calling thread (not shared between threads)
     * @param examples makes the noisy hybrids ({@code new NoisyExamples(config, noises)}); null for {@link PrepareConfig.NoiseKind#GAUSSIAN},
     *     whose clips then have a null {@code noisy}
     * @return the clips, or a one-line error ({@code <file>: <problem>}) when the file cannot be decoded
     */
    public FileClips processFile(Path file, int fileIndex, HybridFeatures hf, NoisyExamples examples) {
        float[] x;
        try {
            x = loader.load(file, config.features().sampleRate());
        } catch (IOException | RuntimeException e) {
            return new FileClips(List.of(), NoisyExamples.oneLine(file, e));
        }
        int clipLen = config.features().clipSamples();
        int[] offsets = clipOffsets(x.length, clipLen);
        List<Clip> clips = new ArrayList<>(offsets.length);
        for (int k = 0; k < offsets.length; k++) {
            float[] clip = clipAt(x, offsets[k], clipLen);
            long seed = clipSeed(config.seed(), fileIndex, k);
            if (examples == null) {
                clips.add(new Clip(offsets[k], seed, hf.compute(clip), null, "gaussian", Double.NaN, config.sigma()));
            } else {
                NoisyExamples.Example e = examples.make(clip, seed, hf);
                clips.add(new Clip(offsets[k], seed, e.clean(), e.noisy(), e.noiseLabel(), e.snrDb(), e.sigma()));
            }
        }
        return new FileClips(clips, null);
    }

    /** Feature-level Gaussian noise: fits on train clean hybrids, then writes the noisy arrays; returns the final normalisation. */
    private Normalization gaussianPass(SplitSink train, SplitSink val, Progress progress) throws IOException {
        Normalization.Accumulator cleanAcc = new Normalization.Accumulator(config.features().nMels());
        try (DataInputStream in = open(train.cleanRaw)) {
            for (int i = 0; i < train.count; i++) {
                cleanAcc.add(train.readRaw(in));
            }
        }
        Normalization cleanNorm = cleanAcc.build();
        NoisyExamples examples = new NoisyExamples(config, List.of(), cleanNorm);
        Normalization.Accumulator acc = new Normalization.Accumulator(config.features().nMels());
        progress.start("feature noise", (long) train.count + val.count);
        for (SplitSink s : List.of(train, val)) {
            try (DataInputStream in = open(s.cleanRaw); OutputStream out = new BufferedOutputStream(Files.newOutputStream(s.noisyRaw), 1 << 16)) {
                for (int i = 0; i < s.count; i++) {
                    float[][] clean = s.readRaw(in);
                    float[][] noisy = examples.make(null, clean, s.seeds.get(i), null).noisy();
                    s.writeRaw(out, noisy);
                    if (s == train) {
                        acc.add(clean);
                        acc.add(noisy);
                    }
                    progress.step(1);
                }
            }
        }
        progress.done();
        return acc.build();
    }

    private static DataInputStream open(Path p) throws IOException {
        InputStream in = Files.newInputStream(p);
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }

    private void writeNpy(SplitSink s, Path raw, Path target, Progress progress, boolean countProgress) throws IOException {
        FeatureConfig f = config.features();
        try (DataInputStream in = open(raw)) {
            Npy.NpyWriter w = Npy.openWriter(target, s.count, f.hybridRows(), f.frames());
            try {
                for (int i = 0; i < s.count; i++) {
                    w.write(s.readRaw(in));
                    if (countProgress) {
                        progress.step(1);
                    }
                }
            } catch (IOException | RuntimeException e) {
                w.abort();
                throw e;
            }
            w.close();
        }
    }

    /** Returns the SHA-256 (hex) of the files' relative paths and sizes, one {@code path\tsize\n} line each, in list order. */
    public static String listHash(Path dir, List<Path> files) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path f : files) {
                md.update((AudioFiles.relative(dir, f) + "\t" + Files.size(f) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts {@code config} into {@code root} as prepare.json's {@code config} object (settings and feature layout) and returns that object. */
    public static ObjectNode putConfig(ObjectNode root, PrepareConfig config) {
        ObjectNode c = root.putObject("config");
        c.put("approach", config.approach().name().toLowerCase(Locale.ROOT));
        c.put("noiseKind", config.noiseKind().name().toLowerCase(Locale.ROOT));
        c.put("snrMinDb", config.snrMinDb());
        c.put("snrMaxDb", config.snrMaxDb());
        c.put("sigma", config.sigma());
        c.put("seed", config.seed());
        c.put("validationFraction", config.validationFraction());
        FeatureConfig f = config.features();
        ObjectNode fn = c.putObject("features");
        fn.put("sampleRate", f.sampleRate());
        fn.put("nFft", f.nFft());
        fn.put("hopLength", f.hopLength());
        fn.put("nMels", f.nMels());
        fn.put("nMfcc", f.nMfcc());
        fn.put("clipSamples", f.clipSamples());
        return c;
    }

    private void writeProvenance(Path target, Path speechDir, Path noiseDir, List<Path> speech, List<Path> noise, SplitSink train,
            SplitSink val, List<String> skipped, Normalization norm) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("version", 1);
        root.put("tool", "sonic prepare");
        putConfig(root, config);
        FeatureConfig f = config.features();
        ObjectNode sp = root.putObject("speech");
        sp.put("dir", speechDir.toAbsolutePath().normalize().toString());
        sp.put("files", speech.size());
        sp.put("listSha256", listHash(speechDir, speech));
        ObjectNode nz = root.putObject("noise");
        nz.put("dir", noiseDir == null ? null : noiseDir.toAbsolutePath().normalize().toString());
        nz.put("files", noise.size());
        nz.put("listSha256", noiseDir == null ? null : listHash(noiseDir, noise));
        for (SplitSink s : List.of(train, val)) {
            ObjectNode o = root.putObject(s.name);
            o.put("clips", s.count);
            o.put("files", s.files);
            ArrayNode spk = o.putArray("speakers");
            s.speakers.forEach(spk::add);
            o.put("shape", "(" + s.count + ", " + f.hybridRows() + ", " + f.frames() + ")");
        }
        ArrayNode sk = root.putArray("skipped");
        skipped.forEach(sk::add);
        root.put("normalization", "normalization.json (fitted on train clean + noisy)");
        root.put("units", "raw: rows 0.." + (f.nMels() - 1) + " mel power, rows " + f.nMels() + ".." + (f.hybridRows() - 1) + " MFCC");
        AtomicFiles.writeString(target, m.writeValueAsString(root) + "\n");
    }
}
