package dev.proxyaudit.analyzer.doctor;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * nginx's configuration as directives and blocks, with {@code include} put in place: enough to find
 * the {@code location} that proxies to an inbound and the headers it sends. Never throws: a file it
 * cannot follow (unbalanced braces) ends its block where the file ends.
 */
final class NginxConfig {
  /** Includes followed at most this deep (nginx's own configs use one or two levels). */
  static final int MAX_DEPTH = 8;

  /**
   * One directive: {@code name args;} or {@code name args { block }}, in {@code file} at {@code
   * line}; {@code parent} is the block it is in (null at the top).
   */
  record Directive(
      String name,
      List<String> args,
      String file,
      int line,
      List<Directive> block,
      Directive parent) {
    boolean isBlock() {
      return block != null;
    }
  }

  private final List<SourceFile> files;

  private NginxConfig(List<SourceFile> files) {
    this.files = files;
  }

  /**
   * The directives of {@code main} (normally /etc/nginx/nginx.conf), its includes resolved among
   * {@code files} (every file doctor read under /etc/nginx).
   */
  static List<Directive> parse(SourceFile main, List<SourceFile> files) {
    List<Directive> top = new ArrayList<>();
    new NginxConfig(files).read(main, top, null, 0);
    return top;
  }

  /** Every directive named {@code name}, in every block. */
  static List<Directive> all(List<Directive> top, String name) {
    List<Directive> out = new ArrayList<>();
    collect(top, name, out);
    return out;
  }

  private static void collect(List<Directive> block, String name, List<Directive> out) {
    for (Directive d : block) {
      if (d.name().equals(name)) {
        out.add(d);
      }
      if (d.isBlock()) {
        collect(d.block(), name, out);
      }
    }
  }

  private void read(SourceFile f, List<Directive> into, Directive parent, int depth) {
    Tokens t = new Tokens(f.text());
    parse(f, t, into, parent, depth);
  }

  /** Reads directives into {@code into} until its closing brace or the end of the file. */
  private void parse(SourceFile f, Tokens t, List<Directive> into, Directive parent, int depth) {
    List<String> words = new ArrayList<>();
    int line = 0;
    for (String w = t.next(); w != null; w = t.next()) {
      if (words.isEmpty()) {
        line = t.line;
      }
      switch (w) {
        case ";" -> {
          if (!words.isEmpty()) {
            Directive d =
                new Directive(
                    words.get(0),
                    List.copyOf(words.subList(1, words.size())),
                    f.name(),
                    line,
                    null,
                    parent);
            if (d.name().equals("include") && d.args().size() == 1 && depth < MAX_DEPTH) {
              for (SourceFile inc : included(d.args().get(0))) {
                read(inc, into, parent, depth + 1);
              }
            } else {
              into.add(d);
            }
          }
          words.clear();
        }
        case "{" -> {
          List<Directive> block = new ArrayList<>();
          String name = words.isEmpty() ? "" : words.get(0);
          List<String> args =
              words.isEmpty() ? List.of() : List.copyOf(words.subList(1, words.size()));
          Directive d = new Directive(name, args, f.name(), line, block, parent);
          into.add(d);
          parse(f, t, block, d, depth);
          words.clear();
        }
        case "}" -> {
          return;
        }
        default -> words.add(w);
      }
    }
  }

  /** The files an {@code include} names: a path or glob, relative to /etc/nginx. */
  private List<SourceFile> included(String pattern) {
    String abs = pattern.startsWith("/") ? pattern : "/etc/nginx/" + pattern;
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + abs);
    List<SourceFile> out = new ArrayList<>();
    for (SourceFile f : files) {
      if (m.matches(Path.of(f.name()))) {
        out.add(f);
      }
    }
    out.sort((a, b) -> a.name().compareTo(b.name())); // nginx includes a glob in name order
    return out;
  }

  /** nginx's words: {@code ;}, braces, quoted strings, {@code #} comments to the line's end. */
  private static final class Tokens {
    private final String s;
    private int i;
    int line = 1;
    private int at = 1;

    Tokens(String s) {
      this.s = s;
    }

    String next() {
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\n') {
          at++;
          i++;
        } else if (Character.isWhitespace(c)) {
          i++;
        } else if (c == '#') {
          while (i < s.length() && s.charAt(i) != '\n') {
            i++;
          }
        } else {
          break;
        }
      }
      if (i >= s.length()) {
        return null;
      }
      line = at;
      char c = s.charAt(i);
      if (c == ';' || c == '{' || c == '}') {
        i++;
        return String.valueOf(c);
      }
      StringBuilder w = new StringBuilder();
      if (c == '"' || c == '\'') {
        i++;
        while (i < s.length() && s.charAt(i) != c) {
          if (s.charAt(i) == '\\' && i + 1 < s.length()) {
            i++;
          }
          if (s.charAt(i) == '\n') {
            at++;
          }
          w.append(s.charAt(i++));
        }
        i++;
        return w.toString();
      }
      while (i < s.length()) {
        c = s.charAt(i);
        if (Character.isWhitespace(c) || c == ';' || c == '{' || c == '}') {
          break;
        }
        w.append(c);
        i++;
      }
      return w.toString();
    }
  }
}
