/**
 * The public denoising API: load a denoiser by name or model folder ({@link dev.sonicsaviors.api.Denoisers}), denoise
 * arrays or stream an {@code AudioSource} to an {@code AudioSink} with progress and cancellation, and read the loaded
 * model's {@link dev.sonicsaviors.api.ModelCard}.
 * It may use sonic-io (sources and sinks), sonic-model (model.json) and {@code dev.sonicsaviors.pipeline.denoise}; front
 * ends (the CLI, a web service, a Spark job) use only this package to denoise.
 */
package dev.sonicsaviors.api;
