package dev.proxyaudit.analyzer.doctor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything doctor read: the proxies' configs and units, the firewall dumps, the logrotate files.
 *
 * @param envFiles text of the units' EnvironmentFile= files, by path (live reads only)
 * @param notChecked what could not be read, said as "not checked", never as a problem
 * @param nightly what audit nightly reads here; empty when not checked
 * @param systemLogs which of {@link NightlySourcesCheck#SYSTEM_LOGS} exist (live reads only)
 * @param nginx nginx's config files (/etc/nginx/nginx.conf and what it may include)
 */
public record HostState(
    List<SourceFile> v2rayConfigs,
    List<SourceFile> shadowsocksConfigs,
    List<Unit> units,
    Optional<SourceFile> iptables,
    Optional<SourceFile> ip6tables,
    Optional<SourceFile> nft,
    List<SourceFile> logrotate,
    Map<String, String> envFiles,
    List<String> notChecked,
    Optional<NightlySources> nightly,
    Optional<List<String>> systemLogs,
    List<SourceFile> nginx) {}
