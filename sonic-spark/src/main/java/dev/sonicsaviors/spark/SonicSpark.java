package dev.sonicsaviors.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;

/**
 * The {@code spark-submit} entry point: {@code denoise --input URI --output URI [--model M] [--strength S] [--clean URI]
 * [--report URI] [--partition-mb N] [--master URL]}. Without a master from {@code spark-submit} or {@code --master} it
 * runs in local mode on every core. Exit codes: 0 all files done or skipped, 1 any file failed or the job failed, 2 usage.
 */
public final class SonicSpark {
    private static final int OK = 0;
    private static final int FAILURE = 1;
    private static final int USAGE = 2;

    private static final String HELP = String.join("\n",
            "usage: sonic-spark denoise --input URI --output URI [--model NAME|FOLDER] [--strength S] [--clean URI]",
            "                           [--report URI] [--partition-mb N] [--master URL]",
            "  --input         a folder of audio (WAV, FLAC, MP3; searched recursively) or a text file listing one per line",
            "  --output        output folder: 16-bit WAV under the inputs' relative paths (existing complete outputs are skipped)",
            "  --model         default, wiener, specsub or a model folder readable on every executor (default: default)",
            "  --strength      0..1 (default 1)",
            "  --clean         folder of clean references under the same relative paths: adds the metrics of 'sonic evaluate'",
            "  --report        Parquet report, one row per file (default: OUTPUT/_sonic_report.parquet)",
            "  --partition-mb  input megabytes per partition (default 64)",
            "  --master        Spark master when not run by spark-submit (default local[*])");

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
        if (!args[0].equals("denoise")) {
            err.println("sonic-spark: unknown command '" + args[0] + "' (expected denoise)");
            return USAGE;
        }
        Map<String, String> opts = new HashMap<>();
        Set<String> known = Set.of("--input", "--output", "--model", "--strength", "--clean", "--report",
                "--partition-mb", "--master");
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
        SparkSession.Builder b = SparkSession.builder().appName("sonic-denoise");
        if (opts.containsKey("--master")) {
            b.master(opts.get("--master"));
        } else if (System.getProperty("spark.master") == null) {
            b.master("local[*]");
        }
        SparkSession spark = b.getOrCreate();
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
}
