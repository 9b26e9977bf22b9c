package dev.sonicsaviors.metrics;

import dev.sonicsaviors.dsp.Resampler;
import org.jtransforms.fft.DoubleFFT_1D;

/**
 * Perceptual evaluation of speech quality, written in Java from the published descriptions of ITU-T P.862
 * (narrow band, mapped to MOS-LQO by P.862.1) and P.862.2 (wide band), and of Rix, Hollier, Hekstra and
 * Beerends, "PESQ, the new ITU standard for end-to-end speech quality assessment", J. AES 50(10), 2002
 * (part I: time alignment, part II: psychoacoustic model). No reference code was used.
 *
 * <p>Steps: both signals are truncated to the shorter length and, unless at 16 kHz, resampled to 16 kHz; in
 * narrow-band mode both are first filtered like a telephone handset (the IRS receive response of P.830/P.862,
 * applied in the frequency domain); each is scaled so that its power in the 300-3250 Hz band (FFT filter)
 * averages 10^7 in 16-bit units over the signal plus 320 ms of padding; in wide-band mode the model copies then
 * pass the P.862.2 100 Hz high-pass; the
 * delay of the degraded signal is estimated from the band-limited copies (crude alignment of 4 ms energy
 * envelopes, then the peak of the waveform cross-correlation around it); the perceptual model then takes
 * 32 ms Hann frames (50% overlap), groups their power spectra into 49 Bark bands, removes the linear frequency
 * response and the slow gain changes of the system, maps power to Zwicker loudness, and forms per frame the
 * symmetric (L2 over bands) and asymmetric (L1, weighted by the asymmetry factor) disturbances with a masking
 * dead zone; these are aggregated over 320 ms windows (L6) and over time (L2) into d_sym and d_asym, and the
 * raw score is {@code 4.5 - 0.1 d_sym - 0.0309 d_asym}. The result is the MOS-LQO:
 * P.862.1 {@code 0.999 + 4 / (1 + exp(-1.4945 x + 4.6607))} for {@link Mode#NB},
 * P.862.2 {@code 0.999 + 4 / (1 + exp(-1.3669 x + 3.8224))} for {@link Mode#WB}.
 *
 * <p>Known simplifications against the standard: one delay for the whole file (no utterance splitting or
 * per-utterance re-alignment, no bad-interval re-alignment), so files whose delay changes are scored at the
 * dominant delay; 8 kHz input is scored by the 16 kHz narrow-band model after up-sampling.
 */
public final class Pesq {

  /** Which standard to apply. */
  public enum Mode {
    /** P.862.2 wide band (needs at least 16 kHz input); result mapped by the P.862.2 function. */
    WB,
    /** P.862 narrow band with the IRS receive filter; result mapped to MOS-LQO by P.862.1. */
    NB
  }

  /** Internal sample rate (Hz) of the model. */
  public static final int SAMPLE_RATE = 16_000;
  /** Shortest input accepted (samples at 16 kHz): 0.25 s. */
  public static final int MIN_SAMPLES = SAMPLE_RATE / 4;

  private static final int NF = 512;
  private static final int HOP = NF / 2;
  private static final int BLOCK = 64; // 4 ms envelope blocks
  private static final int PAD = 5120; // 320 ms
  private static final int SEARCH_BLOCKS = 75; // +-300 ms crude delay search
  private static final double TARGET_POWER = 1e7;
  private static final double SILENCE_OF_5_SAMPLES = 100;
  private static final int BANDS = 49;
  private static final double SP = 6.910853e-6;
  private static final double SL = 1.866055e-1;
  private static final double ZWICKER_POWER = 0.23;

