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
        return builder().build();
    }

    /** Returns a builder holding {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder holding this configuration, to change some fields and {@link Builder#build()} a copy. */
    public Builder toBuilder() {
        return new Builder().epochs(epochs).batchSize(batchSize).learningRate(learningRate).patience(patience)
                .schedule(lrFactor, lrPatience, minLearningRate).lrMinDelta(lrMinDelta).seed(seed).threads(threads)
                .maxSteps(maxSteps).maxMinutes(maxMinutes);
    }

    /** Returns a copy with {@code epochs}. */
    public TrainConfig withEpochs(int v) {
        return toBuilder().epochs(v).build();
    }

    /** Returns a copy with {@code batchSize}. */
    public TrainConfig withBatchSize(int v) {
        return toBuilder().batchSize(v).build();
    }

    /** Returns a copy with the initial {@code learningRate}. */
    public TrainConfig withLearningRate(double v) {
        return toBuilder().learningRate(v).build();
    }

    /** Returns a copy with early-stopping {@code patience} (epochs). */
    public TrainConfig withPatience(int v) {
        return toBuilder().patience(v).build();
    }

    /** Returns a copy with the plateau schedule's factor, patience (epochs) and floor. */
    public TrainConfig withSchedule(double factor, int lrPatienceEpochs, double floor) {
        return toBuilder().schedule(factor, lrPatienceEpochs, floor).build();
    }

    /** Returns a copy with {@code seed}. */
    public TrainConfig withSeed(long v) {
        return toBuilder().seed(v).build();
    }

    /** Returns a copy with {@code threads} intra-op threads. */
    public TrainConfig withThreads(int v) {
        return toBuilder().threads(v).build();
    }

    /** Returns a copy with a total step limit ({@code <= 0}: none). */
    public TrainConfig withMaxSteps(long v) {
        return toBuilder().maxSteps(v).build();
    }

    /** Returns a copy with a wall-clock limit in minutes ({@code <= 0}: none). */
    public TrainConfig withMaxMinutes(double v) {
        return toBuilder().maxMinutes(v).build();
    }

    /**
     * Collects a configuration field by field, starting from the defaults (see {@link TrainConfig} for each field's
     * meaning); {@link #build()} validates. The only place besides the canonical constructor that lists every field.
     */
    public static final class Builder {
        private int epochs = 50;
        private int batchSize = 32;
        private double learningRate = 1e-3;
        private int patience = 6;
        private double lrFactor = 0.5;
        private int lrPatience = 3;
        private double lrMinDelta = 1e-4;
        private double minLearningRate = 1e-5;
        private long seed = 42L;
        private int threads = 2;
        private long maxSteps;
        private double maxMinutes;

        private Builder() {
        }

        /** Sets the maximum number of epochs. */
        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        /** Sets the examples per step. */
        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        /** Sets the initial Adam learning rate. */
        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        /** Sets early stopping's patience in epochs. */
        public Builder patience(int v) {
            patience = v;
            return this;
        }

        /** Sets the plateau schedule's factor, patience in epochs and learning-rate floor. */
        public Builder schedule(double factor, int lrPatienceEpochs, double floor) {
            lrFactor = factor;
            lrPatience = lrPatienceEpochs;
            minLearningRate = floor;
            return this;
        }

        /** Sets the smallest validation-loss improvement the plateau schedule counts. */
        public Builder lrMinDelta(double v) {
            lrMinDelta = v;
            return this;
        }

        /** Sets the seed of weight initialisation and shuffling. */
        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Sets the TensorFlow intra-op threads ({@code <= 0}: TensorFlow's default). */
        public Builder threads(int v) {
            threads = v;
            return this;
        }

        /** Sets the total step limit ({@code <= 0}: none). */
        public Builder maxSteps(long v) {
            maxSteps = v;
            return this;
        }

        /** Sets the wall-clock limit in minutes ({@code <= 0}: none). */
        public Builder maxMinutes(double v) {
            maxMinutes = v;
            return this;
        }

        /** Returns the configuration. @throws IllegalArgumentException if a field is out of range */
        public TrainConfig build() {
            return new TrainConfig(epochs, batchSize, learningRate, patience, lrFactor, lrPatience, lrMinDelta, minLearningRate, seed,
                    threads, maxSteps, maxMinutes);
        }
    }
}
