#!/bin/sh
# proxy-audit: load iptables.rules and ip6tables.rules from this folder.
# Generated 2026-11-28T06:00:00Z
# Creates or refills the proxy-audit chains with iptables-restore --noflush, then
# adds each jump to them once (iptables -C finds it next time).
set -eu
dir=$(dirname "$0")
for cmd in iptables ip6tables; do
  file="$dir/$cmd.rules"
  [ -f "$file" ] || continue
  "$cmd-restore" --noflush < "$file"
  for hook in OUTPUT:PROXY-AUDIT-OUT FORWARD:PROXY-AUDIT-FWD INPUT:PROXY-AUDIT-IN; do
    chain=${hook%%:*} target=${hook#*:}
    "$cmd" -w -C "$chain" -j "$target" 2>/dev/null || "$cmd" -w -I "$chain" 1 -j "$target"
  done
done
