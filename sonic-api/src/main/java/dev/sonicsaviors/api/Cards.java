package dev.sonicsaviors.api;

import dev.sonicsaviors.model.ModelFiles;
import dev.sonicsaviors.model.ModelInfo;
import dev.sonicsaviors.model.ModelMetadata;
import dev.sonicsaviors.pipeline.denoise.DenoiserRegistry;
import dev.sonicsaviors.pipeline.denoise.GainModel;
import dev.sonicsaviors.pipeline.denoise.MaskGainModel;
import dev.sonicsaviors.pipeline.denoise.Predictor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the {@link ModelCard} of a loaded model from its {@code model.json}, or the fixed card of a classic filter. */
final class Cards {

    /** What a card says when {@code model.json} has no card section and the text cannot be derived. */
    static final String NOT_STATED = "not stated in model.json";

    private Cards() {
    }

    /** Returns the card of {@code model}, loaded for the name or folder {@code requested}. */
    static ModelCard of(String requested, GainModel model) throws IOException {
        if (model instanceof MaskGainModel m) {
            boolean bundled = requested.equals(m.name())
                    && (requested.equals(DenoiserRegistry.DEFAULT_MODEL) || requested.equals(DenoiserRegistry.PITCH_FILTER_MODEL));
            String source = bundled
                    ? "classpath:" + MaskGainModel.BUNDLED + "/" + ModelFiles.MODEL_JSON
                    : ModelFiles.resolve(Path.of(requested)).resolve(ModelFiles.MODEL_JSON).toString();
            return fromDescriptor(model, m.info(), ModelMetadata.read(source, m.info().metadata()));
        }
        if (!DenoiserRegistry.builtIn().names().contains(requested)) { // a hybrid autoencoder folder
            Path folder = Predictor.modelFolder(Path.of(requested));
            return fromDescriptor(model, ModelFiles.readInfo(folder), ModelFiles.readMetadata(folder));
        }
        String method = switch (model.name()) {
            case "wiener" -> "decision-directed Wiener filter";
            case "specsub" -> "spectral subtraction";
            default -> model.name();
        };
        return new ModelCard(model.name(), method + " (classic, no learned parameters)", 0, model.sampleRate(),
                "none (no learned parameters)", "same as sonic (no training data)", Map.of());
    }

    /** Returns a card from a model's descriptor and typed metadata. */
    static ModelCard fromDescriptor(GainModel model, ModelInfo info, ModelMetadata meta) {
        ModelMetadata.Card card = meta.card();
        Map<String, Double> scores = new LinkedHashMap<>();
        if (card != null) {
            scores.putAll(card.scores());
        } else if (meta.training() != null) {
            scores.put("best_val_loss", meta.training().bestValLoss());
        }
        return new ModelCard(model.name(), info.architecture(), info.parameterCount(), model.sampleRate(),
                card != null ? card.trainingData() : trainingData(meta.provenance()), card != null ? card.licence() : NOT_STATED, scores);
    }

    /** Describes the training data from the provenance's {@code data} section, or says that it is not stated. */
    private static String trainingData(ModelMetadata.Provenance p) {
        Map<String, Object> d = p.data();
        Object speech = d.get("speechFolder");
        if (speech == null) {
            return NOT_STATED;
        }
        StringBuilder s = new StringBuilder();
        if (d.get("trainSpeechFiles") != null) {
            s.append(d.get("trainSpeechFiles")).append(" speech files");
            if (d.get("trainSpeakers") != null) {
                s.append(" of ").append(d.get("trainSpeakers")).append(" speakers");
            }
            s.append(" from ");
        } else {
            s.append("speech from ");
        }
        s.append(speech);
        if (d.get("noiseFolder") != null) {
            s.append(", noise from ").append(d.get("noiseFolder"));
        }
        return s.toString();
    }
}
