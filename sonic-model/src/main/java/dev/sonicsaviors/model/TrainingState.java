package dev.sonicsaviors.model;

import java.util.List;

/**
 * The trainer's resumable state, stored as {@code training-state.json} in a checkpoint: epochs completed, Adam step
 * count, current learning rate, early-stopping and plateau bookkeeping, and the history so far.
 */
record TrainingState(int epochsDone, long step, double lr, double bestVal, int bestEpoch, int badEpochs,
                     double plateauBest, int plateauWait, List<EpochRecord> history) {

    TrainingState {
        history = List.copyOf(history);
    }

    static TrainingState fresh(double lr) {
        return new TrainingState(0, 0, lr, Double.POSITIVE_INFINITY, 0, 0, Double.POSITIVE_INFINITY, 0, List.of());
    }
}
