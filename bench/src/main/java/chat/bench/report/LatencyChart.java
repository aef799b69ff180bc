package chat.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Latency percentiles against offered load, one colour per target, p50 solid and p99 dashed,
 * latency on a log scale: drawn with Java2D so the chart needs nothing beyond the JDK.
 */
final class LatencyChart {

  /** One measured point of one target. */
  record Point(double offeredPerSecond, double p50Millis, double p99Millis) {}

  /** One target's curve. */
  record Series(String target, List<Point> points) {}

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 235;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;
  private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd)};

  static void write(List<Series> series, String title, Path png) throws IOException {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);

    double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::offeredPerSecond).max().orElse(1);
    double minY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::p50Millis)
        .filter(v -> v > 0).min().orElse(0.1);
    double maxY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(Point::p99Millis).max().orElse(10);
    double logMin = Math.floor(Math.log10(Math.max(0.01, minY)));
    double logMax = Math.ceil(Math.log10(Math.max(maxY, Math.pow(10, logMin + 1))));
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setColor(new Color(0xdddddd));
    for (double decade = logMin; decade <= logMax; decade++) {
      int y = yOf(Math.pow(10, decade), logMin, logMax, plotH);
      g.drawLine(LEFT, y, LEFT + plotW, y);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    for (double decade = logMin; decade <= logMax; decade++) {
      int y = yOf(Math.pow(10, decade), logMin, logMax, plotH);
      String label = decade < 0 ? String.format(Locale.ROOT, "%.2f", Math.pow(10, decade))
          : String.format(Locale.ROOT, "%.0f", Math.pow(10, decade));
      g.drawString(label + " ms", LEFT - 8 - g.getFontMetrics().stringWidth(label + " ms"), y + 4);
    }
    double step = niceStep(maxX / 5);
    for (double x = 0; x <= maxX * 1.0001; x += step) {
      int px = xOf(x, maxX, plotW);
      g.drawLine(px, TOP + plotH, px, TOP + plotH + 5);
      String label = String.format(Locale.ROOT, "%,.0f", x);
      g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 20);
    }
    g.drawString("offered load: deliveries per second (publish rate x 100 subscribers, 1 KiB)", LEFT, HEIGHT - 20);

    Stroke solid = new BasicStroke(2.2f);
    Stroke dashed = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      g.setColor(COLOURS[i % COLOURS.length]);
      draw(g, s, true, solid, maxX, logMin, logMax, plotW, plotH);
      draw(g, s, false, dashed, maxX, logMin, logMax, plotW, plotH);
      int ly = TOP + 20 + i * 44;
      g.setStroke(solid);
      g.drawLine(LEFT + plotW + 15, ly, LEFT + plotW + 45, ly);
      g.setStroke(dashed);
      g.drawLine(LEFT + plotW + 15, ly + 16, LEFT + plotW + 45, ly + 16);
      g.setColor(Color.BLACK);
      g.drawString(s.target() + " p50", LEFT + plotW + 50, ly + 4);
      g.drawString(s.target() + " p99", LEFT + plotW + 50, ly + 20);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  private static void draw(Graphics2D g, Series s, boolean p50, Stroke stroke, double maxX, double logMin,
      double logMax, int plotW, int plotH) {
    g.setStroke(stroke);
    int[] xs = s.points().stream().mapToInt(p -> xOf(p.offeredPerSecond(), maxX, plotW)).toArray();
    int[] ys = s.points().stream().mapToInt(p -> yOf(p50 ? p.p50Millis() : p.p99Millis(), logMin, logMax, plotH)).toArray();
    g.drawPolyline(xs, ys, xs.length);
    for (int i = 0; i < xs.length; i++) {
      g.fillOval(xs[i] - 3, ys[i] - 3, 6, 6);
    }
  }

  private static int xOf(double x, double maxX, int plotW) {
    return LEFT + (int) Math.round(x / maxX * plotW);
  }

  private static int yOf(double millis, double logMin, double logMax, int plotH) {
    double v = Math.log10(Math.max(millis, Math.pow(10, logMin)));
    return TOP + plotH - (int) Math.round((v - logMin) / (logMax - logMin) * plotH);
  }

  private static double niceStep(double rough) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * magnitude >= rough) {
        return m * magnitude;
      }
    }
    return 10 * magnitude;
  }
}