  /** FFT bins per Bark band (31.25 Hz bins, from bin 0). */
  private static final int[] BINS_PER_BAND = {
    1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4,
    3, 4, 5, 4, 5, 6, 6, 7, 8, 9, 9, 12, 12, 15, 16, 18, 21, 25, 20};
  /** Band centres (Bark). */
  private static final double[] CENTRE_BARK = {
    0.078672, 0.316341, 0.636559, 0.961246, 1.290450, 1.624217, 1.962597, 2.305636, 2.653383, 3.005889,
    3.363201, 3.725371, 4.092449, 4.464486, 4.841533, 5.223642, 5.610866, 6.003256, 6.400869, 6.803755,
    7.211971, 7.625571, 8.044611, 8.469146, 8.899232, 9.334927, 9.776288, 10.223374, 10.676242, 11.134952,
    11.599563, 12.070135, 12.546731, 13.029408, 13.518232, 14.013264, 14.514566, 15.022202, 15.536238,
    16.056736, 16.583761, 17.117382, 17.657663, 18.204674, 18.758478, 19.319147, 19.886751, 20.461355,
    21.043034};
  /** Band widths (Bark). */
  private static final double[] WIDTH_BARK = {
    0.157344, 0.317994, 0.322441, 0.326934, 0.331474, 0.336061, 0.340697, 0.345381, 0.350114, 0.354897,
    0.359729, 0.364611, 0.369544, 0.374529, 0.379565, 0.384653, 0.389794, 0.394989, 0.400236, 0.405538,
    0.410894, 0.416306, 0.421773, 0.427297, 0.432877, 0.438514, 0.444209, 0.449962, 0.455774, 0.461645,
    0.467577, 0.473569, 0.479621, 0.485736, 0.491912, 0.498151, 0.504454, 0.510819, 0.517250, 0.523745,
    0.530308, 0.536934, 0.543629, 0.550390, 0.557220, 0.564119, 0.571085, 0.578125, 0.585232};
  /** Power density correction per band (Bark width over the summed bins' width, times 100). */
  private static final double[] POW_DENS_CORRECTION = {
    100.000000, 99.999992, 100.000000, 100.000008, 100.000008, 100.000015, 99.999992, 99.999969, 50.000027,
    100.000000, 99.999969, 100.000015, 99.999947, 100.000061, 53.047077, 110.000046, 117.991989, 65.000000,
    68.760147, 69.999931, 71.428818, 75.000038, 76.843384, 80.968781, 88.646126, 63.864388, 68.155350,
    72.547775, 75.584831, 58.379192, 80.950836, 64.135651, 54.384785, 73.821884, 64.437073, 59.176456,
    65.521278, 61.399822, 58.144047, 57.004543, 64.126297, 54.311001, 61.114979, 55.077751, 56.849335,
    55.628868, 53.137054, 54.985844, 79.546974};
  /** Absolute hearing threshold per band (pitch power density units). */
  private static final double[] ABS_THRESH_POWER = {
    51286152.0, 2454709.5, 70794.59375, 4897.788574, 1174.897705, 389.045166, 104.71286, 45.70882, 17.782795,
    9.772372, 4.897789, 3.090296, 1.905461, 1.258925, 0.977237, 0.724436, 0.562341, 0.457088, 0.389045,
    0.331131, 0.295121, 0.269153, 0.25704, 0.251189, 0.251189, 0.251189, 0.251189, 0.263027, 0.288403,
    0.30903, 0.338844, 0.371535, 0.398107, 0.436516, 0.467735, 0.489779, 0.501187, 0.501187, 0.512861,
    0.524807, 0.524807, 0.524807, 0.512861, 0.47863, 0.42658, 0.371535, 0.363078, 0.416869, 0.537032};
  /** Level-alignment band (Hz, dB): 300-3250 Hz pass band. */
  private static final double[][] ALIGN_CURVE = {
    {0, -500}, {50, -500}, {100, -500}, {125, -500}, {160, -500}, {200, -500}, {250, -500}, {300, 0},
    {350, 0}, {400, 0}, {500, 0}, {600, 0}, {630, 0}, {800, 0}, {1000, 0}, {1250, 0}, {1600, 0}, {2000, 0},
    {2500, 0}, {3000, 0}, {3250, 0}, {3500, -500}, {4000, -500}, {5000, -500}, {6300, -500}, {8000, -500}};
  /** IRS receive response points (Hz, dB) of P.830/P.862, linearly interpolated in dB. */
  private static final double[][] IRS_CURVE = {
    {0, -200}, {50, -40}, {100, -20}, {125, -12}, {160, -6}, {200, 0}, {250, 4}, {300, 6}, {350, 8},
    {400, 10}, {500, 11}, {600, 12}, {700, 12}, {800, 12}, {1000, 12}, {1300, 12}, {1600, 12}, {2000, 12},
    {2500, 12}, {3000, 12}, {3250, 12}, {3500, 4}, {4000, -200}, {5000, -200}, {6300, -200}, {8000, -200}};
  /** P.862.2 wide-band input high-pass (biquad b0, b1, b2, a1, a2). */
  private static final double[] WB_HIGH_PASS = {2.740826, -5.4816519, 2.740826, -1.9444777, 0.94597794};

