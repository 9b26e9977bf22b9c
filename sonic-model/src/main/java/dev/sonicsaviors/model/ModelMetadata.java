package dev.sonicsaviors.model;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code metadata} section of {@code model.json} read into typed records: the STFT a mask model works with, the
 * training run (configuration summary and per-epoch history), its provenance (tool, seed, starting model, data, recipe)
 * and the optional model card (training data, licence, scores). Sections a model does not have are {@code null}; what a
 * section holds beyond these fields stays in {@link #raw()}.
 *
 * @param stft the mask model's STFT ({@code metadata.stft}), or {@code null}
 * @param training the training run ({@code metadata.training}), or {@code null}
 * @param provenance where the model came from (tool, seed, initial model, data, recipe); never {@code null}
 * @param card the model card ({@code metadata.card}), or {@code null}
 * @param raw the whole metadata map as stored (read-only)
 */
public record ModelMetadata(Stft stft, Training training, Provenance provenance, Card card, Map<String, Object> raw) {

    /**
     * The STFT of a mask model.
     *
     * @param sampleRate the rate the model works at in Hz
     * @param nFft frame size in samples
     * @param hopLength hop in samples
     */
    public record Stft(int sampleRate, int nFft, int hopLength) {
    }

    /**
     * A finished training run.
     *
     * @param epochs epochs run
     * @param steps optimiser steps run
     * @param bestEpoch the 1-based epoch whose weights were kept
     * @param bestValLoss that epoch's validation loss
     * @param stopReason why training stopped, or {@code null}
     * @param history one record per epoch, in order
     */
    public record Training(int epochs, long steps, int bestEpoch, double bestValLoss, String stopReason, List<EpochRecord> history) {
        /** Copies the history. */
        public Training {
            history = List.copyOf(history);
        }
    }

    /**
     * Where a model came from.
     *
     * @param tool the command that wrote it (such as {@code sonic train-denoiser}), or {@code null}
     * @param seed the training seed, or {@code null}
     * @param initialModel the model training started from, or {@code null}
     * @param data the training data's description ({@code metadata.data}; empty if absent, read-only)
     * @param recipe the commands that made it, in order (empty if absent)
     */
    public record Provenance(String tool, Long seed, String initialModel, Map<String, Object> data, List<String> recipe) {
        /** Copies the collections. */
        public Provenance {
            data = Collections.unmodifiableMap(new LinkedHashMap<>(data));
            recipe = List.copyOf(recipe);
        }
    }

    /**
     * The model card section ({@code metadata.card}).
     *
     * @param trainingData what the model was trained on, in words
     * @param licence the licence its weights may be used under, in words
     * @param scores named scores (such as {@code si_sdr@5dB}), in stored order (read-only)
     */
    public record Card(String trainingData, String licence, Map<String, Double> scores) {
        /** Copies the scores. */
        public Card {
            scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
        }
    }

    /** Makes the raw map read-only. */
    public ModelMetadata {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /**
     * Reads {@code metadata} (as {@link ModelInfo#metadata()} holds it) of the descriptor {@code source} (a file name for
     * messages); a section with a missing or wrongly typed field is an {@link IOException} whose one-line message names
     * {@code source} and the field, such as {@code model.json: metadata.training.epochs: expected an integer, found "x"}.
     */
    public static ModelMetadata read(String source, Map<String, Object> metadata) throws IOException {
        Fields m = new Fields(source, "metadata", metadata == null ? Map.of() : metadata);
        Fields s = m.section("stft");
        Stft stft = s == null ? null : new Stft(s.integer("sampleRate"), s.integer("nFft"), s.integer("hopLength"));
        Fields t = m.section("training");
        Training training = null;
        if (t != null) {
            List<EpochRecord> history = new ArrayList<>();
            List<Object> h = t.list("history", true);
            for (int i = 0; i < h.size(); i++) {
                Fields e = t.element("history", i, h.get(i));
                history.add(new EpochRecord(e.integer("epoch"), e.number("loss"), e.number("valLoss"), e.number("lr"),
                        e.number("seconds"), e.longInteger("steps")));
            }
            training = new Training(t.integer("epochs"), t.longInteger("steps"), t.integer("bestEpoch"), t.number("bestValLoss"),
                    t.optionalText("stopReason"), history);
        }
        Fields d = m.section("data");
        List<String> recipe = new ArrayList<>();
        List<Object> r = m.list("recipe", false);
        for (int i = 0; i < r.size(); i++) {
            if (!(r.get(i) instanceof String line)) {
                throw m.wrong("recipe[" + i + "]", "a string", r.get(i));
            }
            recipe.add(line);
        }
        Provenance provenance = new Provenance(m.optionalText("tool"), m.has("seed") ? m.longInteger("seed") : null,
                m.optionalText("initialModel"), d == null ? Map.of() : d.map, recipe);
        Fields c = m.section("card");
        Card card = null;
        if (c != null) {
            Fields sc = c.section("scores");
            Map<String, Double> scores = new LinkedHashMap<>();
            if (sc != null) {
                for (String k : sc.map.keySet()) {
                    scores.put(k, sc.number(k));
                }
            }
            card = new Card(c.text("trainingData"), c.text("licence"), scores);
        }
        return new ModelMetadata(stft, training, provenance, card, m.map);
    }

    /** Typed access to one JSON object's fields, with errors naming the file and the field's path. */
    private static final class Fields {
        final String source;
        final String path;
        final Map<String, Object> map;

        Fields(String source, String path, Map<String, Object> map) {
            this.source = source;
            this.path = path;
            this.map = map;
        }

        boolean has(String key) {
            return map.get(key) != null;
        }

        Object required(String key) throws IOException {
            Object v = map.get(key);
            if (v == null) {
                throw new IOException(source + ": " + path + "." + key + ": missing");
            }
            return v;
        }

        IOException wrong(String key, String expected, Object found) {
            String shown = found instanceof String str ? "\"" + str + "\"" : String.valueOf(found);
            if (shown.length() > 40) {
                shown = shown.substring(0, 40) + "...";
            }
            return new IOException(source + ": " + path + "." + key + ": expected " + expected + ", found " + shown);
        }

        @SuppressWarnings("unchecked")
        Fields section(String key) throws IOException {
            Object v = map.get(key);
            if (v == null) {
                return null;
            }
            if (!(v instanceof Map<?, ?> sub)) {
                throw wrong(key, "an object", v);
            }
            return new Fields(source, path + "." + key, (Map<String, Object>) sub);
        }

        @SuppressWarnings("unchecked")
        Fields element(String key, int i, Object v) throws IOException {
            if (!(v instanceof Map<?, ?> sub)) {
                throw wrong(key + "[" + i + "]", "an object", v);
            }
            return new Fields(source, path + "." + key + "[" + i + "]", (Map<String, Object>) sub);
        }

        @SuppressWarnings("unchecked")
        List<Object> list(String key, boolean required) throws IOException {
            Object v = required ? required(key) : map.get(key);
            if (v == null) {
                return List.of();
            }
            if (!(v instanceof List<?> l)) {
                throw wrong(key, "a list", v);
            }
            return (List<Object>) l;
        }

        long longInteger(String key) throws IOException {
            Object v = required(key);
            if (v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger && ((java.math.BigInteger) v).bitLength() < 64) {
                return ((Number) v).longValue();
            }
            throw wrong(key, "an integer", v);
        }

        int integer(String key) throws IOException {
            long v = longInteger(key);
            if (v != (int) v) {
                throw wrong(key, "an integer in int range", v);
            }
            return (int) v;
        }

        double number(String key) throws IOException {
            Object v = required(key);
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof String str && (str.equals("NaN") || str.equals("Infinity") || str.equals("-Infinity"))) {
                return Double.parseDouble(str); // Jackson writes non-finite doubles as strings
            }
            throw wrong(key, "a number", v);
        }

        String text(String key) throws IOException {
            Object v = required(key);
            if (!(v instanceof String str)) {
                throw wrong(key, "a string", v);
            }
            return str;
        }

        String optionalText(String key) throws IOException {
            return has(key) ? text(key) : null;
        }
    }
}
