package dev.sonicsaviors.pipeline.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.metrics.MetricScores;
import dev.sonicsaviors.metrics.Metrics;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores noisy and enhanced files against their clean references with every metric of {@link Metrics}, per file and
 * averaged with 95 % confidence intervals (mean +- 1.96 standard errors), for noisy, enhanced and the improvement.
 */
public final class Evaluation {
    /** Metric keys in report order. */
    public static final List<String> KEYS = List.of("si_sdr", "snr", "segsnr", "stoi", "estoi", "pesq_wb", "pesq_nb");

    /**
     * Scores of one file.
     *
     * @param file path relative to the clean folder
     * @param noisy scores of the noisy file by metric key
     * @param enhanced scores of the enhanced file by metric key (empty when no enhanced audio was given)
     */
    public record FileScores(String file, Map<String, Double> noisy, Map<String, Double> enhanced) {
    }

    /**
     * Mean and 95 % confidence half-width of one metric over the files where it is finite.
     *
     * @param mean the mean
     * @param ci95 the half-width of the 95 % interval (1.96 standard errors; NaN with fewer than 2 values)
     * @param n the number of finite values
     */
    public record Summary(double mean, double ci95, int n) {
    }

    /** Produces the enhanced version of a noisy file, or null to score only the noisy one. */
    @FunctionalInterface
    public interface Enhancer {
        /** Returns enhanced mono audio at {@code sampleRate} Hz, the same length as {@code noisy}. */
        float[] enhance(float[] noisy, int sampleRate) throws IOException;
    }

    private Evaluation() {
    }

    /**
     * Returns the audio files of {@code cleanDir} (relative paths) that have a counterpart in {@code dir}: the same relative
     * path, or the same path without extension (clean {@code a.flac} with noisy {@code a.wav}).
     */
    public static List<String> pairs(Path cleanDir, Path dir) throws IOException {
        List<String> out = new ArrayList<>();
        for (Path f : AudioFiles.list(cleanDir)) {
            String rel = AudioFiles.relative(cleanDir, f);
            if (counterpart(dir, rel) != null) {
                out.add(rel);
            }
        }
        return out;
    }

    /** Returns the file for {@code rel} in {@code dir}: the same relative path, else the one audio file of that name without extension, else null. */
    static Path counterpart(Path dir, String rel) throws IOException {
        Path same = dir.resolve(rel);
        if (Files.isRegularFile(same)) {
            return same;
        }
        int dot = rel.lastIndexOf('.');
        String stem = dot > rel.lastIndexOf('/') ? rel.substring(0, dot) : rel;
        Path folder = same.getParent();
        if (folder == null || !Files.isDirectory(folder)) {
            return null;
        }
        Path found = null;
        for (String ext : new String[] {".wav", ".flac", ".mp3"}) {
            Path p = dir.resolve(stem + ext);
            if (Files.isRegularFile(p)) {
                if (found != null) {
                    return null; // ambiguous: a.wav and a.flac
                }
                found = p;
            }
        }
        return found;
    }

    /** Scores one file: clean vs noisy, and clean vs enhanced (read from {@code enhancedDir} or made by {@code enhancer}). */
    public static FileScores score(Path cleanDir, Path noisyDir, Path enhancedDir, Enhancer enhancer, String rel) throws IOException {
        AudioData c = AudioReader.read(cleanDir.resolve(rel));
        float[] clean = c.toMono();
        float[] noisy = atRate(AudioReader.read(counterpart(noisyDir, rel)), c.sampleRate());
        Map<String, Double> ns = Metrics.all(clean, noisy, c.sampleRate()).asMap();
        Map<String, Double> es = Map.of();
        float[] enhanced = null;
        if (enhancedDir != null) {
            enhanced = atRate(AudioReader.read(counterpart(enhancedDir, rel)), c.sampleRate());
        } else if (enhancer != null) {
            enhanced = enhancer.enhance(noisy, c.sampleRate());
        }
        if (enhanced != null) {
            MetricScores s = Metrics.all(clean, enhanced, c.sampleRate());
            es = s.asMap();
        }
        return new FileScores(rel, ns, es);
    }

