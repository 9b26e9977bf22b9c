/**
 * JMH benchmarks of the figures the README quotes: the real FFT, the hybrid features, the metrics and one training
 * step. Run through {@code tools/bench/run-benchmarks.sh}; nothing depends on this package.
 */
package dev.sonicsaviors.bench;
