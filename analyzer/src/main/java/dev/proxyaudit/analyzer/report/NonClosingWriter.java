package dev.proxyaudit.analyzer.report;

import java.io.FilterWriter;
import java.io.Writer;

/** Lets a printer be closed without closing the command's stdout. */
final class NonClosingWriter extends FilterWriter {
  NonClosingWriter(Writer out) {
    super(out);
  }

  @Override
  public void close() throws java.io.IOException {
    flush();
  }
}
