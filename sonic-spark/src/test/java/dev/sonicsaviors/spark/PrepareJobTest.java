package dev.sonicsaviors.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.io.WavWriter;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.dataset.HybridDatasetBuilder;
import dev.sonicsaviors.pipeline.dataset.Normalization;
import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark prepare job in local mode on a small generated corpus (8 speech files, 11 clips of 2.5 s, one undecodable
 * file): its shards, concatenated, equal {@code sonic prepare}'s arrays byte for byte; 1 and 3 partitions give the same
 * bytes; the normalisation equals the builder's exactly; a rerun keeps the complete shards.
 */
class PrepareJobTest {
    private static final int SR = 22_050;
    private static final int CLIP = 55_296;
    private static SparkSession spark;

    @TempDir
    static Path corpus;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("sonic-spark-prepare-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path speech = corpus.resolve("speech");
        voice(speech.resolve("alice_1.wav"), (int) (CLIP * 1.6), 180, 1); // 2 clips
        voice(speech.resolve("alice_2.wav"), 20_000, 190, 2); // 1 padded clip
        voice(speech.resolve("bob_1.wav"), (int) (CLIP * 2.3), 110, 3); // 2 clips
        voice(speech.resolve("carol_1.wav"), CLIP, 220, 4); // 1 clip
        voice(speech.resolve("sub/dave_1.wav"), CLIP * 2, 130, 5); // 2 clips
        voice(speech.resolve("erin_1.wav"), CLIP, 150, 6); // 1 clip
        voice(speech.resolve("frank_1.wav"), (int) (CLIP * 1.2), 100, 7); // 1 clip
        voice(speech.resolve("gina_1.wav"), CLIP, 240, 8); // 1 clip
        Files.writeString(speech.resolve("broken_1.wav"), "RIFF but not really a wave file"); // an error row
        voice(corpus.resolve("noise/hiss.wav"), 30_000, 3000, 9);
        voice(corpus.resolve("noise/hum.wav"), 90_000, 50, 10);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** Writes a seeded two-tone "voice" of {@code n} samples at 22,050 Hz as 16-bit mono WAV. */
    static void voice(Path file, int n, double f0, long seed) throws IOException {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = i / (double) SR;
            double env = 0.5 + 0.5 * Math.sin(2 * Math.PI * 3 * t);
            x[i] = (float) (0.3 * env * Math.sin(2 * Math.PI * f0 * t) + 0.1 * env * Math.sin(2 * Math.PI * 4 * f0 * t)
                    + 0.01 * r.nextGaussian());
        }
        Files.createDirectories(file.getParent());
        WavWriter.write(file, new float[][] {x}, SR, 16);
    }

    static Path speech() {
        return corpus.resolve("speech");
    }

    PrepareJob.Summary prepare(PrepareConfig pc, boolean noise, Path out, int filesPerShard, int partitions) throws IOException {
        return PrepareJob.run(spark, new PrepareJob.Config(speech().toString(), noise ? corpus.resolve("noise").toString() : null,
                out.toString(), out.resolve("_sonic_report.parquet").toString(), pc, filesPerShard, partitions));
    }

    static HybridDatasetBuilder.Result sonicPrepare(PrepareConfig pc, boolean noise, Path out) throws IOException {
        return new HybridDatasetBuilder(pc.withThreads(2), AudioLoader::loadMono).run(speech(), noise ? corpus.resolve("noise") : null,
                out, Progress.NONE);
    }

    /** Returns the data bytes of a .npy file (after its version-1.0 header). */
    static byte[] npyData(Path npy) throws IOException {
        byte[] all = Files.readAllBytes(npy);
        int headerLen = (all[8] & 0xff) | (all[9] & 0xff) << 8;
        return Arrays.copyOfRange(all, 10 + headerLen, all.length);
    }

