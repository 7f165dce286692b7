package dev.proxyaudit.analyzer.parse;

/** One log format: a cheap anchored test and a parse that never throws on bad input. */
interface LineParser {

  /** True when the line is this format's, judged by a few characters at fixed places. */
  boolean accepts(LogLine line);

  /** The event, or why the line is ignored or malformed. */
  ParseResult parse(LogLine line, ParseContext ctx);
}
