package dev.sonicsaviors.spark;

import dev.sonicsaviors.pipeline.dataset.PrepareConfig;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point of two commands: {@code denoise --input URI --output URI [--model M] [--strength S]
 * [--clean URI] [--report URI] [--partition-mb N] [--master URL]} ({@link DenoiseJob}) and {@code prepare --approach
 * audio|features --speech URI --out URI [--noise URI] [--noise-kind K] [--snr-min DB] [--snr-max DB] [--sigma S]
 * [--val-fraction F] [--seed N] [--files-per-shard N] [--partitions N] [--report URI] [--master URL]} ({@link PrepareJob},
 * the options of {@code sonic prepare}). Without a master from {@code spark-submit} or {@code --master} it runs in local
 * mode on every core. Exit codes: 0 all files done or skipped, 1 any file failed or the job failed, 2 usage.
 */
public final class SonicSpark {
    private static final int OK = 0;
    private static final int FAILURE = 1;
    private static final int USAGE = 2;

    private static final String HELP = String.join("\n",
            "usage: sonic-spark denoise --input URI --output URI [--model NAME|FOLDER] [--strength S] [--clean URI]",
            "                           [--report URI] [--partition-mb N] [--master URL]",
            "  --input         a folder of audio (WAV, FLAC, MP3; searched recursively) or a text file listing one per line",
            "  --output        output folder: 16-bit WAV under the inputs' relative paths (existing complete outputs are skipped;",
            "                  inputs with the same output, such as a.flac and a.wav, keep the first and fail the others)",
            "  --model         default, wiener, specsub or a model folder readable on every executor (default: default)",
            "  --strength      0..1 (default 1)",
            "  --clean         folder of clean references under the same relative paths: adds the metrics of 'sonic evaluate'",
            "  --report        Parquet report, one row per file (default: OUTPUT/_sonic_report.parquet)",
            "  --partition-mb  input megabytes per partition (default 64)",
            "  --master        Spark master when not run by spark-submit (default local[*])",
            "",
            "       sonic-spark prepare --approach audio|features --speech URI --out URI [--noise URI] [--noise-kind KIND]",
            "                           [--snr-min DB] [--snr-max DB] [--sigma S] [--val-fraction F] [--seed N]",
            "                           [--files-per-shard N] [--partitions N] [--report URI] [--master URL]",
            "  writes the hybrid files of 'sonic prepare' as shards: OUT/train/shard-00000/{clean,noisy}.npy (float32,",
            "  (N, 148, 109)) with manifest.csv, normalization.json and shard.json, the same under OUT/val, plus",
            "  OUT/{train,val}/manifest.csv (every clip, in shard order), OUT/manifest.json, OUT/normalization.json (fitted on",
            "  train) and OUT/prepare.json; complete shards of an earlier run with the same settings are kept",
            "  --approach, --speech, --noise, --noise-kind, --snr-min, --snr-max, --sigma, --val-fraction, --seed: as 'sonic prepare'",
            "  --files-per-shard  speech files per shard (default 256)",
            "  --partitions       Spark partitions for the shards to make (default: one per shard)",
            "  --report           Parquet report, one row per file (default: OUT/_sonic_report.parquet)");

    private SonicSpark() {
    }

