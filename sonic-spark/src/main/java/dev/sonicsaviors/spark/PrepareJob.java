package dev.sonicsaviors.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.io.Npy;
import dev.sonicsaviors.io.NpyArray;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.dataset.HybridDatasetBuilder;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.dataset.NoisyExamples;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import dev.sonicsaviors.pipeline.dataset.SpeakerSplit;
import dev.sonicsaviors.pipeline.Tasks;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code sonic prepare} on Spark: the seed's hybrid files (clean/noisy pairs of shape (N, 148, 109), float32) written as
 * shards, with the same clips, order, manifest rows and normalisation as {@link HybridDatasetBuilder}.
 *
 * <p>The driver lists the speech files and splits them by speaker exactly as the builder does (same sorted list, same
 * {@link SpeakerSplit}, same seed), so every file keeps the index that seeds its clips
 * ({@link HybridDatasetBuilder#clipSeed}). Each split's files, in list order, are cut into shards of
 * {@code filesPerShard} consecutive files; a shard's content depends only on its files and the settings, never on how
 * the shards are spread over Spark partitions. Each shard is made by one task with {@link HybridDatasetBuilder#processFile}
 * and written as {@code OUT/train/shard-00000/} ({@code clean.npy}, {@code noisy.npy}, {@code manifest.csv} with
 * shard-local indices, {@code normalization.json} fitted on the shard, and {@code shard.json}, written last, with the
 * files, their clip counts or errors and a fingerprint of the inputs and settings); the folder is assembled under a
 * temporary name and renamed into place. A rerun keeps every shard whose {@code shard.json} has the same fingerprint.
 *
 * <p>The driver then writes {@code OUT/train/manifest.csv} and {@code OUT/val/manifest.csv} (the shards' rows in shard
 * order, renumbered as the builder numbers them, plus the columns {@code shard} and {@code shard_index}),
 * {@code OUT/manifest.json} (shards and counts), {@code OUT/normalization.json} (the train shards' fits merged: minima and
 * maxima, so equal bit for bit to the builder's), {@code OUT/prepare.json} (settings and provenance) and the Parquet
 * report (one row per file, {@link #SCHEMA}). The concatenation of a split's shards, in order, equals the builder's
 * {@code clean.npy} / {@code noisy.npy} of that split.
 *
 * <p>{@link PrepareConfig.NoiseKind#GAUSSIAN} noise is added to normalised features fitted on the train split's clean
 * hybrids, so it runs in two passes: the shards' clean arrays first, then (with the merged clean fit) their noisy arrays.
 */
public final class PrepareJob {
    /** The report's columns: one row per speech file (and per noise file that failed); {@code clips} counts its clips. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("relative_path", DataTypes.StringType, false),
        DataTypes.createStructField("split", DataTypes.StringType, false),
        DataTypes.createStructField("shard", DataTypes.StringType, true),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("clips", DataTypes.IntegerType, false),
    });

    private static final String SHARD_JSON = "shard.json";
    private static final String CLEAN_FIT = "clean-normalization.json";
    private static final Pattern SHARD_NAME = Pattern.compile("shard-[0-9]{5,}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * What to prepare and where.
     *
     * @param speech folder of clean speech (searched recursively; {@code manifest.csv} in it or its parent names speakers)
     * @param noise folder of noise recordings for {@link PrepareConfig.NoiseKind#FILES}, or null
     * @param output output folder (URI or path)
     * @param report where the Parquet report goes (overwritten)
     * @param prepare the settings of {@code sonic prepare} ({@code threads} is ignored: one file at a time per task)
     * @param filesPerShard speech files per shard (the last shard of a split may hold fewer)
     * @param partitions Spark partitions for the shards to make; 0 for one per shard
     */
    public record Config(String speech, String noise, String output, String report, PrepareConfig prepare, int filesPerShard,
            int partitions) {

        /** Checks the shard size and partition count. */
        public Config {
            if (speech == null || output == null || report == null || prepare == null) {
                throw new IllegalArgumentException("speech, output, report and settings are required");
            }
            if (filesPerShard < 1) {
                throw new IllegalArgumentException("files per shard must be positive: " + filesPerShard);
            }
            if (partitions < 0) {
                throw new IllegalArgumentException("partitions must be >= 0: " + partitions);
            }
            if (prepare.noiseKind() == PrepareConfig.NoiseKind.FILES && noise == null) {
                throw new IllegalArgumentException("noise kind 'files' needs a noise folder");
            }
        }
    }

    /**
     * Counts of one run.
     *
     * @param trainClips clips in {@code train/}
     * @param valClips clips in {@code val/}
     * @param trainFiles speech files that gave train clips
     * @param valFiles speech files that gave validation clips
     * @param trainSpeakers distinct speakers with train clips
     * @param valSpeakers distinct speakers with validation clips
     * @param errors files (speech or noise) that could not be decoded
     * @param shardsWritten shards made by this run
     * @param shardsKept shards kept from an earlier run (complete, same fingerprint)
     * @param skipped the failed files, one line each ({@code <file>: <problem>}), noise files first, as {@code sonic prepare} lists them
     * @param normalization the statistics fitted on the train split
     */
    public record Summary(int trainClips, int valClips, int trainFiles, int valFiles, int trainSpeakers, int valSpeakers, int errors,
            int shardsWritten, int shardsKept, List<String> skipped, Normalization normalization) {

        /** Copies the list. */
        public Summary {
            skipped = List.copyOf(skipped);
        }
    }

    /** The settings of {@link PrepareConfig} in a form Spark can ship to executors. */
    record Settings(String approach, String noiseKind, double snrMinDb, double snrMaxDb, double sigma, long seed,
            double validationFraction, int sampleRate, int nFft, int hopLength, int nMels, int nMfcc, int clipSamples)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        static Settings of(PrepareConfig c) {
            FeatureConfig f = c.features();
            return new Settings(c.approach().name(), c.noiseKind().name(), c.snrMinDb(), c.snrMaxDb(), c.sigma(), c.seed(),
                    c.validationFraction(), f.sampleRate(), f.nFft(), f.hopLength(), f.nMels(), f.nMfcc(), f.clipSamples());
        }

        PrepareConfig config() {
            return new PrepareConfig(PrepareConfig.Approach.valueOf(approach), PrepareConfig.NoiseKind.valueOf(noiseKind), snrMinDb,
                    snrMaxDb, sigma, seed, validationFraction, new FeatureConfig(sampleRate, nFft, hopLength, nMels, nMfcc, clipSamples), 1);
        }

        boolean gaussian() {
            return noiseKind.equals(PrepareConfig.NoiseKind.GAUSSIAN.name());
        }
    }

    /** One speech file of a shard: its index in the sorted speech list (it seeds its clips), URI, relative path, size and speaker. */
    record ShardFile(int index, String uri, String relative, long length, String speaker) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** One shard to make: {@code OUT/<split>/shard-<number>}, its files in list order and the fingerprint of what it holds. */
    record Shard(String split, int number, ShardFile[] files, String fingerprint) implements Serializable {
        private static final long serialVersionUID = 1L;

        String name() {
            return String.format(Locale.ROOT, "shard-%05d", number);
        }

        String uri(String output) {
            return Storage.join(output, split + "/" + name());
        }
    }

    /** The decoded noise recordings, shipped to the executors once (a broadcast). */
    record NoiseSet(String[] names, float[][] samples) implements Serializable {
        private static final long serialVersionUID = 1L;

        List<NoisyExamples.Noise> noises() {
            List<NoisyExamples.Noise> out = new ArrayList<>(names.length);
            for (int i = 0; i < names.length; i++) {
                out.add(new NoisyExamples.Noise(names[i], samples[i]));
            }
            return out;
        }
    }

    /** The speech files of a run, in the builder's order, with their split. */
    private record Speech(List<ShardFile> train, List<ShardFile> val, int count, String listSha256) {
    }

    private PrepareJob() {
    }

    /** Runs the job on {@code spark}: makes the missing shards, writes the top-level files and the report, returns the counts. */
    public static Summary run(SparkSession spark, Config cfg) throws IOException {
        PrepareConfig pc = cfg.prepare();
        Settings settings = Settings.of(pc);
        Path tmp = Files.createTempDirectory("sonic-spark-prepare");
        ExecutorService pool = Tasks.daemonPool(2, "sonic-spark-noise");
        try {
            Speech speech = listSpeech(cfg.speech(), pc, tmp);
            List<String> skipped = new ArrayList<>();
            NoiseSet noise = new NoiseSet(new String[0], new float[0][]);
            String noiseSha = null;
            int noiseFiles = 0;
            if (pc.noiseKind() == PrepareConfig.NoiseKind.FILES) {
                Path local = localFolder(cfg.noise(), tmp.resolve("noise"));
                List<Path> files = AudioFiles.list(local);
                if (files.isEmpty()) {
                    throw new IOException(cfg.noise() + ": noise kind 'files' needs noise audio files");
                }
                noiseFiles = files.size();
                noiseSha = HybridDatasetBuilder.listHash(local, files);
                List<String> noiseSkipped = new ArrayList<>();
                List<NoisyExamples.Noise> decoded = NoisyExamples.loadNoises(local, files, AudioLoader::loadMono, pc.features().sampleRate(),
                        pool, noiseSkipped, Progress.NONE);
                for (String line : noiseSkipped) {
                    skipped.add(Storage.isLocal(cfg.noise()) ? line : line.replace(local.toString(), cfg.noise()));
                }
                noise = new NoiseSet(decoded.stream().map(NoisyExamples.Noise::name).toArray(String[]::new),
                        decoded.stream().map(NoisyExamples.Noise::samples).toArray(float[][]::new));
            }
            int noiseErrors = skipped.size();
            List<Shard> shards = new ArrayList<>();
            for (String split : List.of("train", "val")) {
                List<ShardFile> files = split.equals("train") ? speech.train() : speech.val();
                for (int from = 0, n = 0; from < files.size(); from += cfg.filesPerShard(), n++) {
                    List<ShardFile> part = files.subList(from, Math.min(files.size(), from + cfg.filesPerShard()));
                    shards.add(new Shard(split, n, part.toArray(ShardFile[]::new), fingerprint(settings, noiseSha, part)));
                }
                removeLeftovers(Storage.join(cfg.output(), split), (int) shards.stream().filter(s -> s.split().equals(split)).count());
            }

            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Shard> todo = new ArrayList<>();
            for (Shard s : shards) {
                JsonNode j = readJson(Storage.join(s.uri(cfg.output()), SHARD_JSON));
                if (j == null || !s.fingerprint().equals(j.path("fingerprint").asText())) {
                    todo.add(s);
                }
            }
            int written = todo.size();
            String output = cfg.output();
            if (!todo.isEmpty()) {
                Broadcast<NoiseSet> bn = jsc.broadcast(noise);
                jsc.setJobDescription("sonic prepare: " + todo.size() + " shards");
                jsc.parallelize(todo, slices(cfg, todo.size())).foreachPartition(it -> makeShards(it, settings, bn.value(), output));
                bn.destroy();
            }

            Map<String, JsonNode> meta = readShards(shards, output);
            if (settings.gaussian()) {
                Normalization.Accumulator cleanAcc = new Normalization.Accumulator(pc.features().nMels());
                for (Shard s : shards) {
                    int clips = meta.get(s.uri(output)).path("clips").asInt();
                    if (s.split().equals("train") && clips > 0) {
                        cleanAcc.merge(Normalization.fromJson(readText(Storage.join(s.uri(output), CLEAN_FIT))), clips);
                    }
                }
                if (cleanAcc.count() == 0) {
                    throw noTrainClips(cfg, speech, meta, shards);
                }
                Normalization cleanFit = cleanAcc.build();
                String cleanJson = cleanFit.toJson();
                List<Shard> noisyTodo = new ArrayList<>();
                for (Shard s : shards) {
                    if (!noisyFingerprint(s, cleanJson).equals(meta.get(s.uri(output)).path("noisy").asText())) {
                        noisyTodo.add(s);
                    }
                }
                if (!noisyTodo.isEmpty()) {
                    jsc.setJobDescription("sonic prepare: feature noise in " + noisyTodo.size() + " shards");
                    jsc.parallelize(noisyTodo, slices(cfg, noisyTodo.size()))
                            .foreachPartition(it -> addFeatureNoise(it, settings, cleanJson, output));
                    meta = readShards(shards, output);
                }
            }

            // the top-level files, in shard order
            Normalization.Accumulator acc = new Normalization.Accumulator(pc.features().nMels());
            List<Row> rows = new ArrayList<>();
            Map<String, int[]> counts = new HashMap<>(); // split -> clips, files
            Map<String, TreeSet<String>> speakers = new HashMap<>();
            Map<String, List<Shard>> bySplit = new HashMap<>();
            Map<Integer, String> errorsByIndex = new java.util.TreeMap<>();
            for (Shard s : shards) {
                bySplit.computeIfAbsent(s.split(), k -> new ArrayList<>()).add(s);
                JsonNode j = meta.get(s.uri(output));
                boolean reused = !todo.contains(s);
                int[] c = counts.computeIfAbsent(s.split(), k -> new int[2]);
                int clips = j.path("clips").asInt();
                c[0] += clips;
                if (s.split().equals("train") && clips > 0) {
                    acc.merge(Normalization.fromJson(readText(Storage.join(s.uri(output), "normalization.json"))), 2L * clips);
                }
                for (JsonNode f : j.path("files")) {
                    int fc = f.path("clips").asInt();
                    String error = f.path("error").isTextual() ? f.path("error").asText() : null;
                    if (fc > 0) {
                        c[1]++;
                        speakers.computeIfAbsent(s.split(), k -> new TreeSet<>()).add(f.path("speaker").asText());
                    }
                    if (error != null) {
                        errorsByIndex.put(f.path("index").asInt(), error);
                    }
                    rows.add(RowFactory.create(f.path("path").asText(), f.path("relative_path").asText(), s.split(),
                            s.split() + "/" + s.name(), error != null ? RowStatus.ERROR : reused ? RowStatus.SKIPPED : RowStatus.OK, error, fc));
                }
            }
            skipped.addAll(errorsByIndex.values());
            if (acc.count() == 0) {
                throw noTrainClips(cfg, speech, meta, shards);
            }
            Normalization norm = acc.build();
            for (String split : List.of("train", "val")) {
                writeSplitManifest(output, split, bySplit.getOrDefault(split, List.of()), tmp);
            }
            writeText(Storage.join(output, "normalization.json"), norm.toJson(), tmp);
            writeText(Storage.join(output, "manifest.json"), topManifest(shards, meta, output, cfg, pc), tmp);
            writeText(Storage.join(output, "prepare.json"), provenance(cfg, pc, speech, noiseFiles, noiseSha, counts, speakers, bySplit,
                    skipped), tmp);
            for (int i = 0; i < noiseErrors; i++) {
                String line = skipped.get(i);
                int colon = line.indexOf(": ");
                String path = colon > 0 ? line.substring(0, colon) : line;
                rows.add(RowFactory.create(path, relativeTo(cfg.noise(), path), "noise", null, RowStatus.ERROR, line, 0));
            }
            spark.createDataFrame(rows, SCHEMA).coalesce(1).write().mode(SaveMode.Overwrite).parquet(cfg.report());
            int[] tr = counts.getOrDefault("train", new int[2]);
            int[] va = counts.getOrDefault("val", new int[2]);
            return new Summary(tr[0], va[0], tr[1], va[1], speakers.getOrDefault("train", new TreeSet<>()).size(),
                    speakers.getOrDefault("val", new TreeSet<>()).size(), skipped.size(), written, shards.size() - written,
                    skipped, norm);
        } finally {
            pool.shutdownNow();
            DenoiseJob.deleteTree(tmp);
        }
    }

    private static int slices(Config cfg, int shards) {
        return Math.max(1, cfg.partitions() > 0 ? Math.min(cfg.partitions(), shards) : shards);
    }

    private static IOException noTrainClips(Config cfg, Speech speech, Map<String, JsonNode> meta, List<Shard> shards) {
        long failed = 0;
        for (Shard s : shards) {
            failed += errors(meta.get(s.uri(cfg.output())));
        }
        return new IOException(cfg.speech() + ": no clips in the train split (" + failed + " of " + speech.count()
                + " files failed to decode)");
    }

    /** Returns how many files of the shard whose shard.json is {@code shardJson} failed to decode. */
    private static int errors(JsonNode shardJson) {
        int n = 0;
        for (JsonNode f : shardJson.path("files")) {
            n += f.path("error").isTextual() ? 1 : 0;
        }
        return n;
    }

    /** Returns {@code path} relative to the folder {@code root} ('/'-separated), or {@code path} itself when it is not under it. */
    private static String relativeTo(String root, String path) {
        String r = root.endsWith("/") ? root : root + "/";
        return path.startsWith(r) ? path.substring(r.length()) : path;
    }

    /**
     * Lists the speech files in the builder's order (sorted by relative path) and splits them by speaker as the builder does;
     * a local folder is listed with {@link AudioFiles#list}, a remote one with Hadoop and sorted the same way.
     */
    static Speech listSpeech(String speechUri, PrepareConfig pc, Path tmp) throws IOException {
        List<Path> keys = new ArrayList<>();
        Map<Path, ShardFile> byKey = new HashMap<>();
        SpeakerSplit speakers;
        String sha;
        if (Storage.isLocal(speechUri)) {
            Path dir = Storage.local(speechUri);
            List<Path> files = AudioFiles.list(dir);
            for (Path f : files) {
                keys.add(f);
                byKey.put(f, new ShardFile(keys.size() - 1, f.toString(), AudioFiles.relative(dir, f), Files.size(f), null));
            }
            speakers = SpeakerSplit.forFolder(dir);
            sha = HybridDatasetBuilder.listHash(dir, files);
        } else {
            FileSystem fs = Storage.fs(speechUri);
            org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(speechUri);
            if (!fs.getFileStatus(root).isDirectory()) {
                throw new IOException(speechUri + ": not a folder");
            }
            MessageDigest md = sha256();
            for (DenoiseJob.Input in : DenoiseJob.list(speechUri)) { // sorted by relative path, as AudioFiles.list
                Path key = Path.of(in.relative());
                keys.add(key);
                byKey.put(key, new ShardFile(keys.size() - 1, in.uri(), in.relative(), in.length(), null));
                md.update((in.relative() + "\t" + in.length() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            sha = HexFormat.of().formatHex(md.digest());
            // the speaker manifest (in the folder or its parent) is read from a local copy by the builder's resolver
            Path local = Files.createDirectories(tmp.resolve("speakers"));
            for (org.apache.hadoop.fs.Path m : new org.apache.hadoop.fs.Path[] {new org.apache.hadoop.fs.Path(root, "manifest.csv"),
                root.getParent() == null ? null : new org.apache.hadoop.fs.Path(root.getParent(), "manifest.csv")}) {
                if (m != null && fs.exists(m) && fs.getFileStatus(m).isFile()) {
                    try (InputStream in = fs.open(m)) {
                        Files.copy(in, local.resolve("manifest.csv"), StandardCopyOption.REPLACE_EXISTING);
                    }
                    break;
                }
            }
            speakers = SpeakerSplit.forFolder(local);
        }
        if (keys.isEmpty()) {
            throw new IOException(speechUri + ": no audio files (wav, flac, mp3)");
        }
        SpeakerSplit.Split split = speakers.split(keys, pc.seed(), pc.validationFraction());
        List<ShardFile> train = new ArrayList<>();
        List<ShardFile> val = new ArrayList<>();
        for (Path k : split.train()) {
            ShardFile f = byKey.get(k);
            train.add(new ShardFile(f.index(), f.uri(), f.relative(), f.length(), split.speakers().get(k)));
        }
        for (Path k : split.validation()) {
            ShardFile f = byKey.get(k);
            val.add(new ShardFile(f.index(), f.uri(), f.relative(), f.length(), split.speakers().get(k)));
        }
        return new Speech(train, val, keys.size(), sha);
    }

    /** Returns a local folder holding {@code uri}'s audio files: the folder itself when local, else a copy under {@code copy}. */
    private static Path localFolder(String uri, Path copy) throws IOException {
        if (Storage.isLocal(uri)) {
            Path dir = Storage.local(uri);
            if (!Files.isDirectory(dir)) {
                throw new IOException(uri + ": not a folder");
            }
            return dir;
        }
        Files.createDirectories(copy);
        FileSystem fs = Storage.fs(uri);
        for (DenoiseJob.Input in : DenoiseJob.list(uri)) {
            Path target = copy.resolve(in.relative());
            Files.createDirectories(target.getParent());
            try (InputStream s = fs.open(new org.apache.hadoop.fs.Path(in.uri()))) {
                Files.copy(s, target);
            }
        }
        return copy;
    }

    /** Returns the SHA-256 (hex) of the settings, the noise list and the shard's files (index, path, size, speaker). */
    static String fingerprint(Settings settings, String noiseSha, List<ShardFile> files) {
        MessageDigest md = sha256();
        md.update((settings + "\nnoise " + noiseSha + "\n").getBytes(StandardCharsets.UTF_8));
        for (ShardFile f : files) {
            md.update((f.index() + "\t" + f.relative() + "\t" + f.length() + "\t" + f.speaker() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Returns the fingerprint of a shard's noisy array: its own for every kind but gaussian, which also depends on the clean fit. */
    private static String noisyFingerprint(Shard s, String cleanFitJson) {
        MessageDigest md = sha256();
        md.update((s.fingerprint() + "\n" + cleanFitJson).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes temporary shard folders left by killed runs and shards numbered past {@code shards} (a smaller plan) in a split folder. */
    private static void removeLeftovers(String splitUri, int shards) throws IOException {
        if (Storage.isLocal(splitUri)) {
            Path dir = Storage.local(splitUri);
            if (!Files.isDirectory(dir)) {
                return;
            }
            try (var s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    if (Files.isDirectory(p) && stale(p.getFileName().toString(), shards)) {
                        DenoiseJob.deleteTree(p);
                    }
                }
            }
        } else {
            FileSystem fs = Storage.fs(splitUri);
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(splitUri);
            if (!fs.exists(dir)) {
                return;
            }
            for (FileStatus st : fs.listStatus(dir)) {
                if (st.isDirectory() && stale(st.getPath().getName(), shards)) {
                    fs.delete(st.getPath(), true);
                }
            }
        }
    }

    private static boolean stale(String name, int shards) {
        if (name.startsWith(".shard-") && (name.endsWith(".tmp") || name.endsWith(".part"))) {
            return true;
        }
        return SHARD_NAME.matcher(name).matches() && Integer.parseInt(name.substring(6)) >= shards;
    }

    // ------------------------------------------------------------------------------------------------ executors

    /** Makes the shards of one partition, one after the other, with one feature extractor. */
    static void makeShards(Iterator<Shard> shards, Settings settings, NoiseSet noise, String output) throws IOException {
        if (!shards.hasNext()) {
            return;
        }
        PrepareConfig pc = settings.config();
        HybridFeatures hf = new HybridFeatures(pc.features());
        NoisyExamples examples = settings.gaussian() ? null : new NoisyExamples(pc, noise.noises());
        HybridDatasetBuilder builder = new HybridDatasetBuilder(pc, AudioLoader::loadMono);
        Path tmp = Files.createTempDirectory("sonic-spark-shard");
        try {
            while (shards.hasNext()) {
                makeShard(shards.next(), pc, builder, hf, examples, output, tmp);
            }
        } finally {
            DenoiseJob.deleteTree(tmp);
        }
    }

    /** Makes one shard in a temporary folder (shard.json last) and renames it into place; on failure nothing is left. */
    static void makeShard(Shard shard, PrepareConfig pc, HybridDatasetBuilder builder, HybridFeatures hf, NoisyExamples examples,
            String output, Path tmp) throws IOException {
        String target = shard.uri(output);
        boolean local = Storage.isLocal(target);
        Path stage = local ? Storage.local(Storage.join(output, shard.split())).resolve("." + shard.name() + "." + UUID.randomUUID() + ".tmp")
                : tmp.resolve(shard.name() + "." + UUID.randomUUID());
        Files.createDirectories(stage);
        boolean gaussian = examples == null;
        FeatureConfig f = pc.features();
        try {
            Path cleanRaw = stage.resolve(".clean.f32");
            Path noisyRaw = stage.resolve(".noisy.f32");
            StringBuilder manifest = new StringBuilder(HybridDatasetBuilder.MANIFEST_HEADER);
            Normalization.Accumulator acc = new Normalization.Accumulator(f.nMels());
            ObjectNode json = JSON.createObjectNode();
            ArrayNode files = JSON.createArrayNode();
            int count = 0;
            byte[] buf = new byte[f.hybridRows() * f.frames() * 4];
            try (OutputStream clean = new BufferedOutputStream(Files.newOutputStream(cleanRaw), 1 << 16);
                    OutputStream noisy = new BufferedOutputStream(Files.newOutputStream(noisyRaw), 1 << 16)) {
                for (ShardFile sf : shard.files()) {
                    Path in = Storage.isLocal(sf.uri()) ? Storage.local(sf.uri()) : null;
                    HybridDatasetBuilder.FileClips fc;
                    if (in != null) {
                        fc = builder.processFile(in, sf.index(), hf, examples);
                    } else {
                        Path copy = null;
                        try {
                            copy = Storage.fetch(sf.uri(), tmp);
                            fc = builder.processFile(copy, sf.index(), hf, examples);
                            if (fc.error() != null) {
                                fc = new HybridDatasetBuilder.FileClips(List.of(), fc.error().replace(copy.toString(), sf.uri()));
                            }
                        } catch (IOException e) {
                            fc = new HybridDatasetBuilder.FileClips(List.of(), sf.uri() + ": " + DenoiseJob.oneLine(e));
                        } finally {
                            if (copy != null) {
                                Files.deleteIfExists(copy);
                            }
                        }
                    }
                    ObjectNode fn = files.addObject();
                    fn.put("index", sf.index());
                    fn.put("path", sf.uri());
                    fn.put("relative_path", sf.relative());
                    fn.put("speaker", sf.speaker());
                    fn.put("clips", fc.clips().size());
                    fn.put("error", fc.error());
                    for (HybridDatasetBuilder.Clip c : fc.clips()) {
                        manifest.append(HybridDatasetBuilder.manifestRow(count++, shard.split(), sf.relative(), sf.speaker(), c));
                        HybridDatasetBuilder.writeRaw(clean, c.clean(), buf);
                        acc.add(c.clean());
                        if (!gaussian) {
                            HybridDatasetBuilder.writeRaw(noisy, c.noisy(), buf);
                            acc.add(c.noisy());
                        }
                    }
                }
            }
            rawToNpy(cleanRaw, stage.resolve("clean.npy"), count, f, buf);
            if (!gaussian) {
                rawToNpy(noisyRaw, stage.resolve("noisy.npy"), count, f, buf);
            }
            Files.delete(cleanRaw);
            Files.delete(noisyRaw);
            AtomicFiles.writeString(stage.resolve("manifest.csv"), manifest.toString());
            if (count > 0) {
                AtomicFiles.writeString(stage.resolve(gaussian ? CLEAN_FIT : "normalization.json"), acc.build().toJson());
            }
            json.put("version", 1);
            json.put("split", shard.split());
            json.put("shard", shard.name());
            json.put("fingerprint", shard.fingerprint());
            json.put("noisy", gaussian ? null : shard.fingerprint()); // gaussian: set by the second pass
            json.put("clips", count);
            json.put("shape", "(" + count + ", " + f.hybridRows() + ", " + f.frames() + ")");
            json.set("files", files);
            AtomicFiles.writeString(stage.resolve(SHARD_JSON), JSON.writeValueAsString(json) + "\n");
            publish(stage, target);
        } finally {
            DenoiseJob.deleteTree(stage); // gone after a successful rename; after a failure, what was written
        }
    }

    /** Adds gaussian feature noise to the shards of one partition (second pass): reads clean.npy, writes noisy.npy and the fit. */
    static void addFeatureNoise(Iterator<Shard> shards, Settings settings, String cleanFitJson, String output) throws IOException {
        PrepareConfig pc = settings.config();
        NoisyExamples examples = new NoisyExamples(pc, List.of(), Normalization.fromJson(cleanFitJson));
        Path tmp = Files.createTempDirectory("sonic-spark-noise");
        try {
            while (shards.hasNext()) {
                Shard s = shards.next();
                String dir = s.uri(output);
                boolean local = Storage.isLocal(dir);
                Path work = local ? Storage.local(dir) : Files.createDirectories(tmp.resolve(s.name()));
                JsonNode json = readJson(Storage.join(dir, SHARD_JSON));
                if (json == null) {
                    throw new IOException(dir + ": " + SHARD_JSON + " is missing");
                }
                int count = json.path("clips").asInt();
                Normalization.Accumulator acc = new Normalization.Accumulator(pc.features().nMels());
                NpyArray clean = Npy.read(local ? work.resolve("clean.npy") : Storage.fetch(Storage.join(dir, "clean.npy"), tmp));
                Npy.NpyWriter w = Npy.openWriter(work.resolve("noisy.npy"), count, pc.features().hybridRows(), pc.features().frames());
                try {
                    int i = 0;
                    for (JsonNode f : json.path("files")) {
                        for (int k = 0; k < f.path("clips").asInt(); k++, i++) {
                            float[][] c = clean.item2d(i);
                            float[][] noisy = examples.make(null, c, HybridDatasetBuilder.clipSeed(pc.seed(), f.path("index").asInt(), k), null)
                                    .noisy();
                            w.write(noisy);
                            acc.add(c);
                            acc.add(noisy);
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    w.abort();
                    throw e;
                }
                w.close();
                if (count > 0) {
                    AtomicFiles.writeString(work.resolve("normalization.json"), acc.build().toJson());
                }
                ((ObjectNode) json).put("noisy", noisyFingerprint(s, cleanFitJson));
                AtomicFiles.writeString(work.resolve(SHARD_JSON), JSON.writeValueAsString(json) + "\n");
                if (!local) {
                    for (String name : new String[] {"noisy.npy", "normalization.json", SHARD_JSON}) {
                        if (Files.exists(work.resolve(name))) {
                            Storage.upload(work.resolve(name), Storage.join(dir, name));
                        }
                    }
                }
            }
        } finally {
            DenoiseJob.deleteTree(tmp);
        }
    }

    /** Copies {@code count} raw little-endian hybrids into a .npy file of shape (count, rows, frames), atomically. */
    private static void rawToNpy(Path raw, Path npy, int count, FeatureConfig f, byte[] buf) throws IOException {
        float[] values = new float[f.hybridRows() * f.frames()];
        Npy.NpyWriter w = Npy.openWriter(npy, count, f.hybridRows(), f.frames());
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(raw), 1 << 16))) {
            for (int i = 0; i < count; i++) {
                in.readFully(buf);
                ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                w.write(values);
            }
        } catch (IOException | RuntimeException e) {
            w.abort();
            throw e;
        }
        w.close();
    }

    /** Moves the finished local folder {@code stage} to {@code target} (replacing an older shard there), by one rename when local. */
    private static void publish(Path stage, String target) throws IOException {
        if (Storage.isLocal(target)) {
            Path t = Storage.local(target);
            if (Files.exists(t)) {
                DenoiseJob.deleteTree(t);
            }
            Files.move(stage, t, StandardCopyOption.ATOMIC_MOVE);
        } else {
            Storage.uploadFolder(stage, target);
        }
    }

    // ------------------------------------------------------------------------------------------------ driver output

    private static Map<String, JsonNode> readShards(List<Shard> shards, String output) throws IOException {
        Map<String, JsonNode> m = new HashMap<>();
        for (Shard s : shards) {
            JsonNode j = readJson(Storage.join(s.uri(output), SHARD_JSON));
            if (j == null || !s.fingerprint().equals(j.path("fingerprint").asText())) {
                throw new IOException(s.uri(output) + ": shard missing or from other settings after the job");
            }
            m.put(s.uri(output), j);
        }
        return m;
    }

    /**
     * Writes {@code OUT/<split>/manifest.csv}: the shards' rows in shard order, renumbered from 0 across the split (the
     * builder's columns), plus the shard and the row's index in it.
     */
    private static void writeSplitManifest(String output, String split, List<Shard> shards, Path tmp) throws IOException {
        AtomicFiles.Body body = out -> {
            out.write((HybridDatasetBuilder.MANIFEST_HEADER.strip() + ",shard,shard_index\n").getBytes(StandardCharsets.UTF_8));
            long index = 0;
            for (Shard s : shards) {
                String uri = Storage.join(s.uri(output), "manifest.csv");
                try (BufferedReader r = new BufferedReader(new InputStreamReader(open(uri), StandardCharsets.UTF_8))) {
                    r.readLine(); // header
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.isEmpty()) {
                            continue;
                        }
                        int comma = line.indexOf(',');
                        String local = line.substring(0, comma);
                        out.write((index++ + line.substring(comma) + "," + split + "/" + s.name() + "," + local + "\n")
                                .getBytes(StandardCharsets.UTF_8));
                    }
                }
            }
        };
        write(Storage.join(output, split + "/manifest.csv"), body, tmp);
    }

    private static String topManifest(List<Shard> shards, Map<String, JsonNode> meta, String output, Config cfg, PrepareConfig pc)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("tool", "sonic-spark prepare");
        root.put("filesPerShard", cfg.filesPerShard());
        FeatureConfig f = pc.features();
        root.put("dtype", "float32");
        root.put("itemShape", "(" + f.hybridRows() + ", " + f.frames() + ")");
        for (String split : List.of("train", "val")) {
            ObjectNode o = root.putObject(split);
            ArrayNode arr = JSON.createArrayNode();
            long clips = 0;
            for (Shard s : shards) {
                if (!s.split().equals(split)) {
                    continue;
                }
                JsonNode j = meta.get(s.uri(output));
                ObjectNode sn = arr.addObject();
                sn.put("path", split + "/" + s.name());
                sn.put("firstIndex", clips);
                sn.put("clips", j.path("clips").asInt());
                sn.put("files", s.files().length);
                sn.put("errors", errors(j));
                sn.put("fingerprint", s.fingerprint());
                clips += j.path("clips").asInt();
            }
            o.put("clips", clips);
            o.put("shape", "(" + clips + ", " + f.hybridRows() + ", " + f.frames() + ")");
            o.put("manifest", split + "/manifest.csv");
            o.set("shards", arr);
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /** Returns prepare.json: the builder's keys (settings, speech and noise lists, per-split counts, skipped files) plus the shards. */
    private static String provenance(Config cfg, PrepareConfig pc, Speech speech, int noiseFiles, String noiseSha, Map<String, int[]> counts,
            Map<String, TreeSet<String>> speakers, Map<String, List<Shard>> bySplit, List<String> skipped) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        root.put("tool", "sonic-spark prepare");
        HybridDatasetBuilder.putConfig(root, pc).put("filesPerShard", cfg.filesPerShard());
        FeatureConfig f = pc.features();
        ObjectNode sp = root.putObject("speech");
        sp.put("dir", cfg.speech());
        sp.put("files", speech.count());
        sp.put("listSha256", speech.listSha256());
        ObjectNode nz = root.putObject("noise");
        nz.put("dir", cfg.noise());
        nz.put("files", noiseFiles);
        nz.put("listSha256", noiseSha);
        for (String split : List.of("train", "val")) {
            int[] n = counts.getOrDefault(split, new int[2]);
            ObjectNode o = root.putObject(split);
            o.put("clips", n[0]);
            o.put("files", n[1]);
            ArrayNode spk = o.putArray("speakers");
            speakers.getOrDefault(split, new TreeSet<>()).forEach(spk::add);
            o.put("shape", "(" + n[0] + ", " + f.hybridRows() + ", " + f.frames() + ")");
            o.put("shards", bySplit.getOrDefault(split, List.of()).size());
        }
        ArrayNode sk = root.putArray("skipped");
        skipped.forEach(sk::add);
        root.put("normalization", "normalization.json (fitted on train clean + noisy)");
        root.put("units", "raw: rows 0.." + (f.nMels() - 1) + " mel power, rows " + f.nMels() + ".." + (f.hybridRows() - 1) + " MFCC");
        root.put("layout", "<split>/shard-NNNNN/{clean.npy,noisy.npy,manifest.csv,normalization.json,shard.json}; "
                + "<split>/manifest.csv lists every clip in shard order; manifest.json lists the shards");
        return JSON.writeValueAsString(root) + "\n";
    }

    // ------------------------------------------------------------------------------------------------ files by URI

    private static InputStream open(String uri) throws IOException {
        return Storage.isLocal(uri) ? Files.newInputStream(Storage.local(uri)) : Storage.fs(uri).open(new org.apache.hadoop.fs.Path(uri));
    }

    /** Returns the text of {@code uri}, or null when it does not exist. */
    private static String readText(String uri) throws IOException {
        boolean exists = Storage.isLocal(uri) ? Files.isRegularFile(Storage.local(uri))
                : Storage.fs(uri).exists(new org.apache.hadoop.fs.Path(uri));
        if (!exists) {
            return null;
        }
        try (InputStream in = open(uri)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Returns the JSON of {@code uri}, or null when it does not exist or does not parse (a shard to redo). */
    private static JsonNode readJson(String uri) throws IOException {
        String text = readText(uri);
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeText(String uri, String text, Path tmp) throws IOException {
        write(uri, out -> out.write(text.getBytes(StandardCharsets.UTF_8)), tmp);
    }

    /** Writes {@code uri} atomically: a temporary file renamed into place (locally), or a local file uploaded and renamed. */
    private static void write(String uri, AtomicFiles.Body body, Path tmp) throws IOException {
        if (Storage.isLocal(uri)) {
            AtomicFiles.write(Storage.local(uri), body);
            return;
        }
        Path local = Files.createTempFile(tmp, "out", ".tmp");
        try {
            AtomicFiles.write(local, body);
            Storage.upload(local, uri);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
