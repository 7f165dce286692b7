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
    // the kernel's lines for them (rsyslog's kern.log format of sample-logs/kernel/kern.log):
    // every other one went out, every fourth was dropped, the rest left no line
    List<String> kernel = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      if (i % 4 == 3) {
        continue;
      }
      boolean drop = i % 4 == 1;
      kernel.add(
          String.format(
              "2026-11-28T0%d:%02d:%02d.200000+00:00 pa-vps kernel: [ %d.000000] PA-SMTP-%s: IN="
                  + " OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.%d LEN=60 TOS=0x00 PREC=0x00"
                  + " TTL=64 ID=%d DF PROTO=TCP SPT=%d DPT=25 WINDOW=64240 RES=0x00 SYN URGP=0"
                  + " UID=65534 GID=65534 ",
              4 + i / 20,
              (i * 3) % 60,
              i,
              1000 + i * 100,
              drop ? "DROP" : "OUT",
              10 + i % 12,
              1000 + i,
              40000 + i));
    }
    Files.write(logs.resolve("kern.log"), kernel);
    Path conf = tmp.resolve("nightly.conf");
    Files.writeString(
        conf,
        "sources = "
            + logs
            + "/access.log, "
            + logs
            + "/kern.log\ntz = UTC\nindex = "
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
    assertTrue(dom.contains(">mallory@example.com</td>"), dom);
    // the hostile name is text in a cell; no script element came from it, the title is intact
    assertTrue(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;@example.com"), dom);
    assertFalse(dom.contains("<script"), dom);
    assertTrue(dom.contains("<title>proxy-audit report</title>"), dom);
    assertTrue(dom.contains("<rect class=\"bar confirmed\""), "the hourly bars are in the page");

    for (int width : new int[] {1280, 800}) {
      Path png = tmp.resolve("report-" + width + ".png");
      chromium("--window-size=" + width + ",2000", "--screenshot=" + png);
      copyForReview(png);
      BufferedImage img = ImageIO.read(png.toFile());
      long[] pixels = new long[3];
      for (int y = 0; y < img.getHeight(); y++) {
        for (int x = 0; x < img.getWidth(); x++) {
          int rgb = img.getRGB(x, y) & 0xffffff;
          pixels[rgb == 0xc0392b ? 0 : rgb == 0x2c7fb8 ? 1 : 2]++;
        }
      }
      assertTrue(pixels[0] > 300, width + " px: confirmed bars drawn: " + pixels[0] + " pixels");
      assertTrue(pixels[1] > 100, width + " px: blocked bars drawn: " + pixels[1] + " pixels");
    }
    assertTrue(dom.contains("<rect class=\"bar blocked\""), "blocked apart from confirmed");
    assertTrue(dom.contains("id=\"port-25\""), "a section per watched port");
    assertTrue(dom.contains("id=\"kernel\""), "the kernel section");
  }

  /**
   * Issue 17: nothing on the page is wider than the window, at 1280 and at 800 px. Measured by the
   * browser itself: a copy of the report (the product page runs no script) gets a script that
   * records the viewport, the page's scroll width and any element reaching past the viewport.
   */
  @Test
  void fitsTheWindowAt1280And800Pixels() throws Exception {
    String page = Files.readString(html);
    String measured =
        page.replaceFirst("<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "")
            .replace(
                "</body>",
                "<script>var vw=document.documentElement.clientWidth,bad=[];"
                    + "document.querySelectorAll('body *').forEach(function(e){"
                    + "var r=e.getBoundingClientRect();if(r.right>vw+1)"
                    + "bad.push(e.tagName+(e.className&&e.className.baseVal===undefined?"
                    + "'.'+e.className:'')+':'+Math.round(r.right));});"
                    + "document.body.setAttribute('data-layout','vw='+vw+' scroll='"
                    + "+document.documentElement.scrollWidth+' bad='+bad.slice(0,8).join(','));"
                    + "</script></body>");
    html = tmp.resolve("measured.html");
    Files.writeString(html, measured);
    for (int width : new int[] {1280, 800}) {
      String dom = chromium("--window-size=" + width + ",2000", "--dump-dom");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("data-layout=\"vw=(\\d+) scroll=(\\d+) bad=([^\"]*)\"")
              .matcher(dom);
      assertTrue(m.find(), "the measuring script ran at " + width + " px:\n" + dom);
      int vw = Integer.parseInt(m.group(1));
      assertTrue(vw > width - 40 && vw <= width, "viewport at " + width + ": " + vw);
      assertEquals(
          vw,
          Integer.parseInt(m.group(2)),
          width + " px: the page scrolls sideways: " + m.group(3));
      assertEquals("", m.group(3), width + " px: elements wider than the window");
    }
  }

  /** Keeps the screenshots where a person can look at them (PA_SCREENSHOTS=DIR). */
  private static void copyForReview(Path png) throws java.io.IOException {
    String dir = System.getenv("PA_SCREENSHOTS");
    if (dir != null && !dir.isBlank()) {
      Files.createDirectories(Path.of(dir));
      Files.copy(
          png,
          Path.of(dir).resolve(png.getFileName()),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
