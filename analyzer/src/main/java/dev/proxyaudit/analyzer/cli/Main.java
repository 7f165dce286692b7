package dev.proxyaudit.analyzer.cli;

public final class Main {
  public static void main(String[] args) {}
}
