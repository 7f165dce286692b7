package dev.proxyaudit.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.cli.Main;
import dev.proxyaudit.testing.Need;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nightly HTML report opened in a real browser (Debian's chromium, headless): the findings
 * table names the users, the SVG chart is drawn, and a hostile user name is shown as text, not run.
 * Skipped when chromium is not installed (under CI=true: fails; .ci/run installs it).
 */
class HtmlReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final String HOSTILE = "<script>document.title='pwned'</script>@example.com";

  @TempDir Path tmp;
  private Path html;

  @BeforeEach
  void nightlyReport() throws Exception {
    Need.command(CHROMIUM, "chromium");
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      // V2Ray 4.34 access lines (format of sample-logs/v2ray-4.34/access.log)
      lines.add(
          String.format(
              "2026/11/28 0%d:%02d:%02d 198.51.100.66:%d accepted tcp:mx%d.example.test:25 [direct] email: %s",
              4 + i / 20,
              (i * 3) % 60,
              i,
              30000 + i,
              i % 12,
              i % 2 == 0 ? "mallory@example.com" : HOSTILE));
    }
    Files.write(logs.resolve("access.log"), lines);
    Path conf = tmp.resolve("nightly.conf");
    Files.writeString(
        conf,
        "sources = "
            + logs
            + "/access.log\ntz = UTC\nindex = "
            + tmp.resolve("index")
            + "\nuids = v2ray=65534\nreport_dir = "
            + tmp.resolve("reports")
            + "\nretention_days = 0\nevidence_retention_days = 0\n");
    StringWriter out = new StringWriter();
    int code =
        Main.run(
            new String[] {"nightly", "--config", conf.toString(), "--now", "2026-11-28T06:00:00Z"},
            new PrintWriter(out),
            new PrintWriter(new StringWriter()),
            Map.of());
    assertEquals(5, code, out.toString());
    try (Stream<Path> s = Files.list(tmp.resolve("reports"))) {
      html = s.filter(p -> p.toString().endsWith(".html")).findFirst().orElseThrow();
    }
  }

  private String chromium(String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + tmp.resolve("profile")));
    cmd.addAll(List.of(args));
    cmd.add(html.toUri().toString());
    Path log = tmp.resolve("chromium.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(log.toFile())
            .redirectOutput(tmp.resolve("stdout.txt").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(log));
    }
    return Files.readString(tmp.resolve("stdout.txt"), StandardCharsets.UTF_8);
  }

  @Test
  void rendersTheUsersAndTheChartAndRunsNothing() throws Exception {
    String dom = chromium("--dump-dom");
    assertTrue(dom.contains("<td>mallory@example.com</td>"), dom);
    // the hostile name is text in a cell; no script element came from it, the title is intact
    assertTrue(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;@example.com"), dom);
    assertFalse(dom.contains("<script"), dom);
    assertTrue(dom.contains("<title>proxy-audit report</title>"), dom);
    assertTrue(dom.contains("<rect class=\"bar\""), "the hourly bars are in the page");

    Path png = tmp.resolve("report.png");
    chromium("--window-size=1200,1400", "--screenshot=" + png);
    BufferedImage img = ImageIO.read(png.toFile());
    long barPixels = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (rgb == 0xc0392b) { // the bars' fill
          barPixels++;
        }
      }
    }
    assertTrue(barPixels > 500, "bars drawn on screen: " + barPixels + " pixels");
  }
}
