package dev.sonicsaviors.metrics;

import dev.sonicsaviors.io.AudioData;
import dev.sonicsaviors.io.AudioReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The 96 reference rows of {@code metrics/expected.csv} (test resources) with their audio. */
final class FixtureRows {
    /** One row: file names, rate (Hz) and the reference scores (NaN where absent). */
    record Row(String clean, String degraded, int fs, double siSdr, double snr, double segSnr, double stoi,
            double estoi, double pesqWb, double pesqNb) {
        /** Reads the clean signal (mono). */
        float[] cleanAudio() {
            return read(clean);
        }

        /** Reads the degraded signal (mono). */
        float[] degradedAudio() {
            return read(degraded);
        }

        @Override
        public String toString() {
            return degraded;
        }
    }

    private static List<Row> rows;

    private FixtureRows() {}

    static Path root() {
        try {
            return Path.of(FixtureRows.class.getResource("/metrics/expected.csv").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized List<Row> all() {
        if (rows == null) {
            try {
                List<String> lines = Files.readAllLines(root().resolve("expected.csv"), StandardCharsets.UTF_8);
                List<Row> out = new ArrayList<>();
                for (String line : lines.subList(1, lines.size())) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String[] f = line.split(",", -1);
                    out.add(new Row(f[0], f[1], Integer.parseInt(f[2]), num(f[3]), num(f[4]), num(f[5]), num(f[6]),
                            num(f[7]), num(f[8]), num(f[9])));
                }
                rows = List.copyOf(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rows;
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    static float[] read(String relative) {
        try {
            AudioData a = AudioReader.read(root().resolve(relative));
            return a.channelCount() == 1 ? a.channels()[0] : a.toMono();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
