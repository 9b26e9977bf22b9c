/**
 * Training data made on the fly: fresh-noise hybrid examples for the autoencoders and mask-model examples
 * ({@code sonic train --fresh-noise}, {@code sonic train-denoiser}).
 * It may use sonic-dsp, sonic-model, the shared {@code dev.sonicsaviors.pipeline} helpers, {@code pipeline.dataset}
 * and {@code pipeline.denoise} (the mask model's features).
 */
package dev.sonicsaviors.pipeline.train;
