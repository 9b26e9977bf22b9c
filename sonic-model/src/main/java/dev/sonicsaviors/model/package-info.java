/**
 * Neural networks on TensorFlow Java: the architectures (the seed's convolutional autoencoders, the mask estimator
 * {@code MaskNet}) and their losses (including {@code IntelligibilityLoss}), graph building, training with Adam,
 * checkpoints and early stopping, and model folders ({@code model.json} with metadata and provenance beside one
 * {@code .npy} per variable). It may use sonic-io only; audio-specific code lives in sonic-pipeline.
 */
package dev.sonicsaviors.model;