    private static float[] atRate(AudioData d, int rate) {
        float[] x = d.toMono();
        return d.sampleRate() == rate ? x : Resampler.resample(x, d.sampleRate(), rate);
    }

    /** Returns the summary of {@code key} over {@code files}: "noisy", "enhanced" or "improvement" (enhanced minus noisy). */
    public static Summary summarize(List<FileScores> files, String key, String which) {
        List<Double> v = new ArrayList<>();
        for (FileScores f : files) {
            Double n = f.noisy().get(key);
            Double e = f.enhanced().get(key);
            double x = switch (which) {
                case "noisy" -> n == null ? Double.NaN : n;
                case "enhanced" -> e == null ? Double.NaN : e;
                case "improvement" -> n == null || e == null ? Double.NaN : e - n;
                default -> throw new IllegalArgumentException(which);
            };
            if (Double.isFinite(x)) {
                v.add(x);
            }
        }
        int n = v.size();
        if (n == 0) {
            return new Summary(Double.NaN, Double.NaN, 0);
        }
        double mean = v.stream().mapToDouble(Double::doubleValue).sum() / n;
        double ss = 0;
        for (double x : v) {
            ss += (x - mean) * (x - mean);
        }
        double ci = n < 2 ? Double.NaN : 1.96 * Math.sqrt(ss / (n - 1) / n);
        return new Summary(mean, ci, n);
    }

    /** Writes {@code scores.csv} (one row per file and kind) and {@code scores.json} (per file and summaries) into {@code dir}. */
    public static void write(Path dir, List<FileScores> files) throws IOException {
        StringBuilder csv = new StringBuilder("file,kind");
        for (String k : KEYS) {
            csv.append(',').append(k);
        }
        csv.append('\n');
        boolean enhanced = files.stream().anyMatch(f -> !f.enhanced().isEmpty());
        for (FileScores f : files) {
            row(csv, f.file(), "noisy", f.noisy());
            if (enhanced) {
                row(csv, f.file(), "enhanced", f.enhanced());
                Map<String, Double> imp = new LinkedHashMap<>();
                for (String k : KEYS) {
                    imp.put(k, f.enhanced().getOrDefault(k, Double.NaN) - f.noisy().getOrDefault(k, Double.NaN));
                }
                row(csv, f.file(), "improvement", imp);
            }
        }
        AtomicFiles.writeString(dir.resolve("scores.csv"), csv.toString());
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String which : enhanced ? List.of("noisy", "enhanced", "improvement") : List.of("noisy")) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (String k : KEYS) {
                Summary s = summarize(files, k, which);
                Map<String, Object> v = new LinkedHashMap<>(); // fixed key order: Map.of's order changes from run to run
                v.put("mean", finiteOrNull(s.mean()));
                v.put("ci95", finiteOrNull(s.ci95()));
                v.put("n", s.n());
                m.put(k, v);
            }
            summary.put(which, m);
        }
        json.put("summary", summary);
        List<Object> per = new ArrayList<>();
        for (FileScores f : files) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", f.file());
            m.put("noisy", cleanMap(f.noisy()));
            if (enhanced) {
                m.put("enhanced", cleanMap(f.enhanced()));
            }
            per.add(m);
        }
        json.put("files", per);
        AtomicFiles.writeString(dir.resolve("scores.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? (Object) v : Double.isNaN(v) ? "n/a" : (v > 0 ? "inf" : "-inf");
    }

    private static Map<String, Object> cleanMap(Map<String, Double> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, finiteOrNull(v)));
        return out;
    }

    private static void row(StringBuilder csv, String file, String kind, Map<String, Double> m) {
        csv.append(Csv.field(file)).append(',').append(kind);
        for (String k : KEYS) {
            Double v = m.get(k);
            csv.append(',');
            if (v != null && !Double.isNaN(v)) {
                csv.append(Double.isInfinite(v) ? (v > 0 ? "inf" : "-inf") : String.format(Locale.ROOT, "%.6f", v));
            }
        }
        csv.append('\n');
    }
}
