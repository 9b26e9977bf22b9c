/**
 * Helpers shared by the pipeline packages: finding audio files, loading any file as mono at a given rate, progress
 * listeners, waiting for worker tasks and CSV fields.
 * It uses only sonic-dsp and sonic-io; every other pipeline package may use it.
 */
package dev.sonicsaviors.pipeline;
