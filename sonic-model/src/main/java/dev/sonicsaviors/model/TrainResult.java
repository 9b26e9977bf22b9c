package dev.sonicsaviors.model;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of {@link Trainer#train}: the final model folder (best validation weights), the whole history (including
 * epochs from before a resume), the best epoch and validation loss, and why training stopped.
 */
public record TrainResult(Path modelDir, List<EpochRecord> history, int bestEpoch, double bestValLoss, String stopReason) {

    /** Copies the history. */
    public TrainResult {
        history = List.copyOf(history);
    }
}
