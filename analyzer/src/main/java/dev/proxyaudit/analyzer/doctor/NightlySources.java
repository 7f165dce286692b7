package dev.proxyaudit.analyzer.doctor;

import java.util.List;

/**
 * The log files {@code audit nightly} reads on this host.
 *
 * @param config the nightly config file, or null when there is none and the built-in sources apply
 * @param where {@code file:line} of the {@code sources} line
 * @param patterns the paths and globs
 * @param journal what is read from the systemd journal ({@code kernel}, unit names)
 */
public record NightlySources(
    String config, String where, List<String> patterns, List<String> journal) {}
