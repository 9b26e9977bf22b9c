/**
 * {@code sonic serve}: an HTTP server (the JDK's {@code com.sun.net.httpserver}) with a page to try denoising in a browser
 * and a JSON/WAV API ({@code POST /api/denoise}, jobs with progress, {@code GET /api/models}, {@code GET /health},
 * {@code /openapi.json}).
 * It denoises only through sonic-api ({@code dev.sonicsaviors.api}), reads and writes audio with sonic-io and draws mel
 * spectrograms with sonic-dsp; the page, its script and style sheet are resources in the jar.
 */
package dev.sonicsaviors.web;