  private static final double[] WINDOW = new double[NF];
  private static final double[] ZWICKER_EXP = new double[BANDS];
  private static final double TOTAL_WIDTH;

  static {
    for (int i = 0; i < NF; i++) {
      WINDOW[i] = 0.5 * (1 - Math.cos(2 * Math.PI * i / NF));
    }
    for (int b = 0; b < BANDS; b++) {
      double e = ZWICKER_POWER;
      if (CENTRE_BARK[b] < 4) {
        e *= Math.pow(Math.min(2.0, 6 / (CENTRE_BARK[b] + 2)), 0.15);
      }
      ZWICKER_EXP[b] = e;
    }
    double w = 0;
    for (int b = 1; b < BANDS; b++) {
      w += WIDTH_BARK[b];
    }
    TOTAL_WIDTH = w;
  }

  private Pesq() {}

  /**
   * Returns the PESQ MOS-LQO (about 1.0 to 4.6 for WB, 1.0 to 4.55 for NB) of {@code degraded} against
   * {@code clean}, both at {@code sampleRate} Hz.
   *
   * @throws PesqException when the pair cannot be scored (too short, silent, no utterance, WB below 16 kHz)
   */
  public static double compute(float[] clean, float[] degraded, int sampleRate, Mode mode) {
    return mapToMos(rawScore(clean, degraded, sampleRate, mode), mode);
  }

  /** Maps a raw P.862 score to MOS-LQO with P.862.1 (NB) or P.862.2 (WB). */
  public static double mapToMos(double raw, Mode mode) {
    return mode == Mode.WB
        ? 0.999 + 4.0 / (1.0 + Math.exp(-1.3669 * raw + 3.8224))
        : 0.999 + 4.0 / (1.0 + Math.exp(-1.4945 * raw + 4.6607));
  }

  /**
   * Returns the raw P.862 score {@code 4.5 - 0.1 d_sym - 0.0309 d_asym} (before the MOS-LQO mapping).
   *
   * @throws PesqException when the pair cannot be scored
   */
  public static double rawScore(float[] clean, float[] degraded, int sampleRate, Mode mode) {
    Signals.checkRate(sampleRate);
    if (mode == null) {
      throw new IllegalArgumentException("PESQ mode must not be null");
    }
    if (mode == Mode.WB && sampleRate < SAMPLE_RATE) {
      throw new PesqException("wide-band PESQ needs a sample rate of at least 16000 Hz, got " + sampleRate
          + " Hz");
    }
    int n = Signals.commonLength(clean, degraded);
    float[] r = java.util.Arrays.copyOf(clean, n);
    float[] d = java.util.Arrays.copyOf(degraded, n);
    if (sampleRate != SAMPLE_RATE) {
      Resampler rs = new Resampler(sampleRate, SAMPLE_RATE);
      r = rs.process(r);
      d = rs.process(d);
    }
    int len = Math.min(r.length, d.length);
    if (len < MIN_SAMPLES) {
      throw new PesqException("input too short for PESQ: " + Math.round(1000.0 * len / SAMPLE_RATE)
          + " ms, needs at least 250 ms");
    }
    return new Run(r, d, len).score(mode);
  }

