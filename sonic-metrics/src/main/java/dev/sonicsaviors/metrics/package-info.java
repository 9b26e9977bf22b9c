/**
 * Speech-quality metrics of a degraded signal against its clean reference: SNR, segmental SNR, SI-SDR, STOI, ESTOI and
 * PESQ (ITU-T P.862 narrow band and P.862.2 wide band, split into one class per stage), checked against reference
 * fixtures. It may use sonic-dsp and sonic-io.
 */
package dev.sonicsaviors.metrics;
