/**
 * Reading and writing audio and arrays: WAV, FLAC and MP3 decoders (whole-file readers and streaming sources), WAV and
 * FLAC writers, streaming sinks, NumPy {@code .npy} files, and atomic output (a temporary file renamed when complete,
 * removed on failure). The bottom layer: it depends on no other sonic module.
 */
package dev.sonicsaviors.io;
