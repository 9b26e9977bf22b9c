/**
 * Evaluating denoisers: metrics of every noisy/clean pair in a folder ({@code sonic evaluate}) and the mask model's
 * held-out validation during training.
 * It may use sonic-metrics, sonic-io, the shared {@code dev.sonicsaviors.pipeline} helpers, {@code pipeline.denoise}
 * and {@code pipeline.train}.
 */
package dev.sonicsaviors.pipeline.eval;
