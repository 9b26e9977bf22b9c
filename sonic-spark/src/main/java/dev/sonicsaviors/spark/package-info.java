/**
 * Denoising and dataset preparation over an Apache Spark cluster: {@link dev.sonicsaviors.spark.SonicSpark} is the
 * {@code spark-submit} entry point, {@link dev.sonicsaviors.spark.DenoiseJob} denoises every audio file under a folder
 * (read with Spark's binary file source) through the public API ({@code dev.sonicsaviors.api}) and writes a Parquet
 * report, {@link dev.sonicsaviors.spark.PrepareJob} writes sharded {@code .npy} training pairs; both reports share
 * the {@code status} values of {@link dev.sonicsaviors.spark.RowStatus}.
 * Spark is a {@code provided} dependency of this module only; the CLI and the core never see it.
 */
package dev.sonicsaviors.spark;
