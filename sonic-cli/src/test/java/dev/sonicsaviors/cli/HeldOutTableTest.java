package dev.sonicsaviors.cli;

import static dev.sonicsaviors.cli.SonicCliTest.sonic;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.io.WavWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recomputes the README's held-out table on {@code ../shared/data/train} the way {@code tools/heldout/make-heldout.sh}
 * and {@code score-models.sh} make it, in-process through {@code sonic add-noise} and {@code sonic evaluate --model M},
 * and compares every mean with {@code models/default/evaluation.json} (which a retrained model brings along with its own
 * figures): the {@code noisy} column and every column named after a built-in model ({@code default}, {@code wiener},
 * {@code specsub}), also on the clean speech itself as input where evaluation.json has a "clean input" row; the outside
 * baselines (ffmpeg, RNNoise) and older models are not re-run. Tagged "data": skipped when
 * {@code ../shared/data/train} (beside the project root) is absent. The same set at 8 kHz must come out of {@code default}
 * no worse than the input on mean SI-SDR and STOI ({@link #narrowBand}).
 */
@Tag("data")
class HeldOutTableTest {
    /** Largest allowed move of a mean SI-SDR, dB. */
    static final double SI_SDR_TOLERANCE_DB = 0.05;
    /** Largest allowed move of a mean STOI or ESTOI. */
    static final double STOI_TOLERANCE = 0.002;
    /** Largest allowed move of a mean PESQ WB, MOS. */
    static final double PESQ_TOLERANCE = 0.02;
    /** The SNRs of the table, dB. */
    static final int[] SNRS = {0, 5, 10};

    /** Columns of evaluation.json that are built-in models of {@code sonic denoise}, re-run by this test. */
    static final Set<String> BUILT_IN = Set.of("default", "wiener", "specsub");

    private static final Pattern SCALED = Pattern.compile("scaled down by ([0-9.]+) dB");

    @TempDir
    Path tmp;

    @Test
    void theHeldOutTableOfTheReadmeIsReproducedWithinItsTolerances() throws IOException {
        Path data = ProjectRoot.sharedTrainingData();
        Assumptions.assumeTrue(Files.isRegularFile(data.resolve("manifest.csv")), "no " + data);
        Path root = ProjectRoot.find();
        ObjectMapper json = new ObjectMapper();
        JsonNode meta = json.readTree(root.resolve("models/default/model.json").toFile()).path("metadata").path("data");
        JsonNode expected = json.readTree(root.resolve("models/default/evaluation.json").toFile()).path("results");
        Set<String> speakers = new HashSet<>();
        meta.path("validationSpeakers").forEach(n -> speakers.add(n.asText()));
        List<String> noises = new ArrayList<>();
        meta.path("validationNoise").forEach(n -> noises.add(n.asText()));
        noises.sort(null);
        assertThat(speakers).isNotEmpty();
        assertThat(noises).isNotEmpty();

        // as make-heldout.sh: validation speakers' files sorted by path, the i-th with noise i mod 10 and seed i
        TreeMap<String, String> speech = new TreeMap<>();
        List<String> lines = Files.readAllLines(data.resolve("manifest.csv"), StandardCharsets.UTF_8);
        List<String> header = csv(lines.get(0));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = csv(line);
            if (f.get(header.indexOf("kind")).startsWith("speech") && speakers.contains(f.get(header.indexOf("speaker_id")))) {
                String path = f.get(header.indexOf("path"));
                speech.put(path, path.substring(path.lastIndexOf('/') + 1));
            }
        }
        assertThat(speech).as("validation utterances").hasSize(expected.path("0 dB").path("files").asInt());

        List<String> failures = new ArrayList<>();
        StringBuilder table = new StringBuilder();
        for (int snr : SNRS) {
            Path clean = Files.createDirectories(tmp.resolve("clean/snr" + snr));
            Path noisy = Files.createDirectories(tmp.resolve("noisy/snr" + snr));
            int i = 0;
            for (String file : speech.values()) {
                String name = file.replaceFirst("\\.flac$", "") + ".wav";
                Path in = data.resolve("speech").resolve(file);
                SonicCliTest.Run r = sonic("add-noise", in.toString(), "--kind", "file", "--noise-file",
                        data.resolve("noise").resolve(noises.get(i % noises.size())).toString(), "--snr", Integer.toString(snr),
                        "--seed", Integer.toString(i), "-o", noisy.resolve(name).toString());
                assertThat(r.code()).as(r.err()).isZero();
                // the script gives the clean reference the gain add-noise gave the mix (ffmpeg volume, 16-bit)
                Matcher m = SCALED.matcher(r.err());
                double gain = m.find() ? Math.pow(10, -Double.parseDouble(m.group(1)) / 20) : 1;
                var audio = AudioReader.read(in);
                float[] x = audio.toMono();
                for (int k = 0; k < x.length; k++) {
                    x[k] *= (float) gain;
                }
                WavWriter.write(clean.resolve(name), x, audio.sampleRate());
                i++;
            }
            JsonNode want = expected.path(snr + " dB");
            List<String> models = new ArrayList<>();
            want.fieldNames().forEachRemaining(label -> {
                if (BUILT_IN.contains(label)) {
                    models.add(label);
                }
            });
            assertThat(models).as("built-in model columns in evaluation.json").contains("default");
            for (String model : models) {
                Path report = tmp.resolve("report-" + model + "-snr" + snr);
                SonicCliTest.Run r = sonic("evaluate", "--quiet", "--clean", clean.toString(), "--noisy", noisy.toString(),
                        "--model", model, "-o", report.toString());
                assertThat(r.code()).as(r.err()).isZero();
                JsonNode summary = json.readTree(report.resolve("scores.json").toFile()).path("summary");
                List<Map.Entry<String, String>> columns = new ArrayList<>();
                if (model.equals("default")) {
                    columns.add(Map.entry("noisy", "noisy"));
                }
                columns.add(Map.entry("enhanced", model));
                for (Map.Entry<String, String> col : columns) {
                    compare(snr + " dB", col.getValue(), summary.path(col.getKey()), want.path(col.getValue()), table, failures);
                }
            }
        }
        JsonNode cleanInput = expected.path("clean input");
        List<String> cleanModels = new ArrayList<>();
        cleanInput.fieldNames().forEachRemaining(label -> {
            if (BUILT_IN.contains(label)) {
                cleanModels.add(label);
            }
        });
        for (String model : cleanModels) {
            // each model run on the clean speech itself (as score-models.sh: the 10 dB set's references)
            Path report = tmp.resolve("report-" + model + "-clean");
            Path clean = tmp.resolve("clean/snr10");
            SonicCliTest.Run r = sonic("evaluate", "--quiet", "--clean", clean.toString(), "--noisy", clean.toString(),
                    "--model", model, "-o", report.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode summary = json.readTree(report.resolve("scores.json").toFile()).path("summary");
            compare("clean input", model, summary.path("enhanced"), cleanInput.path(model), table, failures);
        }
        narrowBand(failures, table);
        System.out.print(table);
        assertThat(failures).as("held-out means that moved beyond tolerance (models/default/evaluation.json):\n" + table).isEmpty();
    }

    /**
     * The quality issue's narrow-band rule on real noise: the held-out set resampled to 8 kHz (as telephone and 8 kHz files
     * reach {@code sonic denoise}; tools/heldout/make-narrowband.sh makes the same set with ffmpeg) comes out of the
     * {@code default} model with mean SI-SDR and STOI no lower than the noisy input's at every SNR.
     */
    private void narrowBand(List<String> failures, StringBuilder table) throws IOException {
        for (int snr : SNRS) {
            Path clean = Files.createDirectories(tmp.resolve("nb/clean/snr" + snr));
            Path noisy = Files.createDirectories(tmp.resolve("nb/noisy/snr" + snr));
            for (String kind : List.of("clean", "noisy")) {
                try (var files = Files.list(tmp.resolve(kind + "/snr" + snr))) {
                    for (Path f : files.sorted().toList()) {
                        var audio = AudioReader.read(f);
                        WavWriter.write((kind.equals("clean") ? clean : noisy).resolve(f.getFileName()),
                                dev.sonicsaviors.dsp.Resampler.resample(audio.toMono(), audio.sampleRate(), 8000), 8000);
                    }
                }
            }
            Path report = tmp.resolve("nb/report-default-snr" + snr);
            SonicCliTest.Run r = sonic("evaluate", "--quiet", "--clean", clean.toString(), "--noisy", noisy.toString(),
                    "--model", "default", "-o", report.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode summary = new ObjectMapper().readTree(report.resolve("scores.json").toFile()).path("summary");
            for (String metric : List.of("si_sdr", "stoi")) {
                double in = summary.path("noisy").path(metric).path("mean").asDouble(Double.NaN);
                double out = summary.path("enhanced").path(metric).path("mean").asDouble(Double.NaN);
                String line = String.format(Locale.ROOT, "%2d dB 8 kHz default %-7s input %.4f output %.4f", snr, metric, in, out);
                table.append(line).append('\n');
                if (!(out >= in)) {
                    failures.add(line + " (worse than the input)");
                }
            }
        }
    }

    /** Compares the four table metrics of one column, appending one line per metric to {@code table} and failures to {@code failures}. */
    private static void compare(String input, String column, JsonNode got, JsonNode expected, StringBuilder table, List<String> failures) {
        for (String metric : List.of("si_sdr", "stoi", "estoi", "pesq_wb")) {
            double g = got.path(metric).path("mean").asDouble(Double.NaN);
            double exp = expected.path(metric).asDouble(Double.NaN);
            double tol = metric.equals("si_sdr") ? SI_SDR_TOLERANCE_DB : metric.equals("pesq_wb") ? PESQ_TOLERANCE : STOI_TOLERANCE;
            String line = String.format(Locale.ROOT, "%-11s %-7s %-7s expected %.4f got %.4f (moved %+.4f, tolerance %.3f)",
                    input, column, metric, exp, g, g - exp, tol);
            table.append(line).append('\n');
            if (!(Math.abs(g - exp) <= tol)) {
                failures.add(line);
            }
        }
    }

    /** Splits one RFC 4180 CSV line (quoted fields, doubled quotes). */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted && ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cur.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
