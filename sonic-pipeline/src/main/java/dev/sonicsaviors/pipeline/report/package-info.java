/**
 * Reports and plots: the exploratory data analysis ({@code sonic eda}), feature plots and loss curves as PNG.
 * It may use sonic-dsp, sonic-io, sonic-model, XChart and the shared {@code dev.sonicsaviors.pipeline} helpers.
 */
package dev.sonicsaviors.pipeline.report;
