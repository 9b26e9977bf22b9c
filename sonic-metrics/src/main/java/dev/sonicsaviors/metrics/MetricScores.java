package dev.sonicsaviors.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All scores of one (clean, degraded) pair, as {@link Metrics#all} computes them.
 *
 * @param siSdr scale-invariant SDR (dB), see {@link SiSdr}
 * @param snr signal-to-noise ratio (dB), see {@link Snr}
 * @param segSnr segmental SNR (dB), see {@link SegmentalSnr}
 * @param stoi STOI (about 0..1), see {@link Stoi}
 * @param estoi ESTOI (about 0..1), see {@link Estoi}
 * @param pesqWb P.862.2 wide-band MOS-LQO, or NaN when it could not be scored (see {@code pesqWbError})
 * @param pesqNb P.862 narrow-band MOS-LQO (P.862.1 mapping), or NaN when it could not be scored
 * @param pesqWbError one-line reason why {@code pesqWb} is NaN, or null when it was scored
 * @param pesqNbError one-line reason why {@code pesqNb} is NaN, or null when it was scored
 */
public record MetricScores(double siSdr, double snr, double segSnr, double stoi, double estoi, double pesqWb,
        double pesqNb, String pesqWbError, String pesqNbError) {

    /** Returns the scores under their report names (si_sdr, snr, segsnr, stoi, estoi, pesq_wb, pesq_nb), in that order. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("si_sdr", siSdr);
        m.put("snr", snr);
        m.put("segsnr", segSnr);
        m.put("stoi", stoi);
        m.put("estoi", estoi);
        m.put("pesq_wb", pesqWb);
        m.put("pesq_nb", pesqNb);
        return m;
    }
}
