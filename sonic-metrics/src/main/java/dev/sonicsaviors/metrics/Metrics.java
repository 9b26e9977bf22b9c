package dev.sonicsaviors.metrics;

/**
 * Facade computing every metric of the module for one (clean, degraded) pair.
 *
 * <p>Both signals are truncated to the shorter length; nothing is aligned except what PESQ does itself. PESQ
 * failures (too short, no utterance, wide band below 16 kHz) do not throw: the PESQ field is NaN and the reason
 * is kept in the record.
 */
public final class Metrics {
    private Metrics() {}

    /** Returns SI-SDR, SNR, segmental SNR, STOI, ESTOI and PESQ (WB and NB) of {@code degraded} against {@code clean} at {@code sampleRate} Hz. */
    public static MetricScores all(float[] clean, float[] degraded, int sampleRate) {
        Signals.checkRate(sampleRate);
        Signals.commonLength(clean, degraded);
        double siSdr = SiSdr.compute(clean, degraded);
        double snr = Snr.compute(clean, degraded);
        double seg = SegmentalSnr.compute(clean, degraded, sampleRate);
        // STOI/ESTOI and the two PESQ modes are independent: STOI runs on another thread alongside PESQ
        java.util.concurrent.CompletableFuture<double[]> stoi =
                Parallel.start(() -> Stoi.scores(clean, degraded, sampleRate, true, true));
        double wb = Double.NaN;
        double nb = Double.NaN;
        String wbError = null;
        String nbError = null;
        try {
            if (sampleRate >= Pesq.SAMPLE_RATE) {
                double[] raw = Pesq.rawBoth(clean, degraded, sampleRate);
                wb = Pesq.mapToMos(raw[0], Pesq.Mode.WB);
                nb = Pesq.mapToMos(raw[1], Pesq.Mode.NB);
            } else {
                wbError = "wide-band PESQ needs a sample rate of at least 16000 Hz, got " + sampleRate + " Hz";
                nb = Pesq.compute(clean, degraded, sampleRate, Pesq.Mode.NB);
            }
        } catch (PesqException e) {
            wbError = wbError == null ? e.getMessage() : wbError;
            nbError = e.getMessage();
        }
        double[] st = Parallel.join(stoi);
        return new MetricScores(siSdr, snr, seg, st[0], st[1], wb, nb, wbError, nbError);
    }
}
