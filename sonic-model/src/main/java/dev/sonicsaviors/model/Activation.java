package dev.sonicsaviors.model;

/** Element-wise activation applied after a layer's affine part. */
public enum Activation {
    /** Identity (no activation). */
    LINEAR,
    /** max(0, x). */
    RELU,
    /** 1 / (1 + exp(-x)), output in (0, 1). */
    SIGMOID
}
