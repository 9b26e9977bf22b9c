package dev.sonicsaviors.spark;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.ProgressListener;
import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.io.WavStreamWriter;
import dev.sonicsaviors.metrics.MetricScores;
import dev.sonicsaviors.metrics.Metrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Denoises every audio file (WAV, FLAC, MP3) under a folder or named in a list file on Spark: the files are read with the
 * binary file source, each partition borrows a denoiser loaded once per executor task slot ({@link DenoiserPool}), each
 * output is written as 16-bit WAV under the input's relative path with {@code .wav} (a temporary file renamed into place,
 * the same bytes as {@code sonic denoise}), files whose output is already complete are skipped, and one Parquet row per
 * file records how it went ({@link #SCHEMA}).
 *
 * <p>Two inputs with the same output (such as {@code a.flac} and {@code a.wav} in one folder, or one file listed twice)
 * are found on the driver before anything runs, as {@code sonic denoise} does: the first in relative-path order
 * ({@code a.flac}) keeps the output, and every later one is an error row naming the first, with nothing written for it.
 * Names differing only in case are different outputs (as on HDFS, S3 and Linux disks).
 */
public final class DenoiseJob {
    /** The report's columns: durations in s, rates in Hz, times in ms, SI-SDR/SNR/SegSNR in dB, STOI 0..1, PESQ MOS-LQO. */
    public static final StructType SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("path", DataTypes.StringType, false),
        DataTypes.createStructField("relative_path", DataTypes.StringType, false),
        DataTypes.createStructField("output", DataTypes.StringType, false),
        DataTypes.createStructField("status", DataTypes.StringType, false),
        DataTypes.createStructField("error", DataTypes.StringType, true),
        DataTypes.createStructField("duration_s", DataTypes.DoubleType, true),
        DataTypes.createStructField("sample_rate", DataTypes.IntegerType, true),
        DataTypes.createStructField("channels", DataTypes.IntegerType, true),
        DataTypes.createStructField("processing_ms", DataTypes.LongType, true),
        DataTypes.createStructField("si_sdr", DataTypes.DoubleType, true),
        DataTypes.createStructField("snr", DataTypes.DoubleType, true),
        DataTypes.createStructField("segsnr", DataTypes.DoubleType, true),
        DataTypes.createStructField("stoi", DataTypes.DoubleType, true),
        DataTypes.createStructField("estoi", DataTypes.DoubleType, true),
        DataTypes.createStructField("pesq_wb", DataTypes.DoubleType, true),
        DataTypes.createStructField("pesq_nb", DataTypes.DoubleType, true),
        DataTypes.createStructField("metrics_error", DataTypes.StringType, true),
    });

    /**
     * What to denoise and where.
     *
     * @param input a folder (searched recursively) or a text file listing one audio file per line (relative to the list's folder, or absolute)
     * @param output the output folder (outputs keep the inputs' relative paths, with {@code .wav})
     * @param report where the Parquet report goes (overwritten)
     * @param model a built-in model name or a model folder readable on every executor
     * @param strength in [0, 1], as {@link DenoiseOptions#strength()}
     * @param clean a folder of clean references under the same relative paths (any audio extension), or null for no metrics
     * @param partitionBytes at most this many input bytes per partition (Spark's {@code spark.sql.files.maxPartitionBytes})
     */
    public record Config(String input, String output, String report, String model, double strength, String clean,
            long partitionBytes) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks the strength and partition size. */
        public Config {
            new DenoiseOptions(model, strength, DenoiseOptions.Reconstruction.MASK); // validates
            if (partitionBytes < 1) {
                throw new IllegalArgumentException("partition size must be positive: " + partitionBytes);
            }
        }

        DenoiseOptions options() {
            return new DenoiseOptions(model, strength, DenoiseOptions.Reconstruction.MASK);
        }
    }

    /** Counts of one run's rows by status. */
    public record Summary(long ok, long errors, long skipped) {
    }

    /** One input file: its qualified URI, its path relative to the input root ('/'-separated) and its size in bytes. */
    record Input(String uri, String relative, long length) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    private DenoiseJob() {
    }

    /** Runs the job on {@code spark}, writes the report and returns its counts. */
    public static Summary run(SparkSession spark, Config cfg) throws IOException {
        List<Input> inputs = list(cfg.input());
        List<Row> skipped = new ArrayList<>(); // and files failed before reading
        List<Input> todo = new ArrayList<>();
        Map<String, Input> claimed = new HashMap<>(); // output URI -> the input that writes it
        for (Input in : inputs) {
            String out = outputOf(cfg.output(), in.relative());
            Input first = claimed.putIfAbsent(out, in);
            if (first != null) { // as sonic denoise: the first in relative-path order keeps the output, the others fail
                skipped.add(RowFactory.create(in.uri(), in.relative(), out, RowStatus.ERROR, collision(in, out, first),
                        null, null, null, null, null, null, null, null, null, null, null, null));
            } else if (Storage.completeWav(out)) {
                skipped.add(RowFactory.create(in.uri(), in.relative(), out, RowStatus.SKIPPED, null, null, null, null, null,
                        null, null, null, null, null, null, null, null));
            } else if (in.length() == 0) { // the binary file source yields no row for an empty (or missing) file
                skipped.add(RowFactory.create(in.uri(), in.relative(), out, RowStatus.ERROR, in.uri() + ": empty or missing file",
                        null, null, null, null, null, null, null, null, null, null, null, null));
            } else {
                todo.add(in);
            }
        }
        Dataset<Row> rows = spark.createDataFrame(skipped, SCHEMA);
        String maxPartitionBytes = "spark.sql.files.maxPartitionBytes";
        String before = spark.conf().get(maxPartitionBytes, null);
        if (!todo.isEmpty()) {
            // planned when the report is written: set for that write only (the report's own reads keep the default)
            spark.conf().set(maxPartitionBytes, Long.toString(cfg.partitionBytes()));
            Map<String, String> relative = new HashMap<>();
            for (Input in : todo) {
                relative.put(in.uri(), in.relative());
            }
            Broadcast<Map<String, String>> rel = new org.apache.spark.api.java.JavaSparkContext(spark.sparkContext())
                    .broadcast(relative);
            String[] paths = todo.stream().map(Input::uri).toArray(String[]::new);
            Dataset<Row> files = spark.read().format("binaryFile").load(paths).select("path", "content");
            Dataset<Row> done = files.mapPartitions(
                    (MapPartitionsFunction<Row, Row>) it -> denoisePartition(it, cfg, rel.value()), Encoders.row(SCHEMA));
            rows = rows.unionByName(done);
        }
        try {
            rows.write().mode(SaveMode.Overwrite).parquet(cfg.report());
        } finally {
            if (before == null) {
                spark.conf().unset(maxPartitionBytes);
            } else {
                spark.conf().set(maxPartitionBytes, before);
            }
        }
        Map<String, Long> byStatus = new HashMap<>(); // one pass over the report, not one per status
        for (Row r : spark.read().parquet(cfg.report()).groupBy("status").count().collectAsList()) {
            byStatus.put(r.getString(0), r.getLong(1));
        }
        return new Summary(byStatus.getOrDefault(RowStatus.OK, 0L), byStatus.getOrDefault(RowStatus.ERROR, 0L),
                byStatus.getOrDefault(RowStatus.SKIPPED, 0L));
    }

    /**
     * Returns the error of {@code in}, whose output {@code out} is already that of {@code first} (for example {@code a.flac}
     * and {@code a.wav} in one folder, both giving {@code a.wav}): the wording of {@code sonic denoise}.
     */
    static String collision(Input in, String out, Input first) {
        return in.uri() + ": its output " + out + " would overwrite that of " + first.uri();
    }

    /** Returns the output URI of {@code relative}: under {@code outputRoot} with the extension replaced by {@code .wav}. */
    static String outputOf(String outputRoot, String relative) {
        int slash = relative.lastIndexOf('/');
        int dot = relative.lastIndexOf('.');
        return Storage.join(outputRoot, (dot > slash ? relative.substring(0, dot) : relative) + ".wav");
    }

    /**
     * Lists the audio files of {@code input} (a folder, recursively; or a list file), sorted by relative path; the
     * binary file source then reads only those still to do.
     */
    static List<Input> list(String input) throws IOException {
        FileSystem fs = Storage.fs(input);
        org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(input);
        FileStatus st = fs.getFileStatus(p);
        List<Input> found = new ArrayList<>();
        if (st.isDirectory()) {
            String root = fs.makeQualified(p).toString();
            root = root.endsWith("/") ? root : root + "/";
            // listed with Hadoop's recursive listing (Spark's file scans drop empty files, which must become error rows)
            org.apache.hadoop.fs.RemoteIterator<org.apache.hadoop.fs.LocatedFileStatus> it = fs.listFiles(p, true);
            while (it.hasNext()) {
                org.apache.hadoop.fs.LocatedFileStatus f = it.next();
                String uri = f.getPath().toString();
                if (f.isFile() && isAudio(uri) && uri.startsWith(root)) {
                    found.add(new Input(uri, uri.substring(root.length()), f.getLen()));
                }
            }
        } else {
            List<String> lines;
            try (InputStream in = fs.open(p)) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            }
            for (String line : lines) {
                org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(line);
                boolean absolute = f.isAbsolute() || Storage.scheme(line) != null;
                org.apache.hadoop.fs.Path resolved = absolute ? f : new org.apache.hadoop.fs.Path(p.getParent(), line);
                FileSystem ffs = resolved.getFileSystem(fs.getConf());
                org.apache.hadoop.fs.Path q = ffs.makeQualified(resolved);
                long length = ffs.exists(q) ? ffs.getFileStatus(q).getLen() : 0;
                found.add(new Input(q.toString(), absolute ? q.getName() : line.replace('\\', '/'), length));
            }
        }
        found.sort((a, b) -> a.relative().compareTo(b.relative()));
        return found;
    }

    /** Returns whether {@code uri} names a WAV, FLAC or MP3 file (by extension, any case). */
    static boolean isAudio(String uri) {
        String n = uri.toLowerCase(Locale.ROOT);
        return n.endsWith(".wav") || n.endsWith(".flac") || n.endsWith(".mp3");
    }

    /** Denoises one partition's files with one borrowed denoiser and returns one row per file. */
    static Iterator<Row> denoisePartition(Iterator<Row> files, Config cfg, Map<String, String> relative) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (!files.hasNext()) {
            return rows.iterator();
        }
        Path tmpDir = Files.createTempDirectory("sonic-spark");
        Denoiser denoiser = null;
        try {
            while (files.hasNext()) {
                Row f = files.next();
                String uri = f.getString(0);
                String rel = relative.getOrDefault(uri, new org.apache.hadoop.fs.Path(uri).getName());
                if (denoiser == null) {
                    denoiser = DenoiserPool.borrow(cfg.options());
                }
                rows.add(denoiseFile(uri, rel, (byte[]) f.get(1), cfg, denoiser, tmpDir));
            }
        } finally {
            if (denoiser != null) {
                DenoiserPool.release(denoiser);
            }
            deleteTree(tmpDir);
        }
        return rows.iterator();
    }

    /** Denoises one file's bytes, writes its output atomically and returns its row; a failure becomes an error row. */
    static Row denoiseFile(String uri, String rel, byte[] content, Config cfg, Denoiser denoiser, Path tmpDir) {
        long t0 = System.nanoTime();
        String out = outputOf(cfg.output(), rel);
        Path in = null;
        Path localOut = null;
        Double duration = null;
        Integer rate = null;
        Integer channels = null;
        try {
            in = Files.createTempFile(tmpDir, "in", ".audio");
            Files.write(in, content);
            localOut = Storage.isLocal(out) ? Storage.local(out) : tmpDir.resolve("out.wav");
            AudioSource src = AudioReader.open(in);
            WavStreamWriter w = null;
            try {
                rate = src.sampleRate();
                channels = src.channelCount();
                duration = src.durationSeconds();
                w = WavStreamWriter.create(localOut, channels, rate, 16);
                denoiser.denoise(src, w, rate, ProgressListener.NONE, null);
                src.close();
                w.commit();
            } finally {
                src.close();
                if (w != null) {
                    w.close();
                }
            }
            Object[] m = new Object[8];
            if (cfg.clean() != null) {
                m = metrics(cfg.clean(), rel, localOut, tmpDir);
            }
            if (!Storage.isLocal(out)) {
                Storage.upload(localOut, out);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return RowFactory.create(uri, rel, out, RowStatus.OK, null, duration, rate, channels, ms,
                    m[0], m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
        } catch (Exception | OutOfMemoryError e) {
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String msg = oneLine(e);
            if (in != null) {
                msg = msg.replace(in.toString(), uri);
            }
            return RowFactory.create(uri, rel, out, RowStatus.ERROR, msg, duration, rate, channels, ms,
                    null, null, null, null, null, null, null, null);
        } finally {
            if (in != null) {
                try {
                    Files.deleteIfExists(in);
                } catch (IOException ignored) {
                    // the temporary folder is removed at the end of the partition
                }
            }
        }
    }

    /**
     * Scores the written output against the clean reference with the same relative path (any audio extension) under
     * {@code cleanRoot}, as {@code sonic metrics} does (mono mixes, the output resampled to the reference's rate): SI-SDR,
     * SNR, SegSNR, STOI, ESTOI, PESQ WB, PESQ NB and the PESQ error, or a reason in the last slot.
     */
    static Object[] metrics(String cleanRoot, String rel, Path output, Path tmpDir) {
        Object[] m = new Object[8];
        String stem = rel.lastIndexOf('.') > rel.lastIndexOf('/') ? rel.substring(0, rel.lastIndexOf('.')) : rel;
        String cleanUri = null;
        for (String ext : new String[] {rel.substring(stem.length()), ".wav", ".flac", ".mp3"}) {
            String c = Storage.join(cleanRoot, stem + ext);
            try {
                if (Storage.isLocal(c) ? Files.isRegularFile(Storage.local(c))
                        : Storage.fs(c).exists(new org.apache.hadoop.fs.Path(c))) {
                    cleanUri = c;
                    break;
                }
            } catch (IOException e) {
                // try the next extension
            }
        }
        if (cleanUri == null) {
            m[7] = "no clean reference for " + rel + " under " + cleanRoot;
            return m;
        }
        try {
            AudioData c = AudioReader.read(Storage.fetch(cleanUri, tmpDir));
            AudioData d = AudioReader.read(output);
            float[] x = c.toMono();
            float[] y = d.toMono();
            if (d.sampleRate() != c.sampleRate()) {
                y = Resampler.resample(y, d.sampleRate(), c.sampleRate());
            }
            MetricScores s = Metrics.all(x, y, c.sampleRate());
            m[0] = s.siSdr();
            m[1] = s.snr();
            m[2] = s.segSnr();
            m[3] = s.stoi();
            m[4] = s.estoi();
            m[5] = Double.isNaN(s.pesqWb()) ? null : s.pesqWb();
            m[6] = Double.isNaN(s.pesqNb()) ? null : s.pesqNb();
            m[7] = s.pesqWbError() != null ? s.pesqWbError() : s.pesqNbError();
        } catch (Exception | OutOfMemoryError e) {
            m[7] = cleanUri + ": " + oneLine(e);
        }
        return m;
    }

    /** Returns a one-line message for {@code e}: its message, or its type when it has none. */
    static String oneLine(Throwable e) {
        String msg = e.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = e.getClass().getSimpleName();
        }
        return msg.replace('\n', ' ').replace('\r', ' ');
    }

    /** Deletes {@code dir} and everything in it, ignoring failures. */
    static void deleteTree(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