  /**
   * Returns the raw scores {WB, NB} of a pair at 16 kHz or above, sharing the transforms and the delay estimate.
   *
   * @throws PesqException when the pair cannot be scored
   */
  static double[] rawBoth(float[] clean, float[] degraded, int sampleRate) {
    Signals.checkRate(sampleRate);
    int n = Signals.commonLength(clean, degraded);
    float[] r = java.util.Arrays.copyOf(clean, n);
    float[] d = java.util.Arrays.copyOf(degraded, n);
    if (sampleRate != SAMPLE_RATE) {
      Resampler rs = new Resampler(sampleRate, SAMPLE_RATE);
      r = rs.process(r);
      d = rs.process(d);
    }
    int len = Math.min(r.length, d.length);
    if (len < MIN_SAMPLES) {
      throw new PesqException("input too short for PESQ: " + Math.round(1000.0 * len / SAMPLE_RATE)
          + " ms, needs at least 250 ms");
    }
    Run run = new Run(r, d, len);
    return new double[] {run.score(Mode.WB), run.score(Mode.NB)};
  }

  /** One scoring run: the padded, level-aligned and filtered signals and the model state. */
  private static final class Run {
    private final int total; // signal + padding
    private final int fftSize;
    private final DoubleFFT_1D fft;
    private final double[] refSpec;
    private final double[] degSpec;
    private final int length;
    private final int delay;

    Run(float[] r, float[] d, int len) {
      this.length = len;
      this.total = len + PAD;
      int p = 1;
      while (p < total) {
        p <<= 1;
      }
      this.fftSize = p;
      this.fft = new DoubleFFT_1D(fftSize);
      refSpec = spectrum(r, len);
      degSpec = spectrum(d, len);
      double[] ra = filterSpectrum(refSpec, ALIGN_CURVE);
      double[] da = filterSpectrum(degSpec, ALIGN_CURVE);
      levelGain(ra, "reference");
      levelGain(da, "degraded signal");
      this.delay = estimateDelay(ra, da);
    }

    /** Raw score in one mode: input filter, level alignment, perceptual model at the shared delay. */
    double score(Mode mode) {
      double[] rs = refSpec;
      double[] ds = degSpec;
      if (mode == Mode.NB) {
        // the handset (IRS receive) filter comes before the level alignment
        rs = filterSpectrum(rs, IRS_CURVE);
        ds = filterSpectrum(ds, IRS_CURVE);
      }
      double gr = levelGain(filterSpectrum(rs, ALIGN_CURVE), "reference");
      double gd = levelGain(filterSpectrum(ds, ALIGN_CURVE), "degraded signal");
      double[] ref = toTime(rs);
      double[] deg = toTime(ds);
      scale(ref, gr);
      scale(deg, gd);
      if (mode == Mode.WB) {
        highPass(ref);
        highPass(deg);
      }
      return perceptualModel(ref, deg, delay);
    }

    private double[] spectrum(float[] x, int len) {
      double[] buf = new double[fftSize];
      for (int i = 0; i < len; i++) {
        buf[i] = x[i] * 32768.0;
      }
      fft.realForward(buf);
      return buf;
    }

    /** Applies a zero-phase response given by (Hz, dB) points to a packed spectrum, returning a new one. */
    private double[] filterSpectrum(double[] spec, double[][] curve) {
      double[] out = spec.clone();
      double res = (double) SAMPLE_RATE / fftSize;
      out[0] *= gain(curve, 0);
      out[1] *= gain(curve, fftSize / 2 * res);
      for (int k = 1; k < fftSize / 2; k++) {
        double g = gain(curve, k * res);
        out[2 * k] *= g;
        out[2 * k + 1] *= g;
      }
      return out;
    }

    private static double gain(double[][] curve, double f) {
      int i = 0;
      while (i < curve.length - 2 && f > curve[i + 1][0]) {
        i++;
      }
      double f0 = curve[i][0];
      double f1 = curve[i + 1][0];
      double db = curve[i][1] + (f - f0) / (f1 - f0) * (curve[i + 1][1] - curve[i][1]);
      return Math.pow(10, db / 20);
    }

