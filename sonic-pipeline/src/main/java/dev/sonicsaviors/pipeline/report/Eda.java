package dev.sonicsaviors.pipeline.report;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.dsp.FeatureConfig;
import dev.sonicsaviors.dsp.HybridFeatures;
import dev.sonicsaviors.dsp.Signals;
import dev.sonicsaviors.dsp.noise.NoiseMixer;
import dev.sonicsaviors.io.AtomicFiles;
import dev.sonicsaviors.pipeline.AudioFiles;
import dev.sonicsaviors.pipeline.AudioLoader;
import dev.sonicsaviors.pipeline.MonoLoader;
import dev.sonicsaviors.pipeline.Progress;
import dev.sonicsaviors.pipeline.Tasks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/**
 * Exploratory data analysis of an audio folder (what {@code sonic eda DIR -o report/} runs): decodes every wav/flac/mp3 file in parallel
 * and writes {@code index.html}, {@code summary.json} and PNG charts (duration, peak and RMS level histograms, example feature plots).
 */
public final class Eda {

    /** Fraction of samples at full scale from which a file is listed as clipped (0.1 %). */
    public static final double CLIPPED_FRACTION = 0.001;
    /** Absolute sample value counted as full scale. */
    public static final double FULL_SCALE = 0.999;
    /** RMS level (dBFS) below which a file is listed as silent. */
    public static final double SILENT_DBFS = -60.0;
    /** Lowest level reported (dBFS), used for digital silence. */
    public static final double FLOOR_DBFS = -120.0;

    /**
     * Settings.
     *
     * @param examples number of example files plotted (spread evenly over the sorted file list)
     * @param noiseSigma standard deviation of the white noise added to the examples (full scale 1.0)
     * @param seed seed of that noise
     * @param threads decoder threads; 0 means all processors
     * @param features feature parameters of the example plots
     */
    public record Config(int examples, double noiseSigma, long seed, int threads, FeatureConfig features) {

        /** Returns the defaults: 3 examples, sigma 0.05, seed 42, all processors, project features. */
        public static Config defaults() {
            return new Config(3, 0.05, 42L, 0, FeatureConfig.defaults());
        }
    }

    /** Decodes a file for the EDA. */
    @FunctionalInterface
    public interface Decoder {
        /** Returns the decoded file. @throws IOException if the file cannot be decoded */
        AudioData decode(Path file) throws IOException;
    }

    /**
     * Statistics of one file.
     *
     * @param file path relative to the scanned folder ('/' separators)
     * @param bytes file size in bytes
     * @param codec codec name
     * @param sampleRate sample rate in Hz
     * @param channels channel count
     * @param bitsPerSample bit depth (0 if not applicable)
     * @param durationSeconds duration in seconds
     * @param peakDbfs peak level in dBFS (floored at {@link #FLOOR_DBFS})
     * @param rmsDbfs RMS level over all channels in dBFS (floored at {@link #FLOOR_DBFS})
     * @param clippedFraction fraction of samples with |x| >= {@link #FULL_SCALE}
     */
    public record FileStats(String file, long bytes, String codec, int sampleRate, int channels, int bitsPerSample, double durationSeconds,
            double peakDbfs, double rmsDbfs, double clippedFraction) {

        /** Returns whether at least {@link #CLIPPED_FRACTION} of the samples are at full scale. */
        public boolean clipped() {
            return clippedFraction >= CLIPPED_FRACTION;
        }

        /** Returns whether the RMS level is below {@link #SILENT_DBFS}. */
        public boolean silent() {
            return rmsDbfs < SILENT_DBFS;
        }
    }

    /**
     * A file that failed to decode.
     *
     * @param file path relative to the scanned folder
     * @param error one-line error message
     */
    public record Failure(String file, String error) {
    }

    /**
     * Result of a run.
     *
     * @param files statistics of the decoded files, sorted by path
     * @param failures files that failed to decode, sorted by path
     * @param totalSeconds total duration of the decoded files in seconds
     * @param seconds wall-clock time of the run in seconds
     */
    public record Report(List<FileStats> files, List<Failure> failures, double totalSeconds, double seconds) {

        /** Copies the lists. */
        public Report {
            files = List.copyOf(files);
            failures = List.copyOf(failures);
        }
    }

    private final Config config;
    private final Decoder decoder;
    private final MonoLoader loader;

