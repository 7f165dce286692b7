package dev.proxyaudit.analyzer.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a read-only command (iptables-save, nft list ruleset); tests put it in a namespace. */
public interface CommandRunner {

  /** What a command printed, or why it could not be run (then {@code text} is null). */
  record Output(String text, String error) {}

  Output run(List<String> command);

  /** Runs the command as it is, with a timeout; stderr is kept only for the error. */
  static CommandRunner local(long timeoutSeconds) {
    return command -> {
      Process p;
      try {
        p =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .start();
      } catch (IOException e) {
        return new Output(null, "not installed (" + command.get(0) + ")");
      }
      try {
        CompletableFuture<String> out =
            CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
        CompletableFuture<String> err =
            CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          return new Output(null, "timed out after " + timeoutSeconds + " s");
        }
        if (p.exitValue() != 0) {
          String e = err.get().strip();
          return new Output(
              null, "exit " + p.exitValue() + (e.isEmpty() ? "" : ": " + e.split("\n")[0]));
        }
        return new Output(out.get(), null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
        return new Output(null, "interrupted");
      } catch (java.util.concurrent.ExecutionException e) {
        return new Output(null, String.valueOf(e.getCause()));
      }
    };
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }

  private static String drain(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