    private double[] toTime(double[] spec) {
      double[] buf = spec.clone();
      fft.realInverse(buf, true);
      return java.util.Arrays.copyOf(buf, total);
    }

    /** Gain bringing the band-limited power (over signal plus padding, by Parseval) to the target level. */
    private double levelGain(double[] alignSpec, String what) {
      double e = alignSpec[0] * alignSpec[0] + alignSpec[1] * alignSpec[1];
      for (int k = 1; k < fftSize / 2; k++) {
        e += 2 * (alignSpec[2 * k] * alignSpec[2 * k] + alignSpec[2 * k + 1] * alignSpec[2 * k + 1]);
      }
      double p = e / fftSize / total;
      if (!(p > 0)) {
        throw new PesqException("the " + what + " is silent in the 300-3250 Hz band");
      }
      return Math.sqrt(TARGET_POWER / p);
    }

    private static void scale(double[] x, double g) {
      for (int i = 0; i < x.length; i++) {
        x[i] *= g;
      }
    }

    /** P.862.2 input filter: 15-sample fade at both ends of the signal, then the 100 Hz high-pass biquad. */
    private void highPass(double[] x) {
      for (int i = 0; i < 15; i++) {
        double w = (i + 1) / 16.0;
        x[i] *= w;
        x[length - 1 - i] *= w;
      }
      double[] h = WB_HIGH_PASS;
      double x1 = 0;
      double x2 = 0;
      double y1 = 0;
      double y2 = 0;
      for (int i = 0; i < total; i++) {
        double x0 = x[i];
        double y0 = h[0] * x0 + h[1] * x1 + h[2] * x2 - h[3] * y1 - h[4] * y2;
        x2 = x1;
        x1 = x0;
        y2 = y1;
        y1 = y0;
        x[i] = y0;
      }
    }

    /** Delay (samples, positive when the degraded signal lags) from envelopes then waveform correlation. */
    private int estimateDelay(double[] refAlignSpec, double[] degAlignSpec) {
      double[] ra = toTime(refAlignSpec);
      double[] da = toTime(degAlignSpec);
      int blocks = length / BLOCK;
      double[] er = logEnvelope(ra, blocks);
      double[] ed = logEnvelope(da, blocks);
      boolean any = false;
      for (double v : er) {
        any |= v > 0;
      }
      if (!any) {
        throw new PesqException("no utterance found in the reference");
      }
      int best = 0;
      double bestC = Double.NEGATIVE_INFINITY;
      for (int lag = -SEARCH_BLOCKS; lag <= SEARCH_BLOCKS; lag++) {
        double c = 0;
        for (int i = Math.max(0, -lag); i < blocks && i + lag < blocks; i++) {
          c += er[i] * ed[i + lag];
        }
        if (c > bestC + 1e-12) {
          bestC = c;
          best = lag;
        }
      }
      // waveform cross-correlation (circular, from the spectra) within one block of the crude delay
      double[] x = new double[fftSize];
      x[0] = refAlignSpec[0] * degAlignSpec[0];
      x[1] = refAlignSpec[1] * degAlignSpec[1];
      for (int k = 1; k < fftSize / 2; k++) {
        double ar = refAlignSpec[2 * k];
        double ai = refAlignSpec[2 * k + 1];
        double br = degAlignSpec[2 * k];
        double bi = degAlignSpec[2 * k + 1];
        x[2 * k] = ar * br + ai * bi; // conj(a) * b
        x[2 * k + 1] = ar * bi - ai * br;
      }
      fft.realInverse(x, true);
      int centre = best * BLOCK;
      int fine = centre;
      double fineC = Double.NEGATIVE_INFINITY;
      for (int lag = centre - BLOCK; lag <= centre + BLOCK; lag++) {
        double c = x[Math.floorMod(lag, fftSize)];
        if (c > fineC) {
          fineC = c;
          fine = lag;
        }
      }
      return fine;
    }

