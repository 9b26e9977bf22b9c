package dev.sonicsaviors.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a loaded model is, for people and front ends: read from the model's {@code model.json} (its {@code metadata.card}
 * section where present) or, for the classic filters, fixed descriptions.
 *
 * @param name the name the model was loaded under ({@code default}, {@code wiener}, or the folder's name)
 * @param architecture the network architecture (such as {@code mask-net-257x192}) or the classic method's name
 * @param parameterCount learned parameters (0 for classic filters)
 * @param sampleRate the rate the model works at in Hz (input of any rate is resampled to it and back)
 * @param trainingData what the model was trained on, in words
 * @param licence the licence its weights may be used under, in words
 * @param scores named quality scores from the card (such as {@code si_sdr@5dB} in dB), in stored order; empty if none
 */
public record ModelCard(String name, String architecture, long parameterCount, int sampleRate, String trainingData, String licence,
                        Map<String, Double> scores) {

    /** Checks the texts are present and copies the scores (read-only, order kept). */
    public ModelCard {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(trainingData, "trainingData");
        Objects.requireNonNull(licence, "licence");
        scores = Collections.unmodifiableMap(new LinkedHashMap<>(scores));
    }
}
