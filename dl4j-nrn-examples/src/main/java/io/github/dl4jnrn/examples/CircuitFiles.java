package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.inspect.CircuitDiagram;
import io.github.dl4jnrn.inspect.Graphviz;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes what the circuit examples show: diagrams (DOT, JSON, and SVG when Graphviz is installed) and plots. */
final class CircuitFiles {

    private CircuitFiles() {
    }

    /**
     * Writes {@code name.dot}, {@code name.json} and, if {@code dot} is available, {@code name.svg}.
     *
     * @return whether the SVG was written
     */
    static boolean writeDiagram(CircuitDiagram diagram, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        String dot = diagram.toDot();
        Files.writeString(dir.resolve(name + ".dot"), dot);
        Files.writeString(dir.resolve(name + ".json"), diagram.toJson());
        if (Graphviz.isAvailable()) {
            Graphviz.render(dot, Graphviz.Format.SVG, dir.resolve(name + ".svg"));
            return true;
        }
        return false;
    }

    /**
     * A line chart of several series over the same time axis.
     *
     * @param title  chart title
     * @param time   the time axis
     * @param names  series names
     * @param series the series, each as long as {@code time}
     * @param yLabel label of the y axis
     * @param dashed series from this index on are drawn dashed
     */
    static XYChart chart(String title, double[] time, String[] names, double[][] series, String yLabel,
                         int dashed) {
        XYChart chart = new XYChartBuilder().width(640).height(360).title(title).xAxisTitle("time")
                .yAxisTitle(yLabel).build();
        for (int s = 0; s < series.length; s++) {
            XYSeries line = chart.addSeries(names[s], time, series[s]);
            line.setMarker(SeriesMarkers.NONE);
            if (s >= dashed) {
                line.setLineStyle(SeriesLines.DASH_DASH);
            }
        }
        return chart;
    }

    /** Saves a chart as {@code dir/name.png}. */
    static Path savePng(XYChart chart, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
