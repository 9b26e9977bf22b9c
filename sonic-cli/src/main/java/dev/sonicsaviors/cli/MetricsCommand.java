package dev.sonicsaviors.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import dev.sonicsaviors.dsp.Resampler;
import dev.sonicsaviors.metrics.MetricScores;
import dev.sonicsaviors.metrics.Metrics;
import dev.sonicsaviors.metrics.Stoi;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sonic metrics}: every speech-quality metric of one (clean, degraded) pair. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = {"Scores a degraded (noisy or enhanced) file against its clean reference: SI-SDR, SNR and segmental SNR (dB),",
                "STOI and ESTOI, PESQ wide band (P.862.2) and narrow band (P.862 + P.862.1). Both are mixed to mono; the degraded",
                "file is resampled to the clean one's rate if they differ; both are cut to the shorter length (no alignment)."})
final class MetricsCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "CLEAN", description = "Clean reference audio.")
    Path clean;

    @Parameters(index = "1", paramLabel = "DEGRADED", description = "Degraded audio.")
    Path degraded;

    @Option(names = "--json", description = "Print one JSON object with the keys si_sdr, snr, segsnr, stoi, estoi, pesq_wb, "
            + "pesq_nb (numbers, or null for a score that is infinite or not computed) and \"notes\" saying why for each null.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        AudioData c = AudioReader.read(clean);
        AudioData d = AudioReader.read(degraded);
        float[] x = c.toMono();
        float[] y = d.toMono();
        if (d.sampleRate() != c.sampleRate()) {
            y = Resampler.resample(y, d.sampleRate(), c.sampleRate());
        }
        MetricScores s = Metrics.all(x, y, c.sampleRate());
        Map<String, Double> m = new java.util.LinkedHashMap<>(s.asMap());
        Map<String, String> notes = new java.util.LinkedHashMap<>();
        for (String k : new String[] {"si_sdr", "snr", "segsnr"}) {
            double v = m.get(k);
            if (Double.isInfinite(v)) {
                notes.put(k, v > 0 ? "infinite: the degraded signal equals the clean one (no error)"
                        : "minus infinity: nothing of the clean signal is in the degraded one");
                m.put(k, Double.NaN);
            }
        }
        for (String k : new String[] {"stoi", "estoi"}) {
            if (m.get(k) == Stoi.TOO_SHORT) {
                notes.put(k, "not scored: under 384 ms (30 frames at 10 kHz) of speech remain after silence removal");
                m.put(k, Double.NaN);
            }
        }
        if (s.pesqWbError() != null) {
            notes.put("pesq_wb", "not scored: " + s.pesqWbError());
        }
        if (s.pesqNbError() != null) {
            notes.put("pesq_nb", "not scored: " + s.pesqNbError());
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode o = mapper.createObjectNode();
            m.forEach((k, v) -> {
                if (Double.isFinite(v)) {
                    o.put(k, v);
                } else {
                    o.putNull(k);
                }
            });
            if (!notes.isEmpty()) {
                ObjectNode n = o.putObject("notes");
                notes.forEach(n::put);
            }
            out().println(mapper.writeValueAsString(o));
        } else {
            m.forEach((k, v) -> out().printf(Locale.ROOT, "%-8s %s%n", k, Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.4f", v)));
            notes.forEach((k, v) -> err().println("sonic: " + k + " " + v));
        }
        return SonicCli.OK;
    }
}
