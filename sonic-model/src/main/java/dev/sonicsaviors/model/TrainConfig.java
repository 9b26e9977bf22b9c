package dev.sonicsaviors.model;

/**
 * Immutable training hyper-parameters.
 *
 * @param epochs            maximum number of epochs (50)
 * @param batchSize         examples per step (32); the last batch of an epoch may be smaller
 * @param learningRate      initial Adam learning rate (1e-3)
 * @param patience          early stopping: epochs without a lower validation loss before stopping (6); best weights are restored
 * @param lrFactor          plateau schedule: factor applied to the rate (0.5)
 * @param lrPatience        plateau schedule: epochs without an improvement of at least {@code lrMinDelta} before lowering (3)
 * @param lrMinDelta        plateau schedule: minimum validation-loss improvement that counts (1e-4, as Keras)
 * @param minLearningRate   plateau schedule: the rate's floor (1e-5)
 * @param seed              seed of weight initialisation and of every epoch's shuffle
 * @param threads           TensorFlow intra-op threads ({@code <= 0}: TensorFlow's default)
 * @param maxSteps          stop after this many steps in total ({@code <= 0}: no limit); the epoch in progress ends early
 * @param maxMinutes        stop after this many wall-clock minutes of this run ({@code <= 0}: no limit); the epoch in progress ends early
 */
public record TrainConfig(int epochs, int batchSize, double learningRate, int patience, double lrFactor, int lrPatience,
                          double lrMinDelta, double minLearningRate, long seed, int threads, long maxSteps, double maxMinutes) {

    /** Validates ranges. */
    public TrainConfig {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || patience < 1 || !(lrFactor > 0 && lrFactor <= 1)
                || lrPatience < 1 || lrMinDelta < 0 || minLearningRate < 0) {
            throw new IllegalArgumentException("invalid training configuration: " + "epochs=" + epochs + " batch=" + batchSize
                    + " lr=" + learningRate + " patience=" + patience + " factor=" + lrFactor + " lrPatience=" + lrPatience);
        }
    }

    /** Returns the defaults: 50 epochs, batch 32, lr 1e-3, patience 6, factor 0.5 / patience 3 / floor 1e-5, seed 42, 2 threads, no limits. */
    public static TrainConfig defaults() {
        return new TrainConfig(50, 32, 1e-3, 6, 0.5, 3, 1e-4, 1e-5, 42L, 2, 0, 0);
    }

    /** Returns a copy with {@code epochs}. */
    public TrainConfig withEpochs(int v) {
        return new TrainConfig(v, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with {@code batchSize}. */
    public TrainConfig withBatchSize(int v) {
        return new TrainConfig(epochs, v, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with the initial {@code learningRate}. */
    public TrainConfig withLearningRate(double v) {
        return new TrainConfig(epochs, batchSize, v, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with early-stopping {@code patience} (epochs). */
    public TrainConfig withPatience(int v) {
        return new TrainConfig(epochs, batchSize, learningRate, v, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with the plateau schedule's factor, patience (epochs) and floor. */
    public TrainConfig withSchedule(double factor, int lrPatienceEpochs, double floor) {
        return new TrainConfig(epochs, batchSize, learningRate, patience, factor, lrPatienceEpochs, lrMinDelta, floor, seed, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with {@code seed}. */
    public TrainConfig withSeed(long v) {
        return new TrainConfig(epochs, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, v, threads, maxSteps, maxMinutes);
    }

    /** Returns a copy with {@code threads} intra-op threads. */
    public TrainConfig withThreads(int v) {
        return new TrainConfig(epochs, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, v, maxSteps, maxMinutes);
    }

    /** Returns a copy with a total step limit ({@code <= 0}: none). */
    public TrainConfig withMaxSteps(long v) {
        return new TrainConfig(epochs, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, v, maxMinutes);
    }

    /** Returns a copy with a wall-clock limit in minutes ({@code <= 0}: none). */
    public TrainConfig withMaxMinutes(double v) {
        return new TrainConfig(epochs, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed, threads, maxSteps, v);
    }
}
