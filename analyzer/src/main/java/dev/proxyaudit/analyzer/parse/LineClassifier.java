package dev.proxyaudit.analyzer.parse;

import java.util.List;

/**
 * Decides per line which format it is in, by content, and parses it (docs/formats.md section 0).
 *
 * <p>One instance per file: the parsers keep small reusable buffers. Order matters: ulogd JSON and
 * netfilter first (their markers are unambiguous), then V2Ray/Xray, then the Shadowsocks servers.
 */
public final class LineClassifier {
  private final EnvelopeParser envelopes = new EnvelopeParser();
  private final List<LineParser> parsers =
      List.of(
          new UlogdJsonParser(),
          new NetfilterTextParser(),
          new V2RayAccessParser(),
          new SingBoxParser(),
          new ShadowsocksLibevParser(),
          new ShadowsocksRustParser(),
          new ShadowsocksPythonParser());
  private final ParseContext ctx;

  public LineClassifier(ParseContext ctx) {
    this.ctx = ctx;
  }

  /** Classifies one line; never throws on any input. */
  public ParseResult classify(String raw, long number, long offset) {
    if (raw.indexOf('\0') >= 0) {
      return new ParseResult.Malformed("binary data (NUL bytes) in the line");
    }
    String text = AnsiColours.strip(raw);
    if (text.isBlank()) {
      return new ParseResult.Ignored("blank line");
    }
    LogLine line = new LogLine(text, raw, number, offset, envelopes.parse(text, ctx));
    for (LineParser parser : parsers) {
      if (parser.accepts(line)) {
        return parser.parse(line, ctx);
      }
    }
    Envelope env = line.envelope();
    if (env.kind() == Envelope.Kind.SYSLOG) {
      return new ParseResult.Ignored("not a connection line (" + env.ident() + ")");
    }
    if (env.kind() != Envelope.Kind.NONE) {
      return new ParseResult.Ignored("not a connection line");
    }
    return new ParseResult.Malformed("not a line of any known log format");
  }
}