    /** Creates an EDA that decodes with {@link AudioReader} and loads example plots with {@link AudioLoader}. */
    public Eda(Config config) {
        this(config, AudioReader::read, AudioLoader::loadMono);
    }

    /** Creates an EDA with a decoder for statistics and a mono loader (at the feature rate) for the example plots. */
    public Eda(Config config, Decoder decoder, MonoLoader loader) {
        this.config = config;
        this.decoder = decoder;
        this.loader = loader;
    }

    /** Returns statistics of decoded audio {@code [channel][sample]}. */
    public static FileStats stats(String name, long bytes, AudioData d) {
        long n = 0;
        double ss = 0;
        double peak = 0;
        long clipped = 0;
        int frames = d.channels().length == 0 ? 0 : d.channels()[0].length;
        for (float[] ch : d.channels()) {
            for (float v : ch) {
                double a = Math.abs(v);
                ss += a * a;
                if (a > peak) {
                    peak = a;
                }
                if (a >= FULL_SCALE) {
                    clipped++;
                }
                n++;
            }
        }
        double rms = n > 0 ? Math.sqrt(ss / n) : 0;
        return new FileStats(name, bytes, d.codec(), d.sampleRate(), d.channels().length, d.bitsPerSample(),
                d.sampleRate() > 0 ? (double) frames / d.sampleRate() : 0, dbfs(peak), dbfs(rms), n > 0 ? (double) clipped / n : 0);
    }

    private static double dbfs(double v) {
        return v > 0 ? Math.max(FLOOR_DBFS, 20 * Math.log10(v)) : FLOOR_DBFS;
    }