    /** Log energy envelope of 4 ms blocks above a simple noise-floor estimate (zero where inactive). */
    private static double[] logEnvelope(double[] x, int blocks) {
      double[] e = new double[blocks];
      double mean = 0;
      for (int b = 0; b < blocks; b++) {
        double s = 0;
        for (int i = 0; i < BLOCK; i++) {
          double v = x[b * BLOCK + i];
          s += v * v;
        }
        e[b] = s / BLOCK;
        mean += e[b];
      }
      mean /= Math.max(1, blocks);
      double thr = mean;
      for (int it = 0; it < 12; it++) {
        double s = 0;
        int c = 0;
        for (double v : e) {
          if (v <= thr) {
            s += v;
            c++;
          }
        }
        double noise = c > 0 ? s / c : 0;
        double next = Math.max(noise * 2, mean / 1e4); // 3 dB above the noise floor, at most 40 dB below the mean
        if (next == thr) {
          break;
        }
        thr = next;
      }
      for (int b = 0; b < blocks; b++) {
        e[b] = thr > 0 && e[b] > thr ? Math.log(e[b] / thr) : 0;
      }
      return e;
    }

    private double perceptualModel(double[] ref, double[] deg, int delay) {
      int skipStart = 0;
      while (skipStart < total / 2 && sumAbs5(ref, skipStart) < SILENCE_OF_5_SAMPLES) {
        skipStart++;
      }
      int skipEnd = 0;
      while (skipEnd < total / 2 && sumAbs5(ref, total - 5 - skipEnd) < SILENCE_OF_5_SAMPLES) {
        skipEnd++;
      }
      int startFrame = skipStart / HOP;
      int stopFrame = (total - skipEnd) / HOP - 1;
      if (stopFrame < startFrame) {
        throw new PesqException("no utterance found in the reference");
      }
      int frames = stopFrame + 1;
      double[][] pr = new double[frames][];
      double[][] pd = new double[frames][];
      double[] buf = new double[NF];
      DoubleFFT_1D small = new DoubleFFT_1D(NF);
      boolean[] silent = new boolean[frames];
      double[] avgRef = new double[BANDS];
      double[] avgDeg = new double[BANDS];
      for (int f = 0; f < frames; f++) {
        pr[f] = barkSpectrum(ref, f * HOP, buf, small);
        pd[f] = barkSpectrum(deg, f * HOP + delay, buf, small);
        silent[f] = audible(pr[f], 100) < 1e7;
        if (!silent[f]) {
          for (int b = 0; b < BANDS; b++) {
            if (pr[f][b] > 100 * ABS_THRESH_POWER[b]) {
              avgRef[b] += pr[f][b];
            }
            if (pd[f][b] > 100 * ABS_THRESH_POWER[b]) {
              avgDeg[b] += pd[f][b];
            }
          }
        }
      }
      double[] eq = new double[BANDS];
      double div = frames;
      for (int b = 0; b < BANDS; b++) {
        double x = (avgDeg[b] / div + 1000) / (avgRef[b] / div + 1000);
        eq[b] = Math.min(100, Math.max(0.01, x));
      }
      double[] dist = new double[frames];
      double[] distAsym = new double[frames];
      double[] d = new double[BANDS];
      double[] da = new double[BANDS];
      double oldScale = 0;
      for (int f = 0; f < frames; f++) {
        double[] r = pr[f];
        double[] g = pd[f];
        for (int b = 0; b < BANDS; b++) {
          r[b] *= eq[b];
        }
        double totRef = audible(r, 1);
        double totDeg = audible(g, 1);
        double s = (totRef + 5000) / (totDeg + 5000);
        if (f > 0) {
          s = 0.2 * oldScale + 0.8 * s;
        }
        oldScale = s;
        s = Math.min(5, Math.max(3e-4, s));
        for (int b = 0; b < BANDS; b++) {
          g[b] *= s;
        }
        for (int b = 0; b < BANDS; b++) {
          double lr = loudness(r[b], b);
          double ld = loudness(g[b], b);
          double diff = ld - lr;
          double m = 0.25 * Math.min(lr, ld);
          if (diff > m) {
            diff -= m;
          } else if (diff < -m) {
            diff += m;
          } else {
            diff = 0;
          }
          d[b] = diff;
          double a = Math.pow((g[b] + 50) / (r[b] + 50), 1.2);
          if (a < 3) {
            a = 0;
          } else if (a > 12) {
            a = 12;
          }
          da[b] = diff * a;
        }
        double h = Math.pow((totRef + 1e5) / 1e7, 0.04);
        dist[f] = Math.min(45, pseudoLp(d, 2) / h);
        distAsym[f] = Math.min(45, pseudoLp(da, 1) / h);
      }
      double dSym = lpq(dist, startFrame, stopFrame);
      double dAsym = lpq(distAsym, startFrame, stopFrame);
      return 4.5 - 0.1 * dSym - 0.0309 * dAsym;
    }

