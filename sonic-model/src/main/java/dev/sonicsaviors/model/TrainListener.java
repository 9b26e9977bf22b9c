package dev.sonicsaviors.model;

/** Receives training progress (for example to draw a progress bar); every method has an empty default. */
public interface TrainListener {

    /** Called when 1-based {@code epoch} of {@code epochs} starts, with {@code stepsPerEpoch} steps at rate {@code lr}. */
    default void epochStarted(int epoch, int epochs, int stepsPerEpoch, double lr) {
    }

    /** Called after each step: 1-based {@code epoch} and {@code step} within it, batch {@code loss} (MSE), seconds since the epoch started. */
    default void stepFinished(int epoch, int step, int stepsPerEpoch, double loss, double seconds) {
    }

    /** Called after an epoch's validation and checkpoint. */
    default void epochFinished(EpochRecord record) {
    }

    /** Called once when training stops, with the reason (for example {@code early stopping at epoch 12}). */
    default void finished(String reason) {
    }
}
