package dev.sonicsaviors.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sonicsaviors.api.DenoiseOptions;
import dev.sonicsaviors.api.Denoiser;
import dev.sonicsaviors.api.Denoisers;
import dev.sonicsaviors.api.ProgressListener;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.AudioSource;
import dev.sonicsaviors.io.WavStreamWriter;
import dev.sonicsaviors.io.WavWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spark denoise job in local mode on generated files: byte equality with the single-machine path, error rows, resuming. */
class DenoiseJobTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("sonic-spark-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Writes a seeded noisy two-tone "voice" of {@code seconds} s with {@code channels} channels as 16-bit WAV. */
    static void noisyWav(Path file, int rate, int channels, double seconds, long seed) throws Exception {
        Random r = new Random(seed);
        int n = (int) Math.round(seconds * rate);
        float[][] x = new float[channels][n];
        for (int c = 0; c < channels; c++) {
            for (int i = 0; i < n; i++) {
                double t = i / (double) rate;
                double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
                x[c][i] = (float) (0.3 * env * Math.sin(2 * Math.PI * (180 + 40 * c) * t)
                        + 0.1 * env * Math.sin(2 * Math.PI * 1200 * t) + 0.05 * r.nextGaussian());
            }
        }
        Files.createDirectories(file.getParent());
        WavWriter.write(file, x, rate, 16);
    }

    /** The single-machine result: the API on the same file, written as {@code sonic denoise} writes it. */
    static byte[] singleMachine(Path input, Path out, DenoiseOptions options) throws Exception {
        try (Denoiser d = Denoisers.load(options); AudioSource in = AudioReader.open(input)) {
            WavStreamWriter w = WavStreamWriter.create(out, in.channelCount(), in.sampleRate(), 16);
            try {
                d.denoise(in, w, in.sampleRate(), ProgressListener.NONE, null);
                w.commit();
            } finally {
                w.close();
            }
        }
        return Files.readAllBytes(out);
    }

    static Map<String, Row> rowsByRelative(String report) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : spark.read().parquet(report).collectAsList()) {
            m.put(r.getString(r.fieldIndex("relative_path")), r);
        }
        return m;
    }

    DenoiseJob.Config config(Path in, Path out, String model, long partitionBytes) {
        return new DenoiseJob.Config(in.toString(), out.toString(), tmp.resolve("report.parquet").toString(), model, 1, null,
                partitionBytes);
    }

    @Test
    void outputsEqualTheSingleMachineDenoiseByteForByte() throws Exception {
        Path in = tmp.resolve("in");
        noisyWav(in.resolve("a.wav"), 16_000, 1, 1.3, 1);
        noisyWav(in.resolve("sub/b.WAV"), 22_050, 2, 0.7, 2);
        noisyWav(in.resolve("sub/deeper/c.wav"), 48_000, 1, 10.4, 3); // longer than one 10 s chunk
        noisyWav(in.resolve("d.wav"), 8_000, 1, 0.05, 4); // shorter than one frame of the models
        Files.writeString(in.resolve("notes.txt"), "not audio");
        Path out = tmp.resolve("out");
        int loadsBefore = DenoiserPool.loads();
        DenoiseJob.Summary s = DenoiseJob.run(spark, config(in, out, "default", 1)); // one file per partition
        assertThat(s).isEqualTo(new DenoiseJob.Summary(4, 0, 0));
        assertThat(DenoiserPool.loads() - loadsBefore).as("loaded once per task slot, not per file").isLessThanOrEqualTo(2);

        DenoiseOptions opts = DenoiseOptions.of("default");
        Map<String, String> expectedOut = Map.of("a.wav", "a.wav", "sub/b.WAV", "sub/b.wav",
                "sub/deeper/c.wav", "sub/deeper/c.wav", "d.wav", "d.wav");
        Map<String, Row> rows = rowsByRelative(tmp.resolve("report.parquet").toString());
        assertThat(rows).containsOnlyKeys(expectedOut.keySet());
        for (var e : expectedOut.entrySet()) {
            byte[] want = singleMachine(in.resolve(e.getKey()), tmp.resolve("single").resolve(e.getValue()), opts);
            assertThat(Files.readAllBytes(out.resolve(e.getValue()))).as(e.getKey()).isEqualTo(want);
            Row r = rows.get(e.getKey());
            assertThat(r.getString(r.fieldIndex("status"))).isEqualTo(RowStatus.OK);
            assertThat(r.getString(r.fieldIndex("path"))).endsWith(e.getKey());
            assertThat(r.getLong(r.fieldIndex("processing_ms"))).isNotNegative();
            assertThat(r.isNullAt(r.fieldIndex("si_sdr"))).isTrue();
        }
        Row b = rows.get("sub/b.WAV");
        assertThat(b.getInt(b.fieldIndex("sample_rate"))).isEqualTo(22_050);
        assertThat(b.getInt(b.fieldIndex("channels"))).isEqualTo(2);
        assertThat(b.getDouble(b.fieldIndex("duration_s"))).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-4));
        try (var files = Files.walk(out)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).as("no temporaries left").isEmpty();
        }
    }

    @Test
    void corruptFilesBecomeErrorRowsAndTheRestGoOn() throws Exception {
        Path in = tmp.resolve("in");
        noisyWav(in.resolve("good.wav"), 16_000, 1, 0.5, 5);
        Files.write(in.resolve("garbage.wav"), "this is not a RIFF file at all".getBytes(StandardCharsets.US_ASCII));
        byte[] good = Files.readAllBytes(in.resolve("good.wav"));
        Files.write(in.resolve("header-only.wav"), java.util.Arrays.copyOf(good, 30)); // cut inside the fmt chunk
        Files.write(in.resolve("empty.flac"), new byte[0]);
        Path out = tmp.resolve("out");
        DenoiseJob.Summary s = DenoiseJob.run(spark, config(in, out, "wiener", 64L << 20));
        assertThat(s).isEqualTo(new DenoiseJob.Summary(1, 3, 0));
        Map<String, Row> rows = rowsByRelative(tmp.resolve("report.parquet").toString());
        for (String bad : List.of("garbage.wav", "header-only.wav", "empty.flac")) {
            Row r = rows.get(bad);
            assertThat(r.getString(r.fieldIndex("status"))).as(bad).isEqualTo(RowStatus.ERROR);
            assertThat(r.getString(r.fieldIndex("error"))).as(bad).isNotBlank().doesNotContain("sonic-spark");
            assertThat(out.resolve(bad.replace(".flac", ".wav"))).doesNotExist();
        }
        assertThat(out.resolve("good.wav")).exists();
    }

    @Test
    void inputsWithTheSameOutputAreErrorsNamingTheOtherAndNothingIsOverwritten() throws Exception {
        Path in = tmp.resolve("in");
        noisyWav(in.resolve("a.wav"), 16_000, 1, 0.4, 30);
        noisyWav(in.resolve("x/b.wav"), 16_000, 1, 0.4, 31);
        noisyWav(in.resolve("c.wav"), 16_000, 1, 0.4, 32);
        // a.flac -> a.wav too (sonic decodes by content, so c.wav's bytes under that name decode); x/b.mp3 -> x/b.wav,
        // and the collision is decided before decoding: x/b.wav fails although x/b.mp3 turns out not to be audio
        Files.write(in.resolve("a.flac"), Files.readAllBytes(in.resolve("c.wav")));
        Files.write(in.resolve("x/b.mp3"), new byte[] {1, 2, 3});
        Path out = tmp.resolve("out");
        DenoiseJob.Summary s = DenoiseJob.run(spark, config(in, out, "wiener", 1));
        assertThat(s).isEqualTo(new DenoiseJob.Summary(2, 3, 0)); // ok: a.flac, c.wav; errors: a.wav, x/b.wav (collisions), x/b.mp3
        Map<String, Row> rows = rowsByRelative(tmp.resolve("report.parquet").toString());
        // as sonic denoise: the first in relative-path order (a.flac before a.wav, x/b.mp3 before x/b.wav) keeps the output
        Row a = rows.get("a.wav");
        assertThat(a.getString(a.fieldIndex("status"))).isEqualTo(RowStatus.ERROR);
        assertThat(a.getString(a.fieldIndex("error"))).contains("a.wav: its output").contains("would overwrite that of")
                .endsWith("a.flac");
        Row b = rows.get("x/b.wav");
        assertThat(b.getString(b.fieldIndex("status"))).isEqualTo(RowStatus.ERROR);
        assertThat(b.getString(b.fieldIndex("error"))).endsWith("x/b.mp3");
        assertThat(rows.get("a.flac").getString(a.fieldIndex("status"))).isEqualTo(RowStatus.OK);
        assertThat(rows.get("x/b.mp3").getString(a.fieldIndex("status"))).isEqualTo(RowStatus.ERROR); // not audio, decoded
        assertThat(rows.get("x/b.mp3").getString(a.fieldIndex("error"))).doesNotContain("overwrite");
        assertThat(rows.get("c.wav").getString(a.fieldIndex("status"))).isEqualTo(RowStatus.OK);
        // out/a.wav is a.flac's output (the bytes of c.wav's), not a.wav's
        byte[] fromFlac = singleMachine(in.resolve("a.flac"), tmp.resolve("single/a.wav"), DenoiseOptions.of("wiener"));
        assertThat(Files.readAllBytes(out.resolve("a.wav"))).isEqualTo(fromFlac);
        assertThat(out.resolve("x/b.wav")).doesNotExist();
        assertThat(rows).hasSize(5);
    }

    @Test
    void aSecondRunRedoesOnlyTheDeletedHalf() throws Exception {
        Path in = tmp.resolve("in");
        for (int i = 0; i < 6; i++) {
            noisyWav(in.resolve("f" + i + ".wav"), 16_000, 1, 0.4, 10 + i);
        }
        Path out = tmp.resolve("out");
        assertThat(DenoiseJob.run(spark, config(in, out, "wiener", 1))).isEqualTo(new DenoiseJob.Summary(6, 0, 0));
        Map<Integer, byte[]> first = new HashMap<>();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (int i = 0; i < 6; i++) {
            first.put(i, Files.readAllBytes(out.resolve("f" + i + ".wav")));
            Files.setLastModifiedTime(out.resolve("f" + i + ".wav"), old);
        }
        Files.delete(out.resolve("f0.wav"));
        Files.delete(out.resolve("f2.wav"));
        // an output cut short (as by a kill outside the atomic rename) counts as missing
        Files.write(out.resolve("f4.wav"), java.util.Arrays.copyOf(first.get(4), 100));

        DenoiseJob.Summary s = DenoiseJob.run(spark, config(in, out, "wiener", 1));
        assertThat(s).isEqualTo(new DenoiseJob.Summary(3, 0, 3));
        Map<String, Row> rows = rowsByRelative(tmp.resolve("report.parquet").toString());
        for (int i = 0; i < 6; i++) {
            Path f = out.resolve("f" + i + ".wav");
            assertThat(Files.readAllBytes(f)).isEqualTo(first.get(i));
            boolean redone = i % 2 == 0;
            assertThat(Files.getLastModifiedTime(f).equals(old)).as("f%d untouched", i).isEqualTo(!redone);
            Row r = rows.get("f" + i + ".wav");
            assertThat(r.getString(r.fieldIndex("status"))).isEqualTo(redone ? RowStatus.OK : RowStatus.SKIPPED);
        }
    }

    @Test
    void cleanReferencesAddTheEvaluateMetricsAndAListFileWorks() throws Exception {
        Path clean = tmp.resolve("clean");
        Path in = tmp.resolve("noisy");
        noisyWav(clean.resolve("x/s1.wav"), 16_000, 1, 3.0, 20);
        noisyWav(in.resolve("x/s1.wav"), 16_000, 1, 3.0, 20);
        noisyWav(in.resolve("x/s2.wav"), 16_000, 1, 1.0, 21); // no reference
        Path list = in.resolve("list.txt");
        Files.writeString(list, "# files to do\nx/s1.wav\nx/s2.wav\n");
        Path out = tmp.resolve("out");
        DenoiseJob.Config cfg = new DenoiseJob.Config(list.toString(), out.toString(),
                tmp.resolve("report.parquet").toString(), "wiener", 0.5, clean.toString(), 64L << 20);
        assertThat(DenoiseJob.run(spark, cfg)).isEqualTo(new DenoiseJob.Summary(2, 0, 0));
        Map<String, Row> rows = rowsByRelative(tmp.resolve("report.parquet").toString());
        Row r = rows.get("x/s1.wav");
        assertThat(r.getDouble(r.fieldIndex("si_sdr"))).isFinite();
        assertThat(r.getDouble(r.fieldIndex("stoi"))).isBetween(0.0, 1.0);
        assertThat(r.isNullAt(r.fieldIndex("pesq_wb")) || r.getDouble(r.fieldIndex("pesq_wb")) > 0).isTrue();
        Row r2 = rows.get("x/s2.wav");
        assertThat(r2.isNullAt(r2.fieldIndex("si_sdr"))).isTrue();
        assertThat(r2.getString(r2.fieldIndex("metrics_error"))).contains("no clean reference");
        assertThat(out.resolve("x/s2.wav")).exists();
    }

    @Test
    void usageErrorsExitWithTwoAndNeedNoSpark() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(SonicSpark.run(new String[] {}, o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"frobnicate"}, o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"denoise", "--input", "x"}, o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"denoise", "--input", "x", "--output", "y", "--strength", "3"}, o, e))
                .isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"denoise", "--bogus", "1"}, o, e)).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--strength").contains("--bogus");
    }
}
