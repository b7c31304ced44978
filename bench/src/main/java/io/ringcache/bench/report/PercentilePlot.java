package io.ringcache.bench.report;

import io.ringcache.bench.load.LoadReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A self-contained HTML page (inline SVG, no scripts, no network) with latency-by-percentile
 * curves, the way HdrHistogram's plotter draws them: the x axis is log10(1/(1-p)), so 90%, 99%,
 * 99.9% ... are evenly spaced, and the y axis is latency in microseconds on a log scale.
 */
public final class PercentilePlot {
  /** One curve: a name and a histogram in nanoseconds. */
  public record Series(String name, Histogram histogram) {}

  /** One chart of the page. */
  public record Chart(String title, List<Series> series) {}

  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"};
  private static final double MAX_NINES = 5; // up to 99.999%
  private static final int W = 860;
  private static final int H = 420;
  private static final int LEFT = 70;
  private static final int RIGHT = 180;
  private static final int TOP = 30;
  private static final int BOTTOM = 50;

  private PercentilePlot() {}

  /** plot.html for one run: the mix in total, each command kind, and uncorrected when present. */
  public static void writeForRun(Path dir, LoadReport report) throws IOException {
    List<Series> series = new ArrayList<>();
    series.add(new Series("total", report.totalCorrected()));
    report.corrected().forEach((kind, h) -> {
      if (h.getTotalCount() > 0) {
        series.add(new Series(kind.label(), h));
      }
    });
    if (report.totalUncorrected() != null) {
      series.add(new Series("total uncorrected", report.totalUncorrected()));
    }
    String title = report.settings().target() + " / " + report.settings().workload();
    write(dir.resolve("plot.html"), title, List.of(new Chart(title, series)));
  }

  public static void write(Path file, String pageTitle, List<Chart> charts) throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
        .append(escape(pageTitle))
        .append("</title><style>body{font-family:sans-serif;margin:20px} svg{background:#fff} text{font-size:12px}</style></head><body>\n<h1>")
        .append(escape(pageTitle))
        .append("</h1>\n");
    for (Chart chart : charts) {
      html.append("<h2>").append(escape(chart.title())).append("</h2>\n");
      svg(html, chart.series());
    }
    html.append("<p>Latency in microseconds by percentile; open-loop runs are measured from the intended send time.</p>\n</body></html>\n");
    Files.writeString(file, html.toString(), StandardCharsets.UTF_8);
  }

  private static void svg(StringBuilder out, List<Series> series) {
    double minY = Double.MAX_VALUE;
    double maxY = 0;
    for (Series s : series) {
      if (s.histogram().getTotalCount() == 0) {
        continue;
      }
      minY = Math.min(minY, Math.max(1, s.histogram().getMinValue() / 1000.0));
      maxY = Math.max(maxY, s.histogram().getMaxValue() / 1000.0);
    }
    if (maxY == 0) {
      out.append("<p>no samples</p>\n");
      return;
    }
    double lo = Math.floor(Math.log10(minY));
    double hi = Math.ceil(Math.log10(Math.max(maxY, minY * 10)));
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    out.append(String.format("<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">%n", W, H));
    out.append(String.format("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n", LEFT, TOP, plotW, plotH));
    String[] xLabels = {"0%", "90%", "99%", "99.9%", "99.99%", "99.999%"};
    for (int i = 0; i <= MAX_NINES; i++) {
      double x = LEFT + plotW * i / MAX_NINES;
      out.append(String.format("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, TOP, x, TOP + plotH));
      out.append(String.format("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, TOP + plotH + 18, xLabels[i]));
    }
    for (double d = lo; d <= hi; d++) {
      double y = TOP + plotH - plotH * (d - lo) / (hi - lo);
      out.append(String.format("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>", LEFT, y, LEFT + plotW, y));
      out.append(String.format("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, formatMicros(Math.pow(10, d))));
    }
    out.append(String.format("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">percentile</text>%n", LEFT + plotW / 2, H - 8));
    out.append(String.format("<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">latency (us, log)</text>%n", TOP + plotH / 2, TOP + plotH / 2));
    int colour = 0;
    for (Series s : series) {
      Histogram h = s.histogram();
      if (h.getTotalCount() == 0) {
        continue;
      }
      String c = COLOURS[colour % COLOURS.length];
      StringBuilder points = new StringBuilder();
      for (int i = 0; i <= 200; i++) {
        double nines = MAX_NINES * i / 200;
        double percentile = 100 * (1 - Math.pow(10, -nines));
        double micros = Math.max(Math.pow(10, lo), h.getValueAtPercentile(percentile) / 1000.0);
        double x = LEFT + plotW * nines / MAX_NINES;
        double y = TOP + plotH - plotH * (Math.log10(micros) - lo) / (hi - lo);
        points.append(String.format("%.1f,%.1f ", x, y));
      }
      out.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", c, points.toString().trim()));
      int ly = TOP + 16 + 18 * colour;
      out.append(String.format("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"3\"/>", LEFT + plotW + 10, ly - 4, LEFT + plotW + 30, ly - 4, c));
      out.append(String.format("<text x=\"%d\" y=\"%d\">%s (p99 %s)</text>%n", LEFT + plotW + 36, ly, escape(s.name()), formatMicros(h.getValueAtPercentile(99) / 1000.0)));
      colour++;
    }
    out.append("</svg>\n");
  }

  private static String formatMicros(double micros) {
    if (micros >= 1000) {
      return String.format("%.3gms", micros / 1000);
    }
    return String.format("%.3gus", micros);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