    /** Runs the command line {@code args} and exits with its code. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line {@code args}, printing to {@code out} and {@code err}, and returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(HELP);
            return args.length == 0 ? USAGE : OK;
        }
        boolean prepare = args[0].equals("prepare");
        if (!args[0].equals("denoise") && !prepare) {
            err.println("sonic-spark: unknown command '" + args[0] + "' (expected denoise or prepare)");
            return USAGE;
        }
        Map<String, String> opts = new HashMap<>();
        Set<String> known = prepare
                ? Set.of("--approach", "--speech", "--noise", "--out", "--noise-kind", "--snr-min", "--snr-max", "--sigma",
                        "--val-fraction", "--seed", "--files-per-shard", "--partitions", "--report", "--master")
                : Set.of("--input", "--output", "--model", "--strength", "--clean", "--report", "--partition-mb", "--master");
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        for (int i = 0; i < rest.size(); i++) {
            String a = rest.get(i);
            if (a.equals("--help")) {
                out.println(HELP);
                return OK;
            }
            if (!known.contains(a) || i + 1 >= rest.size()) {
                err.println("sonic-spark: " + (known.contains(a) ? a + " needs a value" : "unknown option " + a));
                return USAGE;
            }
            opts.put(a, rest.get(++i));
        }
        if (prepare) {
            return prepare(opts, out, err);
        }
        if (!opts.containsKey("--input") || !opts.containsKey("--output")) {
            err.println("sonic-spark: denoise needs --input and --output");
            return USAGE;
        }
        DenoiseJob.Config cfg;
        try {
            String output = opts.get("--output");
            cfg = new DenoiseJob.Config(opts.get("--input"), output,
                    opts.getOrDefault("--report", Storage.join(output, "_sonic_report.parquet")),
                    opts.getOrDefault("--model", "default"), Double.parseDouble(opts.getOrDefault("--strength", "1")),
                    opts.get("--clean"), Long.parseLong(opts.getOrDefault("--partition-mb", "64")) << 20);
        } catch (IllegalArgumentException e) {
            err.println("sonic-spark: " + e.getMessage());
            return USAGE;
        }
        SparkSession spark = session("sonic-denoise", opts);
        try {
            long t0 = System.nanoTime();
            DenoiseJob.Summary s = DenoiseJob.run(spark, cfg);
            double sec = (System.nanoTime() - t0) / 1e9;
            out.printf(java.util.Locale.ROOT, "%d denoised, %d failed, %d skipped (already complete) in %.1f s; report: %s%n",
                    s.ok(), s.errors(), s.skipped(), sec, cfg.report());
            return s.errors() == 0 ? OK : FAILURE;
        } catch (Exception e) {
            err.println("sonic-spark: " + DenoiseJob.oneLine(e));
            return FAILURE;
        } finally {
            spark.stop();
        }
    }

    /** Starts (or joins) the Spark session: the master of {@code --master}, of spark-submit, or local[*]. */
    private static SparkSession session(String name, Map<String, String> opts) {
        SparkSession.Builder b = SparkSession.builder().appName(name);
        if (opts.containsKey("--master")) {
            b.master(opts.get("--master"));
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        return b.getOrCreate();
    }

    /** Runs {@code prepare}: parses the options as {@code sonic prepare} does, runs {@link PrepareJob} and prints its summary. */
    private static int prepare(Map<String, String> opts, PrintStream out, PrintStream err) {
        for (String required : List.of("--approach", "--speech", "--out")) {
            if (!opts.containsKey(required)) {
                err.println("sonic-spark: prepare needs --approach, --speech and --out");
                return USAGE;
            }
        }
        PrepareJob.Config cfg;
        try {
            PrepareConfig.Approach approach = parseEnum(PrepareConfig.Approach.class, opts.get("--approach"), "--approach");
            String noise = opts.get("--noise");
            PrepareConfig pc = PrepareConfig.defaults(approach, noise != null);
            if (opts.containsKey("--noise-kind")) {
                pc = pc.withNoiseKind(parseEnum(PrepareConfig.NoiseKind.class, opts.get("--noise-kind"), "--noise-kind"));
            }
            if (opts.containsKey("--snr-min") || opts.containsKey("--snr-max")) {
                pc = pc.withSnr(number(opts, "--snr-min", pc.snrMinDb()), number(opts, "--snr-max", pc.snrMaxDb()));
            }
            pc = pc.withSigma(number(opts, "--sigma", pc.sigma()))
                    .withValidationFraction(number(opts, "--val-fraction", pc.validationFraction()))
                    .withSeed(whole(opts, "--seed", pc.seed()));
            if (pc.noiseKind() == PrepareConfig.NoiseKind.FILES && noise == null) {
                throw new IllegalArgumentException("--noise-kind files needs --noise DIR");
            }
            String output = opts.get("--out");
            cfg = new PrepareJob.Config(opts.get("--speech"), noise, output,
                    opts.getOrDefault("--report", Storage.join(output, "_sonic_report.parquet")), pc,
                    Math.toIntExact(whole(opts, "--files-per-shard", 256)), Math.toIntExact(whole(opts, "--partitions", 0)));
        } catch (IllegalArgumentException | ArithmeticException e) {
            err.println("sonic-spark: " + e.getMessage());
            return USAGE;
        }
        SparkSession spark = session("sonic-prepare", opts);
        try {
            long t0 = System.nanoTime();
            PrepareJob.Summary s = PrepareJob.run(spark, cfg);
            double sec = (System.nanoTime() - t0) / 1e9;
            for (String line : s.skipped()) {
                err.println("sonic-spark: skipped " + line);
            }
            out.printf(java.util.Locale.ROOT, "prepared %s-level hybrid files in %s (%.1f s): %d shards made, %d kept%n",
                    cfg.prepare().approach().name().toLowerCase(java.util.Locale.ROOT), cfg.output(), sec, s.shardsWritten(),
                    s.shardsKept());
            out.printf(java.util.Locale.ROOT, "  train: %d clips from %d files, %d speakers%n", s.trainClips(), s.trainFiles(),
                    s.trainSpeakers());
            out.printf(java.util.Locale.ROOT, "  val:   %d clips from %d files, %d speakers%n", s.valClips(), s.valFiles(),
                    s.valSpeakers());
            out.printf(java.util.Locale.ROOT, "  %d files failed (listed above); report: %s%n", s.errors(), cfg.report());
            return s.errors() == 0 ? OK : FAILURE;
        } catch (Exception e) {
            err.println("sonic-spark: " + DenoiseJob.oneLine(e));
            return FAILURE;
        } finally {
            spark.stop();
        }
    }

    private static double number(Map<String, String> opts, String option, double fallback) {
        return parsed(opts, option, fallback, Double::parseDouble, "a number");
    }

    private static long whole(Map<String, String> opts, String option, long fallback) {
        return parsed(opts, option, fallback, Long::parseLong, "a whole number");
    }

    /** Returns {@code option}'s value parsed by {@code parse}, or {@code fallback} when absent; a bad value names the option. */
    private static <T> T parsed(Map<String, String> opts, String option, T fallback, java.util.function.Function<String, T> parse,
            String what) {
        String v = opts.get(option);
        if (v == null) {
            return fallback;
        }
        try {
            return parse.apply(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not " + what + ": " + v);
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String option) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(value)) {
                return e;
            }
        }
        throw new IllegalArgumentException("bad " + option + " '" + value + "': expected one of "
                + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
    }
}
