/**
 * Building hybrid-feature datasets for the seed autoencoders: noisy/clean examples, speaker splits, normalisation
 * statistics and prepared-dataset loading ({@code sonic prepare}, {@code sonic train}).
 * It may use sonic-dsp, sonic-io, sonic-model and the shared {@code dev.sonicsaviors.pipeline} helpers.
 */
package dev.sonicsaviors.pipeline.dataset;
