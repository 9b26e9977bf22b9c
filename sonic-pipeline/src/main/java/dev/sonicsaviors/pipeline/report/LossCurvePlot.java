package dev.sonicsaviors.pipeline.report;

import dev.sonicsaviors.model.EpochRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws the training and validation loss (MSE in the normalised domain) per epoch as a PNG. */
public final class LossCurvePlot {
    private LossCurvePlot() {
    }

    /** Writes the loss curve of {@code history} to {@code png} atomically, on a log scale. */
    public static void write(Path png, List<EpochRecord> history, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").yAxisTitle("MSE (normalised)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        int n = history.size();
        double[] x = new double[n];
        double[] train = new double[n];
        double[] val = new double[n];
        boolean hasVal = false;
        for (int i = 0; i < n; i++) {
            EpochRecord r = history.get(i);
            x[i] = r.epoch();
            train[i] = r.loss();
            val[i] = r.valLoss();
            hasVal |= Double.isFinite(r.valLoss());
        }
        if (n == 0) {
            x = new double[] {0};
            train = new double[] {1};
        }
        chart.addSeries("train", x, train).setMarker(SeriesMarkers.CIRCLE);
        if (hasVal) {
            chart.addSeries("validation", x, val).setMarker(SeriesMarkers.DIAMOND);
        }
        FeaturePlot.writePng(BitmapEncoder.getBufferedImage(chart), png);
    }
}
