/**
 * Denoising audio of any length, rate and channel count: the gain models (classic, learned mask, seed autoencoder),
 * the chunked enhancer over arrays or from an {@code AudioSource} to an {@code AudioSink}, the pitch post-filter a model
 * folder may name ({@code PitchPostFilter}), and the model registry.
 * It may use sonic-dsp, sonic-io, sonic-model, the shared {@code dev.sonicsaviors.pipeline} helpers and
 * {@code pipeline.dataset} (normalisation statistics).
 */
package dev.sonicsaviors.pipeline.denoise;