    static List<Path> shards(Path out, String split) throws IOException {
        if (!Files.isDirectory(out.resolve(split))) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out.resolve(split))) {
            return s.filter(p -> p.getFileName().toString().startsWith("shard-")).sorted().toList();
        }
    }

    /** Checks that the shards of {@code out}, concatenated in order, hold the arrays and manifest rows of the builder's {@code ref}. */
    static void assertConcatenationEqualsSonicPrepare(Path out, Path ref) throws IOException {
        for (String split : List.of("train", "val")) {
            for (String array : List.of("clean.npy", "noisy.npy")) {
                ByteArrayOutputStream concat = new ByteArrayOutputStream();
                for (Path shard : shards(out, split)) {
                    concat.write(npyData(shard.resolve(array)));
                }
                assertThat(concat.toByteArray()).as(split + "/" + array).isEqualTo(npyData(ref.resolve(split + "/" + array)));
            }
            // the top-level manifest: the builder's rows (same indices) plus shard, shard_index
            List<String> ours = Files.readAllLines(out.resolve(split + "/manifest.csv"));
            List<String> theirs = Files.readAllLines(ref.resolve(split + "/manifest.csv"));
            assertThat(ours.get(0)).isEqualTo(theirs.get(0) + ",shard,shard_index");
            List<String> trimmed = new ArrayList<>();
            for (String line : ours) {
                trimmed.add(line.substring(0, line.lastIndexOf(',', line.lastIndexOf(',') - 1)));
            }
            assertThat(trimmed).as(split + "/manifest.csv").isEqualTo(theirs);
        }
    }

    static double maxAbsDifference(Normalization a, Normalization b) {
        double d = Math.max(Math.abs(a.dbMin() - b.dbMin()), Math.abs(a.dbMax() - b.dbMax()));
        for (int c = 0; c < a.nMfcc(); c++) {
            d = Math.max(d, Math.abs(a.mfccMin()[c] - b.mfccMin()[c]));
            d = Math.max(d, Math.abs(a.mfccMax()[c] - b.mfccMax()[c]));
        }
        return d;
    }

    static Map<String, Row> report(Path out) {
        Map<String, Row> m = new HashMap<>();
        for (Row r : spark.read().parquet(out.resolve("_sonic_report.parquet").toString()).collectAsList()) {
            m.put(r.getString(r.fieldIndex("relative_path")), r);
        }
        return m;
    }

    @Test
    void shardsConcatenateToSonicPrepareAndDoNotDependOnPartitions() throws Exception {
        PrepareConfig pc = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, true).withValidationFraction(0.3).withSeed(3);
        Path ref = tmp.resolve("sonic-prepare");
        HybridDatasetBuilder.Result want = sonicPrepare(pc, true, ref);
        Path one = tmp.resolve("one");
        Path three = tmp.resolve("three");
        PrepareJob.Summary s1 = prepare(pc, true, one, 2, 1);
        PrepareJob.Summary s3 = prepare(pc, true, three, 2, 3);

        assertThat(want.valClips()).isPositive();
        assertThat(s1.trainClips()).isEqualTo(want.trainClips());
        assertThat(s1.valClips()).isEqualTo(want.valClips());
        assertThat(s1.trainFiles()).isEqualTo(want.trainFiles());
        assertThat(s1.valSpeakers()).isEqualTo(want.valSpeakers());
        assertThat(s1.skipped()).isEqualTo(want.skipped()).hasSize(1);
        assertThat(s1.errors()).isEqualTo(1);
        assertThat(s1.shardsWritten()).isEqualTo(5); // 9 files: (train, val) split into shards of 2
        assertConcatenationEqualsSonicPrepare(one, ref);

        // normalisation: merged minima/maxima of the train shards equal the builder's fit exactly
        Normalization ours = Normalization.load(one.resolve("normalization.json"));
        assertThat(maxAbsDifference(ours, want.normalization())).isEqualTo(0.0);
        assertThat(ours).isEqualTo(want.normalization());
        assertThat(Files.readString(one.resolve("normalization.json"))).isEqualTo(Files.readString(ref.resolve("normalization.json")));

        // 1 and 3 partitions: every file identical
        List<String> files = new ArrayList<>(List.of("normalization.json", "manifest.json", "train/manifest.csv", "val/manifest.csv"));
        for (String split : List.of("train", "val")) {
            for (Path shard : shards(one, split)) {
                try (Stream<Path> st = Files.list(shard)) {
                    st.forEach(p -> files.add(split + "/" + shard.getFileName() + "/" + p.getFileName()));
                }
            }
        }
        assertThat(files).contains("train/shard-00000/clean.npy", "train/shard-00000/noisy.npy", "train/shard-00000/shard.json");
        for (String f : files) {
            assertThat(Files.readAllBytes(three.resolve(f))).as(f).isEqualTo(Files.readAllBytes(one.resolve(f)));
        }
        assertThat(shards(three, "train")).hasSameSizeAs(shards(one, "train"));

        ObjectMapper m = new ObjectMapper();
        JsonNode ourProv = m.readTree(one.resolve("prepare.json").toFile());
        JsonNode theirProv = m.readTree(ref.resolve("prepare.json").toFile());
        assertThat(ourProv.path("speech").path("listSha256")).isEqualTo(theirProv.path("speech").path("listSha256"));
        assertThat(ourProv.path("noise").path("listSha256")).isEqualTo(theirProv.path("noise").path("listSha256"));
        assertThat(ourProv.path("config")).isNotNull();
        for (String split : List.of("train", "val")) {
            assertThat(ourProv.path(split).path("clips")).isEqualTo(theirProv.path(split).path("clips"));
            assertThat(ourProv.path(split).path("speakers")).isEqualTo(theirProv.path(split).path("speakers"));
        }
        JsonNode manifest = m.readTree(one.resolve("manifest.json").toFile());
        assertThat(manifest.path("train").path("clips").asInt()).isEqualTo(want.trainClips());

        Map<String, Row> rows = report(one);
        assertThat(rows).hasSize(9);
        Row broken = rows.get("broken_1.wav");
        assertThat(broken.getString(broken.fieldIndex("status"))).isEqualTo(RowStatus.ERROR);
        assertThat(broken.getString(broken.fieldIndex("error"))).startsWith(speech().resolve("broken_1.wav").toString()).doesNotContain("\n");
        Row alice = rows.get("alice_1.wav");
        assertThat(alice.getString(alice.fieldIndex("status"))).isEqualTo(RowStatus.OK);
        assertThat(alice.getInt(alice.fieldIndex("clips"))).isEqualTo(2);
        try (Stream<Path> st = Files.walk(one)) {
            assertThat(st.filter(p -> p.getFileName().toString().matches(".*\\.(tmp|f32|part)$")).toList()).as("no temporaries").isEmpty();
        }
    }

    @Test
    void gaussianFeatureNoiseInTwoPassesEqualsSonicPrepare() throws Exception {
        PrepareConfig pc = PrepareConfig.defaults(PrepareConfig.Approach.FEATURES, false).withValidationFraction(0.3);
        assertThat(pc.noiseKind()).isEqualTo(PrepareConfig.NoiseKind.GAUSSIAN);
        Path ref = tmp.resolve("sonic-prepare");
        HybridDatasetBuilder.Result want = sonicPrepare(pc, false, ref);
        Path out = tmp.resolve("spark");
        PrepareJob.Summary s = prepare(pc, false, out, 3, 2);
        assertThat(s.trainClips()).isEqualTo(want.trainClips());
        assertConcatenationEqualsSonicPrepare(out, ref);
        assertThat(maxAbsDifference(s.normalization(), want.normalization())).isEqualTo(0.0);
        assertThat(Normalization.load(out.resolve("normalization.json"))).isEqualTo(want.normalization());
    }

    @Test
    void aRerunKeepsTheCompleteShardsAndRedoesTheOthers() throws Exception {
        PrepareConfig pc = PrepareConfig.defaults(PrepareConfig.Approach.AUDIO, false).withNoiseKind(PrepareConfig.NoiseKind.PINK)
                .withValidationFraction(0.3);
        Path out = tmp.resolve("out");
        PrepareJob.Summary first = prepare(pc, false, out, 2, 2);
        List<Path> train = shards(out, "train");
        assertThat(train).hasSizeGreaterThanOrEqualTo(3);
        Map<Path, byte[]> bytes = new HashMap<>();
        FileTime old = FileTime.fromMillis(1_000_000_000_000L);
        for (String split : List.of("train", "val")) {
            for (Path shard : shards(out, split)) {
                for (String f : List.of("clean.npy", "noisy.npy", "shard.json")) {
                    bytes.put(shard.resolve(f), Files.readAllBytes(shard.resolve(f)));
                    Files.setLastModifiedTime(shard.resolve(f), old);
                }
            }
        }
        Path gone = train.get(0);
        Path unfinished = train.get(2);
        DenoiseJob.deleteTree(gone);
        Files.delete(unfinished.resolve("shard.json")); // as if killed before its last file
        Files.createDirectories(out.resolve("train/.shard-00001.leftover.tmp")); // a killed task's temporary folder
        PrepareJob.Summary second = prepare(pc, false, out, 2, 2);
        assertThat(second.shardsWritten()).isEqualTo(2);
        assertThat(second.shardsKept()).isEqualTo(first.shardsWritten() - 2);
        assertThat(second.trainClips()).isEqualTo(first.trainClips());
        for (var e : bytes.entrySet()) {
            assertThat(Files.readAllBytes(e.getKey())).as(e.getKey().toString()).isEqualTo(e.getValue());
            boolean redone = e.getKey().startsWith(gone) || e.getKey().startsWith(unfinished);
            assertThat(Files.getLastModifiedTime(e.getKey()).equals(old)).as("%s untouched", e.getKey()).isEqualTo(!redone);
        }
        assertThat(out.resolve("train/.shard-00001.leftover.tmp")).doesNotExist();
        long skipped = report(out).values().stream().filter(r -> r.getString(r.fieldIndex("status")).equals(RowStatus.SKIPPED)).count();
        assertThat(skipped).isPositive();

        // other settings: no shard is kept
        PrepareJob.Summary reseeded = prepare(pc.withSeed(99), false, out, 2, 2);
        assertThat(reseeded.shardsKept()).isZero();
    }

    @Test
    void prepareUsageErrorsExitWithTwoAndNeedNoSpark() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream o = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertThat(SonicSpark.run(new String[] {"prepare", "--speech", "s"}, o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"prepare", "--approach", "sideways", "--speech", "s", "--out", "o"}, o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"prepare", "--approach", "audio", "--speech", "s", "--out", "o", "--noise-kind", "files"},
                o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"prepare", "--approach", "audio", "--speech", "s", "--out", "o", "--files-per-shard", "0"},
                o, e)).isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"prepare", "--approach", "audio", "--speech", "s", "--out", "o", "--model", "x"}, o, e))
                .isEqualTo(2);
        assertThat(SonicSpark.run(new String[] {"prepare", "--approach", "audio", "--speech", "s", "--out", "o", "--seed", "x1"}, o, e))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--seed: not a whole number: x1").contains("sideways").contains("--noise DIR").contains("files per shard")
                .contains("--model").doesNotContain("Exception");
    }
}