    /** Scans {@code dir} recursively and writes the report into {@code reportDir}. @throws IOException if the folder cannot be listed or written */
    public Report run(Path dir, Path reportDir, Progress progress) throws IOException {
        long t0 = System.nanoTime();
        List<Path> files = AudioFiles.list(dir);
        int threads = config.threads() > 0 ? config.threads() : Math.max(1, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Tasks.daemonPool(threads, "eda-worker");
        List<FileStats> stats = new ArrayList<>();
        List<Failure> failures = new ArrayList<>();
        try {
            List<Future<Object>> fs = new ArrayList<>();
            for (Path f : files) {
                fs.add(pool.submit(() -> {
                    String rel = AudioFiles.relative(dir, f);
                    try {
                        return stats(rel, Files.size(f), decoder.decode(f));
                    } catch (IOException | RuntimeException e) {
                        String m = String.valueOf(e.getMessage());
                        return new Failure(rel, m.startsWith(f.toString()) ? m.substring(f.toString().length()).replaceFirst("^:\\s*", "") : m);
                    }
                }));
            }
            progress.start("decode", files.size());
            for (Future<Object> f : fs) {
                Object o = Tasks.await(f);
                if (o instanceof FileStats s) {
                    stats.add(s);
                } else {
                    failures.add((Failure) o);
                }
                progress.step(1);
            }
            progress.done();
        } finally {
            pool.shutdownNow();
        }
        double total = stats.stream().mapToDouble(FileStats::durationSeconds).sum();
        Files.createDirectories(reportDir);
        List<String[]> examples = writeExamples(dir, stats, reportDir, progress);
        charts(stats, reportDir);
        Report report = new Report(stats, failures, total, (System.nanoTime() - t0) / 1e9);
        AtomicFiles.writeString(reportDir.resolve("summary.json"), summaryJson(dir, report));
        AtomicFiles.writeString(reportDir.resolve("index.html"), html(dir, report, examples));
        return new Report(stats, failures, total, (System.nanoTime() - t0) / 1e9);
    }

    /** Plots examples spread evenly over the sorted file list (first, ..., last): returns {file, clean png, noisy png} triples. */
    private List<String[]> writeExamples(Path dir, List<FileStats> stats, Path reportDir, Progress progress) throws IOException {
        List<String[]> out = new ArrayList<>();
        FeatureConfig fc = config.features();
        HybridFeatures hf = new HybridFeatures(fc);
        int n = Math.min(config.examples(), stats.size());
        progress.start("example plots", n);
        for (int i = 0; i < n; i++) {
            int pick = n == 1 ? 0 : (int) Math.round((double) i * (stats.size() - 1) / (n - 1));
            String rel = stats.get(pick).file();
            float[] x;
            try {
                x = loader.load(dir.resolve(rel), fc.sampleRate());
            } catch (IOException e) {
                continue;
            }
            float[] clip = Signals.fixLength(x, fc.clipSamples());
            float[] noisy = NoiseMixer.addWhite(clip, config.noiseSigma(), config.seed() + i);
            String a = String.format(Locale.ROOT, "example-%d.png", i + 1);
            String b = String.format(Locale.ROOT, "example-%d-noisy.png", i + 1);
            FeaturePlot.write(reportDir.resolve(a), clip, hf.compute(clip), fc, rel + " (first " + fc.clipSamples() + " samples)");
            FeaturePlot.write(reportDir.resolve(b), noisy, hf.compute(noisy), fc,
                    rel + String.format(Locale.ROOT, " + white noise (sigma %.3g)", config.noiseSigma()));
            out.add(new String[] {rel, a, b});
            progress.step(1);
        }
        progress.done();
        return out;
    }

    private static void charts(List<FileStats> stats, Path reportDir) throws IOException {
        double maxDur = stats.stream().mapToDouble(FileStats::durationSeconds).max().orElse(1);
        histogram(reportDir.resolve("durations.png"), "Duration", "seconds",
                stats.stream().mapToDouble(FileStats::durationSeconds).toArray(), 0, Math.max(maxDur, 1e-3), 20);
        histogram(reportDir.resolve("peak_dbfs.png"), "Peak level", "dBFS", stats.stream().mapToDouble(FileStats::peakDbfs).toArray(), -60, 0, 20);
        histogram(reportDir.resolve("rms_dbfs.png"), "RMS level", "dBFS", stats.stream().mapToDouble(FileStats::rmsDbfs).toArray(), -80, 0, 20);
    }

    private static void histogram(Path file, String title, String unit, double[] values, double lo, double hi, int bins) throws IOException {
        List<String> labels = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        double w = (hi - lo) / bins;
        int[] c = new int[bins];
        for (double v : values) {
            int b = (int) Math.floor((v - lo) / w);
            c[Math.max(0, Math.min(bins - 1, b))]++;
        }
        for (int i = 0; i < bins; i++) {
            labels.add(String.format(Locale.ROOT, "%.3g", lo + (i + 0.5) * w));
            counts.add(c[i]);
        }
        CategoryChart chart = new CategoryChartBuilder().width(760).height(360).title(title + " (values outside the range in the end bins)")
                .xAxisTitle(unit).yAxisTitle("files").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(45);
        chart.addSeries("files", labels, counts);
        byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }

    private static <K extends Comparable<K>> Map<K, Integer> countBy(List<FileStats> stats, java.util.function.Function<FileStats, K> key) {
        Map<K, Integer> m = new TreeMap<>();
        for (FileStats s : stats) {
            m.merge(key.apply(s), 1, Integer::sum);
        }
        return m;
    }

    private static String summaryJson(Path dir, Report r) throws IOException {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("folder", dir.toAbsolutePath().normalize().toString());
        root.put("fileCount", r.files().size() + r.failures().size());
        root.put("decodedCount", r.files().size());
        root.put("failedCount", r.failures().size());
        root.put("totalSeconds", r.totalSeconds());
        ObjectNode sr = root.putObject("sampleRates");
        countBy(r.files(), FileStats::sampleRate).forEach((k, v) -> sr.put(k.toString(), v));
        ObjectNode ch = root.putObject("channels");
        countBy(r.files(), FileStats::channels).forEach((k, v) -> ch.put(k.toString(), v));
        ObjectNode bd = root.putObject("bitDepths");
        countBy(r.files(), FileStats::bitsPerSample).forEach((k, v) -> bd.put(k.toString(), v));
        ObjectNode cd = root.putObject("codecs");
        countBy(r.files(), FileStats::codec).forEach(cd::put);
        ArrayNode clipped = root.putArray("clipped");
        r.files().stream().filter(FileStats::clipped).forEach(s -> clipped.add(s.file()));
        ArrayNode silent = root.putArray("silent");
        r.files().stream().filter(FileStats::silent).forEach(s -> silent.add(s.file()));
        ArrayNode failed = root.putArray("failures");
        r.failures().forEach(f -> failed.addObject().put("file", f.file()).put("error", f.error()));
        ArrayNode files = root.putArray("files");
        for (FileStats s : r.files()) {
            files.addObject().put("file", s.file()).put("bytes", s.bytes()).put("codec", s.codec()).put("sampleRate", s.sampleRate())
                    .put("channels", s.channels()).put("bitsPerSample", s.bitsPerSample()).put("durationSeconds", s.durationSeconds())
                    .put("peakDbfs", s.peakDbfs()).put("rmsDbfs", s.rmsDbfs()).put("clippedFraction", s.clippedFraction());
        }
        return m.writeValueAsString(root) + "\n";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static <K> String table(String title, Map<K, Integer> m) {
        StringBuilder b = new StringBuilder("<h3>" + esc(title) + "</h3><table><tr><th>value</th><th>files</th></tr>");
        m.forEach((k, v) -> b.append("<tr><td>").append(esc(String.valueOf(k))).append("</td><td>").append(v).append("</td></tr>"));
        return b.append("</table>\n").toString();
    }

    private static String html(Path dir, Report r, List<String[]> examples) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Sonic Saviors EDA</title><style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin-bottom:1em}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}img{max-width:100%}</style></head><body>\n");
        b.append("<h1>EDA: ").append(esc(dir.toAbsolutePath().normalize().toString())).append("</h1>\n");
        b.append(String.format(Locale.ROOT, "<p>%d audio files, %d decoded, %d failed; total duration %.1f s (%.2f min).</p>%n",
                r.files().size() + r.failures().size(), r.files().size(), r.failures().size(), r.totalSeconds(), r.totalSeconds() / 60));
        b.append(table("Sample rates (Hz)", countBy(r.files(), FileStats::sampleRate)));
        b.append(table("Channels", countBy(r.files(), FileStats::channels)));
        b.append(table("Bit depths (0 = not applicable)", countBy(r.files(), FileStats::bitsPerSample)));
        b.append(table("Codecs", countBy(r.files(), FileStats::codec)));
        b.append("<h2>Durations</h2><img src=\"durations.png\" alt=\"duration histogram\">\n");
        b.append("<h2>Levels</h2><img src=\"peak_dbfs.png\" alt=\"peak level histogram\"><img src=\"rms_dbfs.png\" alt=\"RMS level histogram\">\n");
        b.append(String.format(Locale.ROOT, "<h2>Clipped files (&ge; %.1f%% samples at |x| &ge; %.3f)</h2><ul>%n", CLIPPED_FRACTION * 100, FULL_SCALE));
        r.files().stream().filter(FileStats::clipped).forEach(s -> b.append(String.format(Locale.ROOT, "<li>%s (%.3f%%)</li>%n", esc(s.file()),
                s.clippedFraction() * 100)));
        b.append("</ul>\n<h2>Silent files (RMS &lt; ").append((int) SILENT_DBFS).append(" dBFS)</h2><ul>\n");
        r.files().stream().filter(FileStats::silent).forEach(s -> b.append(String.format(Locale.ROOT, "<li>%s (%.1f dBFS)</li>%n", esc(s.file()),
                s.rmsDbfs())));
        b.append("</ul>\n<h2>Failed to decode</h2><ul>\n");
        r.failures().forEach(f -> b.append("<li>").append(esc(f.file())).append(": ").append(esc(f.error())).append("</li>\n"));
        b.append("</ul>\n<h2>Examples</h2>\n");
        for (String[] e : examples) {
            b.append("<h3>").append(esc(e[0])).append("</h3><img src=\"").append(e[1]).append("\" alt=\"clean\"><img src=\"").append(e[2])
                    .append("\" alt=\"with white noise\">\n");
        }
        b.append("<h2>Files</h2><table><tr><th>file</th><th>codec</th><th>Hz</th><th>ch</th><th>bits</th><th>s</th><th>peak dBFS</th>")
                .append("<th>RMS dBFS</th></tr>\n");
        for (FileStats s : r.files()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%.2f</td><td>%.1f</td><td>%.1f</td></tr>%n",
                    esc(s.file()), esc(String.valueOf(s.codec())), s.sampleRate(), s.channels(), s.bitsPerSample(), s.durationSeconds(),
                    s.peakDbfs(), s.rmsDbfs()));
        }
        b.append("</table></body></html>\n");
        return b.toString();
    }
}
