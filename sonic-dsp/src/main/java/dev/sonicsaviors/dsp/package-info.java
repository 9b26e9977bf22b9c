/**
 * Signal processing on float arrays: FFT, windows, STFT and its inverse, resampling (whole and streaming), the
 * librosa-exact hybrid features (mel power in dB and MFCCs, layout [band][frame]), their inverses and Griffin-Lim, and
 * the classic denoisers (spectral subtraction, Wiener filter, noise estimation), a frame-by-frame pitch tracker
 * ({@link dev.sonicsaviors.dsp.PitchTracker}), and a table-driven fixed-exponent power
 * ({@link dev.sonicsaviors.dsp.FastPower}). It may use sonic-io only.
 */
package dev.sonicsaviors.dsp;
