package dev.sonicsaviors.model;

/**
 * One finished epoch: 1-based {@code epoch}, mean training MSE {@code loss}, validation MSE {@code valLoss} (NaN
 * without validation data), learning rate used {@code lr}, wall-clock {@code seconds}, and the steps it ran.
 */
public record EpochRecord(int epoch, double loss, double valLoss, double lr, double seconds, long steps) {
}
