package dev.proxyaudit.analyzer.doctor;

/** A file doctor read: where it came from (a path or a command) and its text. */
public record SourceFile(String name, String text) {}
