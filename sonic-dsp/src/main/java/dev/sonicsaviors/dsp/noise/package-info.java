/**
 * Noise for datasets and training: coloured noise, mixing at a given SNR, feature-level noise, synthetic speech-like
 * signals, and the seeded augmentations of noise recordings and of whole mixtures (reverberation, rumble, level,
 * band limits, nearly clean mixtures). It may use {@code dev.sonicsaviors.dsp} and sonic-io.
 */
package dev.sonicsaviors.dsp.noise;
