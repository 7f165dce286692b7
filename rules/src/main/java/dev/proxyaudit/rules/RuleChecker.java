package dev.proxyaudit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Asks the firewall's own tools whether a file would load, without loading it: {@code
 * iptables-restore --test --noflush}, {@code ip6tables-restore --test --noflush}, {@code nft -c
 * -f}. Tools that are not installed are reported, not faked.
 */
public final class RuleChecker {
  /** The tool's verdict: ok, failed with its message, or not checked and why. */
  public record Check(boolean ok, boolean checked, String message) {}

  private final List<Path> searchPath;

  public RuleChecker(List<Path> searchPath) {
    this.searchPath = List.copyOf(searchPath);
  }

  public static RuleChecker system() {
    return new RuleChecker(List.of(Path.of("/usr/sbin"), Path.of("/sbin"), Path.of("/usr/bin")));
  }

  /** Finds no tool, so every file passes unchecked ({@code --no-check}). */
  public static RuleChecker none() {
    return new RuleChecker(List.of());
  }

  public Check check(String target, String content) {
    return switch (target) {
      case "iptables" -> run("iptables-restore", content, "--test", "--noflush");
      case "ip6tables" -> run("ip6tables-restore", content, "--test", "--noflush");
      case "nftables" -> nft(content);
      default -> new Check(true, false, "no checker for " + target);
    };
  }

  private Check nft(String content) {
    Path tool = find("nft");
    if (tool == null) {
      return new Check(true, false, "nft not installed: not checked");
    }
    try {
      Path tmp = Files.createTempFile("proxy-audit", ".nft");
      try {
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        return exec(List.of(tool.toString(), "-c", "-f", tmp.toString()), null);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      return new Check(false, true, "nft -c: " + e.getMessage());
    }
  }

  private Check run(String name, String content, String... args) {
    Path tool = find(name);
    if (tool == null) {
      return new Check(true, false, name + " not installed: not checked");
    }
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(tool.toString());
    cmd.addAll(List.of(args));
    return exec(cmd, content);
  }

  private static Check exec(List<String> cmd, String stdin) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      String out;
      try (var in = p.getInputStream()) {
        out = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip();
      }
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Check(false, true, cmd.get(0) + " did not finish in 30 s");
      }
      return p.exitValue() == 0
          ? new Check(true, true, cmd.get(0) + ": ok")
          : new Check(false, true, cmd.get(0) + " (exit " + p.exitValue() + "): " + out);
    } catch (IOException e) {
      return new Check(false, true, cmd.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Check(false, true, cmd.get(0) + ": interrupted");
    }
  }

  private Path find(String name) {
    for (Path dir : searchPath) {
      Path p = dir.resolve(name);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