    private static double sumAbs5(double[] x, int start) {
      double s = 0;
      for (int i = 0; i < 5; i++) {
        int k = start + i;
        if (k >= 0 && k < x.length) {
          s += Math.abs(x[k]);
        }
      }
      return s;
    }

    /** Pitch power densities (49 Bark bands) of the Hann-windowed frame starting at {@code start}. */
    private double[] barkSpectrum(double[] x, int start, double[] buf, DoubleFFT_1D small) {
      for (int i = 0; i < NF; i++) {
        int k = start + i;
        buf[i] = k >= 0 && k < total ? WINDOW[i] * x[k] : 0;
      }
      small.realForward(buf);
      double[] out = new double[BANDS];
      int bin = 0;
      for (int b = 0; b < BANDS; b++) {
        double s = 0;
        for (int j = 0; j < BINS_PER_BAND[b]; j++, bin++) {
          if (bin > 0) { // the DC bin carries no pitch power
            s += buf[2 * bin] * buf[2 * bin] + buf[2 * bin + 1] * buf[2 * bin + 1];
          }
        }
        out[b] = s * POW_DENS_CORRECTION[b] * SP;
      }
      return out;
    }
  }

  /** Sum of the band powers above {@code factor} times the hearing threshold (bands 1..48). */
  private static double audible(double[] p, double factor) {
    double s = 0;
    for (int b = 1; b < BANDS; b++) {
      if (p[b] > factor * ABS_THRESH_POWER[b]) {
        s += p[b];
      }
    }
    return s;
  }

  /** Zwicker loudness density (sone/Bark) of a band's pitch power density. */
  private static double loudness(double p, int b) {
    double t = ABS_THRESH_POWER[b];
    if (p <= t) {
      return 0;
    }
    double e = ZWICKER_EXP[b];
    return SL * Math.pow(t / 0.5, e) * (Math.pow(0.5 + 0.5 * p / t, e) - 1);
  }

  /** Band-width weighted Lp norm over bands 1..48, scaled by the total width. */
  private static double pseudoLp(double[] x, double p) {
    double s = 0;
    for (int b = 1; b < BANDS; b++) {
      double v = Math.abs(x[b]) * WIDTH_BARK[b];
      s += p == 1 ? v : Math.pow(v, p);
    }
    return Math.pow(s / TOTAL_WIDTH, 1 / p) * TOTAL_WIDTH;
  }

  /** L6 over 20-frame windows (hop 10) then L2 over the windows, frames {@code start..stop}. */
  private static double lpq(double[] x, int start, int stop) {
    double outer = 0;
    int count = 0;
    for (int s = start; s <= stop; s += 10) {
      double inner = 0;
      for (int f = s; f < s + 20; f++) {
        if (f <= stop) {
          double v = x[f];
          double v2 = v * v;
          inner += v2 * v2 * v2;
        }
      }
      inner = Math.pow(inner / 20, 1.0 / 6);
      outer += inner * inner;
      count++;
    }
    return Math.sqrt(outer / count);
  }
}
