#!/bin/sh
# proxy-audit: load iptables.rules and ip6tables.rules from this folder.
# Generated 2026-11-28T06:00:00Z
# They own the security table: refuse if it holds rules of others.
set -eu
dir=$(dirname "$0")
for cmd in iptables ip6tables; do
  file="$dir/$cmd.rules"
  [ -f "$file" ] || continue
  others=$("$cmd" -w -t security -S | grep -v -e '^-P ' -e 'PROXY-AUDIT-' || true)
  if [ -n "$others" ]; then
    echo "load-rules.sh: the $cmd security table has rules that are not proxy-audit's:" >&2
    echo "$others" >&2
    echo "load-rules.sh: nothing loaded (the file would replace them)" >&2
    exit 1
  fi
  # earlier releases put the chains in the filter table: take them out
  for hook in OUTPUT:PROXY-AUDIT-OUT FORWARD:PROXY-AUDIT-FWD INPUT:PROXY-AUDIT-IN; do
    chain=${hook%%:*} target=${hook#*:}
    while "$cmd" -w -t filter -D "$chain" -j "$target" 2>/dev/null; do :; done
    if "$cmd" -w -t filter -F "$target" 2>/dev/null; then
      "$cmd" -w -t filter -X "$target"
    fi
  done
  "$cmd-restore" < "$file"
done
