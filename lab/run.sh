#!/usr/bin/env bash
# proxy-audit lab: real v2ray / shadowsocks-libev / netfilter logs from a closed
# network-namespace topology. See lab/README.md.
#
#   lab/run.sh [--no-drop] [--no-burst] OUTDIR
#
# Must run as root. Everything it starts is recorded and ended by PID on exit
# (also on error, Ctrl-C or TERM); its namespaces (pa-cli, pa-proxy, pa-net) and
# /etc/netns/pa-{cli,proxy,net} are removed and net.netfilter.nf_log_all_netns
# is restored.
set -euo pipefail

LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NS_CLI=pa-cli
NS_PROXY=pa-proxy
NS_NET=pa-net
OUR_NS=("$NS_CLI" "$NS_PROXY" "$NS_NET")
STATE=/run/pa-lab                 # survives an interrupted run, for the next run's cleanup
SS_USER=pa-ss
VPS_HOSTNAME=pa-vps
PHASE2=1
PHASE3=1
INSTALL=$LAB_DIR/../.ci/install-packages   # the packages: those marked lab in .ci/packages

log() { printf '[lab %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
mapfile -t PKGS < <("$INSTALL" --list --lab)
[ ${#PKGS[@]} -gt 0 ] || die "no package list from $INSTALL --list --lab"

while [ $# -gt 0 ]; do
  case "$1" in
    --no-drop) PHASE2=0; shift ;;
    --no-burst) PHASE3=0; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || die "usage: $0 [--no-drop] [--no-burst] OUTDIR"
[ "$(id -u)" -eq 0 ] || die "must run as root"

# Time zone of every program of the run (the logs are in local time).
if [ -z "${PA_TZ:-}" ]; then
  if [ -e /usr/share/zoneinfo/Europe/Berlin ]; then PA_TZ=Europe/Berlin; else PA_TZ=UTC; fi
fi
export TZ=$PA_TZ
export LC_ALL=C

mkdir -p "$1"
OUT=$(cd "$1" && pwd)
[ -z "$(ls -A "$OUT")" ] || die "OUTDIR $OUT is not empty"
chmod 0755 "$OUT"
RUN=$OUT/run          # configs, pid files, scratch
mkdir -p "$RUN" "$OUT/v2ray" "$OUT/shadowsocks" "$OUT/rsyslog" "$OUT/ulogd" "$OUT/kernel" \
         "$OUT/journal" "$OUT/servers" "$OUT/clients"

PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)

# ------------------------------------------------------------------ cleanup
# $STATE/pids lines: "<pid> <expected argv0 basename>"; killed only if /proc/<pid> still matches.
argv0_of() { local a; a=$(tr '\0' '\n' < "/proc/$1/cmdline" 2>/dev/null | head -n1) || a=""; echo "${a##*/}"; }
record_pid() {  # pid name: wait until the exec chain (ip netns exec/nsenter/setpriv) reached NAME
  local pid=$1 name=$2
  echo "$pid $name" >> "$STATE/pids"
  for _ in $(seq 30); do
    [ "$(argv0_of "$pid")" = "$name" ] && return 0
    [ -d "/proc/$pid" ] || break
    sleep 0.1
  done
  log "WARNING: pid $pid is '$(argv0_of "$pid")', expected $name"
}

kill_recorded() {
  [ -f "$STATE/pids" ] || return 0
  local pid name now sig
  for sig in TERM KILL; do
    while read -r pid name; do
      [ -d "/proc/$pid" ] || continue
      now=$(argv0_of "$pid")
      [ "$now" = "$name" ] || continue      # not (or no longer) the process we started: leave it
      kill -s "$sig" "$pid" 2>/dev/null || true
    done < "$STATE/pids"
    if [ "$sig" = TERM ]; then sleep 1; fi
  done
}

kill_ns_pids() {  # every process still inside one of OUR namespaces
  local ns pid
  for ns in "${OUR_NS[@]}"; do
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -TERM "$pid" 2>/dev/null || true; done
  done
  sleep 0.5
  for ns in "${OUR_NS[@]}"; do
    ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns" || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
  done
}

teardown() {  # idempotent; used at start (leftovers of an interrupted run) and on exit
  kill_recorded
  kill_ns_pids
  local ns
  for ns in "${OUR_NS[@]}"; do
    if ip netns list 2>/dev/null | awk '{print $1}' | grep -qx "$ns"; then
      ip netns del "$ns" 2>/dev/null || true
    fi
    rm -rf "/etc/netns/$ns"
  done
  rmdir /etc/netns 2>/dev/null || true   # only if empty (we never created other entries)
  if [ -f "$STATE/sysctl.nf_log_all_netns" ]; then
    sysctl -q -w net.netfilter.nf_log_all_netns="$(cat "$STATE/sysctl.nf_log_all_netns")" || true
  fi
  if [ -f "$STATE/user-created" ] && getent passwd "$SS_USER" >/dev/null; then
    userdel "$SS_USER" 2>/dev/null || true
  fi
  rm -rf "$STATE"
}

CLEANED=0
on_exit() {
  local rc=$?
  [ "$CLEANED" = 1 ] && return
  CLEANED=1
  set +e
  trap '' INT TERM
  log "cleanup (exit status $rc)"
  teardown
  local left
  left=$(ip netns list 2>/dev/null | awk '{print $1}' | grep -E '^pa-(cli|proxy|net)$' || true)
  [ -z "$left" ] || log "WARNING: namespaces left: $left"
  log "cleanup done; nf_log_all_netns=$(cat /proc/sys/net/netfilter/nf_log_all_netns)"
  exit "$rc"
}

if [ -d "$STATE" ]; then
  log "leftovers of an earlier run found in $STATE: cleaning them first"
  teardown || true   # (errexit is off inside a function called from an || list)
fi
for ns in "${OUR_NS[@]}"; do   # namespaces of ours without state (e.g. state lost): remove too
  if ip netns list | awk '{print $1}' | grep -qx "$ns"; then
    log "removing leftover namespace $ns"
    for pid in $(ip netns pids "$ns"); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns"
  fi
  rm -rf "/etc/netns/$ns"
done
mkdir -p "$STATE"
: > "$STATE/pids"
trap on_exit EXIT
trap 'log "interrupted (INT)"; exit 130' INT
trap 'log "terminated (TERM)"; exit 143' TERM

T0=$(date +%s)

# ------------------------------------------------------------------ packages
"$INSTALL" --lab || die "could not install the lab's packages (${PKGS[*]})"

if ! getent passwd "$SS_USER" >/dev/null; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$SS_USER"
  touch "$STATE/user-created"
fi
SS_UID=$(id -u "$SS_USER"); SS_GID=$(id -g "$SS_USER")
NOBODY_UID=$(id -u nobody); NOBODY_GID=$(getent group nogroup | cut -d: -f3)

pkgver() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo none; }
{
  for p in "${PKGS[@]}" systemd; do printf '%s\t%s\n' "$p" "$(pkgver "$p")"; done
  printf 'kernel\t%s\n' "$(uname -r)"
  printf 'python3-interpreter\t%s\n' "$("$PY" -V 2>&1)"
} > "$RUN/versions.tsv"

# ------------------------------------------------------------------ time base, sysctl
START_EPOCH=$(date +%s.%N)
START_UPTIME=$(awk '{print $1}' /proc/uptime)
echo "$START_EPOCH $START_UPTIME" > "$RUN/start"
echo "$TZ" > "$RUN/tz"
cat /proc/sys/net/netfilter/nf_log_all_netns > "$STATE/sysctl.nf_log_all_netns"
sysctl -q -w net.netfilter.nf_log_all_netns=1
log "nf_log_all_netns: $(cat "$STATE/sysctl.nf_log_all_netns") -> 1 (restored on exit)"

# ------------------------------------------------------------------ leak check (root namespace)
# Anything with a TEST-NET or 2001:db8::/32 address seen by the ROOT namespace (any
# interface, eth0 included) would be a leak. The veths have both ends in our namespaces.
LEAK_FILTER='net 198.51.100.0/24 or net 203.0.113.0/24 or net 192.0.2.0/24 or ip6 net 2001:db8::/32'
ip -s -s link show > "$RUN/root-links-before.txt"
tcpdump -i any -n -p -U -w "$RUN/leakcheck.pcap" "$LEAK_FILTER" 2> "$RUN/tcpdump.err" &
record_pid $! tcpdump

# ------------------------------------------------------------------ topology
log "topology: $NS_CLI <-> $NS_PROXY <-> $NS_NET (no route out)"
for ns in "${OUR_NS[@]}"; do
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  mkdir -p "/etc/netns/$ns"
  # No DNS server anywhere: lookups of names not in the hosts file fail at once.
  printf '# proxy-audit lab: no DNS, names come from /etc/hosts\nnameserver 127.0.0.1\n' > "/etc/netns/$ns/resolv.conf"
done
# Both ends of every veth are created directly inside the namespaces.
ip link add pa-c0 netns "$NS_CLI"   type veth peer name pa-p0 netns "$NS_PROXY"
ip link add pa-p1 netns "$NS_PROXY" type veth peer name pa-n0 netns "$NS_NET"
ip link add pa-p2 netns "$NS_PROXY" type veth peer name pa-n1 netns "$NS_NET"

# clients: .10 is the primary (unused by users); one address per user, chosen per
# connection (v2ray sendThrough, policy routing by server port for ss-local).
ip -n "$NS_CLI" addr add 198.51.100.10/24 dev pa-c0
for a in 11 12 13 14 15 16 17 18 19 20 21 22; do ip -n "$NS_CLI" addr add "198.51.100.$a/24" dev pa-c0; done
ip -n "$NS_CLI" addr add 2001:db8:100::11/64 dev pa-c0 nodad
ip -n "$NS_PROXY" addr add 198.51.100.1/24 dev pa-p0
ip -n "$NS_PROXY" addr add 2001:db8:100::1/64 dev pa-p0 nodad
ip -n "$NS_PROXY" addr add 203.0.113.1/24 dev pa-p1
ip -n "$NS_PROXY" addr add 2001:db8:203::1/64 dev pa-p1 nodad
ip -n "$NS_PROXY" addr add 192.0.2.1/24 dev pa-p2
for a in 25 26 27 80; do ip -n "$NS_NET" addr add "203.0.113.$a/24" dev pa-n0; done
ip -n "$NS_NET" addr add 2001:db8:203::25/64 dev pa-n0 nodad
ip -n "$NS_NET" addr add 2001:db8:203::80/64 dev pa-n0 nodad
ip -n "$NS_NET" addr add 192.0.2.25/24 dev pa-n1
for l in "$NS_CLI:pa-c0" "$NS_PROXY:pa-p0" "$NS_PROXY:pa-p1" "$NS_PROXY:pa-p2" "$NS_NET:pa-n0" "$NS_NET:pa-n1"; do
  ip -n "${l%%:*}" link set "${l#*:}" up
done
for ns in "${OUR_NS[@]}"; do
  ip netns exec "$ns" sysctl -q -w net.ipv4.ip_forward=0 net.ipv6.conf.all.forwarding=0 \
    net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0
done
# ss-local users: source address by destination (server) port
ss_src_rule() {  # port src table
  ip -n "$NS_CLI" rule add ipproto tcp dport "$1" lookup "$3" pref 1000
  ip -n "$NS_CLI" route add 198.51.100.0/24 dev pa-c0 src "$2" table "$3"
}
ss_src_rule 8388 198.51.100.17 188   # erin
ss_src_rule 8389 198.51.100.16 189   # frank
ss_src_rule 8390 198.51.100.18 190   # grace
ss_src_rule 8488 198.51.100.19 148   # heidi (v2ray shadowsocks inbound)

# Phase 3 uses more names for the same four mail servers (relay, backup-mx, smtp.example.org,
# mx.example.net): names that resolve to fewer servers.
cat > "/etc/netns/$NS_PROXY/hosts" <<'EOF'
127.0.0.1	localhost
127.0.1.1	pa-vps.example.test pa-vps
::1	localhost ip6-localhost ip6-loopback
203.0.113.25	mx1.example.test relay.example.test
203.0.113.26	mx2.example.test backup-mx.example.test
203.0.113.27	mail.example.org smtp.example.org
192.0.2.25	smtp.example.net mx.example.net
2001:db8:203::25	mx6.example.test
203.0.113.80	www.example.test
2001:db8:203::80	www.example.test
EOF
cat > "/etc/netns/$NS_CLI/hosts" <<'EOF'
127.0.0.1	localhost
::1	localhost ip6-localhost ip6-loopback
198.51.100.1	vps.example.test
2001:db8:100::1	vps.example.test
EOF
cat > "/etc/netns/$NS_NET/hosts" <<'EOF'
127.0.0.1	localhost
203.0.113.25	mx1.example.test
203.0.113.26	mx2.example.test
203.0.113.27	mail.example.org
192.0.2.25	smtp.example.net
2001:db8:203::25	mx6.example.test
203.0.113.80	www.example.test
EOF
{
  for ns in "${OUR_NS[@]}"; do
    echo "== $ns: ip -br addr"; ip -n "$ns" -br addr
    echo "== $ns: ip route show table all (v4)"; ip -n "$ns" route show table all
    echo "== $ns: ip -6 route show table all"; ip -n "$ns" -6 route show table all
    echo "== $ns: ip rule"; ip -n "$ns" rule
  done
} > "$RUN/topology.txt"
if ip -n "$NS_CLI" route show table all | grep -q '^default' || ip -n "$NS_PROXY" route show table all | grep -q '^default' \
   || ip -n "$NS_NET" route show table all | grep -q '^default'; then die "a default route exists in a lab namespace"; fi
ip -br link show | grep -q '^pa-' && die "a pa-* interface is in the root namespace"

# ------------------------------------------------------------------ the "VPS": pa-proxy + private mount/UTS ns
# A holder process keeps a mount+UTS namespace (inside netns pa-proxy) with its own
# hostname, its own /dev (so rsyslog's /dev/log is private), its own /run (journald
# sockets) and a tmpfs over /var/log/journal. Daemons are started in it with nsenter.
cat > "$RUN/vps-init.sh" <<EOF
set -e
mount -t tmpfs -o mode=0755,nosuid pa-vps-dev /dev
mknod -m 666 /dev/null c 1 3; mknod -m 666 /dev/zero c 1 5; mknod -m 666 /dev/full c 1 7
mknod -m 666 /dev/random c 1 8; mknod -m 666 /dev/urandom c 1 9; mknod -m 644 /dev/kmsg c 1 11
mknod -m 666 /dev/tty c 5 0
ln -s /proc/self/fd /dev/fd; ln -s /proc/self/fd/0 /dev/stdin
ln -s /proc/self/fd/1 /dev/stdout; ln -s /proc/self/fd/2 /dev/stderr
mkdir /dev/shm /dev/pts; mount -t tmpfs -o mode=1777,nosuid,nodev pa-vps-shm /dev/shm
mount -t tmpfs -o mode=0755,nosuid,nodev pa-vps-run /run
if [ -d /var/log/journal ]; then mount -t tmpfs -o mode=2755 pa-vps-journal /var/log/journal; fi
# ip netns exec mounted a fresh /sys without cgroups; journald refuses to run without one
if ! mountpoint -q /sys/fs/cgroup; then mount -t cgroup2 pa-vps-cgroup /sys/fs/cgroup || true; fi
hostname $VPS_HOSTNAME
exec sleep 900
EOF
ip netns exec "$NS_PROXY" unshare --mount --uts --propagation private /bin/sh "$RUN/vps-init.sh" &
HOLDER=$!
record_pid "$HOLDER" sleep
[ "$(nsenter -t "$HOLDER" -u hostname)" = "$VPS_HOSTNAME" ] || die "VPS namespace holder did not start"
VPS=(nsenter -t "$HOLDER" -m -u -n --)   # prefix: run a command inside the VPS (nsenter execs, no fork)

# ------------------------------------------------------------------ netfilter in pa-proxy
PROXY_PORTS=1080,8388,8389,8390,8488,10086,10087
nf_rules() {  # iptables-binary v4|v6
  local ipt=$1 p=$2 pre
  [ "$p" = v6 ] && pre=PA6 || pre=PA
  local ipx="ip netns exec $NS_PROXY $ipt -w"
  $ipx -A OUTPUT -p tcp -m multiport --dports 25,465,587 -m conntrack --ctstate NEW \
       -j NFLOG --nflog-group 1 --nflog-prefix "$pre-NFLOG-SMTP"
  $ipx -A OUTPUT -p tcp -m multiport --dports 25,465,587 -m conntrack --ctstate NEW \
       -j NFLOG --nflog-group 2 --nflog-prefix "$pre-NFLOG-SMTP"
  $ipx -A OUTPUT -p tcp -m multiport --dports 25,465,587 -m conntrack --ctstate NEW \
       -j LOG --log-uid --log-prefix "$pre-SMTP-OUT: "
  $ipx -A INPUT -p tcp --syn -m multiport --dports "$PROXY_PORTS" -m conntrack --ctstate NEW \
       -j LOG --log-prefix "$pre-IN-PROXY: "
  $ipx -A INPUT -p tcp --syn -m multiport --dports "$PROXY_PORTS" -m conntrack --ctstate NEW \
       -j NFLOG --nflog-group 1 --nflog-prefix "$pre-NFLOG-IN"
  $ipx -A INPUT -p tcp --syn -m multiport --dports "$PROXY_PORTS" -m conntrack --ctstate NEW \
       -j NFLOG --nflog-group 2 --nflog-prefix "$pre-NFLOG-IN"
}
nf_rules iptables v4
nf_rules ip6tables v6
# one native nftables rule, in its own table (iptables-nft keeps its own ip/ip6 filter tables)
ip netns exec "$NS_PROXY" nft -f - <<'EOF'
table inet pa_audit {
  chain out {
    type filter hook output priority 10; policy accept;
    tcp dport 587 ct state new log prefix "nft-587:" flags skuid
  }
}
EOF

# ------------------------------------------------------------------ logging daemons in the VPS
HAVE_JOURNALD=0
if [ -x /lib/systemd/systemd-journald ]; then
  "${VPS[@]}" /lib/systemd/systemd-journald > "$RUN/journald.out" 2>&1 &
  record_pid $! systemd-journald
  JPID=$!
  for _ in $(seq 50); do "${VPS[@]}" test -S /run/systemd/journal/stdout && { HAVE_JOURNALD=1; break; }; sleep 0.1; done
  sleep 0.5
  kill -0 "$JPID" 2>/dev/null || HAVE_JOURNALD=0
fi
[ "$HAVE_JOURNALD" = 1 ] && log "private systemd-journald up" || log "no journald: journal formats not captured"

# rsyslog: imuxsock owns /dev/log of the VPS's private /dev; imklog only if nobody else reads /proc/kmsg
kmsg_reader() {
  local f
  for f in /proc/[0-9]*/fd/*; do
    [ "$(readlink "$f" 2>/dev/null)" = /proc/kmsg ] && { echo "${f%/fd/*}"; return 0; }
  done
  return 1
}
IMKLOG=1
if r=$(kmsg_reader); then IMKLOG=0; log "/proc/kmsg is read by ${r#/proc/}: rsyslog imklog NOT loaded, no kern.log"; fi
mkdir -p "$RUN/rsyslog-work"
{
  echo "# proxy-audit lab: private rsyslogd (Debian 12 rsyslog, default template = RSYSLOG_FileFormat)"
  echo "global(workDirectory=\"$RUN/rsyslog-work\")"
  echo 'module(load="imuxsock")'
  [ "$IMKLOG" = 1 ] && echo 'module(load="imklog")'
  echo 'module(load="builtin:omfile" fileCreateMode="0644")'
  echo "kern.*         action(type=\"omfile\" file=\"$OUT/rsyslog/kern.log\")"
  echo "kern.*         action(type=\"omfile\" file=\"$OUT/rsyslog/kern.log.traditional\" template=\"RSYSLOG_TraditionalFileFormat\")"
  echo "*.*;kern.none  action(type=\"omfile\" file=\"$OUT/rsyslog/syslog\")"
  echo "*.*;kern.none  action(type=\"omfile\" file=\"$OUT/rsyslog/syslog.traditional\" template=\"RSYSLOG_TraditionalFileFormat\")"
  echo '# which facility/severity/tag each message really had (for the README)'
  echo 'template(name="pa_fac" type="string" string="%syslogfacility-text%.%syslogseverity-text% %syslogtag%\n")'
  echo "*.*            action(type=\"omfile\" file=\"$RUN/syslog-facilities.txt\" template=\"pa_fac\")"
} > "$RUN/rsyslog.conf"
"${VPS[@]}" rsyslogd -n -f "$RUN/rsyslog.conf" -i "$RUN/rsyslogd.pid" > "$RUN/rsyslogd.out" 2>&1 &
record_pid $! rsyslogd
for _ in $(seq 50); do "${VPS[@]}" test -S /dev/log && break; sleep 0.1; done
"${VPS[@]}" test -S /dev/log || die "rsyslogd did not create the VPS's /dev/log"

# ulogd2: two stacks, NFLOG group 1 -> LOGEMU text, group 2 -> JSON
UL=$(dirname "$(dpkg -L ulogd2 | grep '/ulogd_inppkt_NFLOG.so$')")
cat > "$RUN/ulogd.conf" <<EOF
# proxy-audit lab: private ulogd2
[global]
logfile="$OUT/ulogd/ulogd.log"
loglevel=3
plugin="$UL/ulogd_inppkt_NFLOG.so"
plugin="$UL/ulogd_raw2packet_BASE.so"
plugin="$UL/ulogd_filter_IFINDEX.so"
plugin="$UL/ulogd_filter_IP2STR.so"
plugin="$UL/ulogd_filter_PRINTPKT.so"
plugin="$UL/ulogd_filter_HWHDR.so"
plugin="$UL/ulogd_output_LOGEMU.so"
plugin="$UL/ulogd_output_JSON.so"
stack=log1:NFLOG,base1:BASE,ifi1:IFINDEX,ip2str1:IP2STR,print1:PRINTPKT,emu1:LOGEMU
stack=log2:NFLOG,base1:BASE,ifi1:IFINDEX,ip2str1:IP2STR,mac2str1:HWHDR,json1:JSON

[log1]
group=1

[log2]
group=2

[emu1]
file="$OUT/ulogd/ulogd_syslogemu.log"
sync=1

[json1]
file="$OUT/ulogd/ulogd.json"
sync=1
EOF
"${VPS[@]}" ulogd -c "$RUN/ulogd.conf" -p "$RUN/ulogd.pid" > "$RUN/ulogd.out" 2>&1 &
record_pid $! ulogd

# ------------------------------------------------------------------ fake servers in pa-net
ip netns exec "$NS_NET" "$PY" "$LAB_DIR/fakeservers.py" --log "$OUT/servers/sessions.jsonl" \
  --smtp mx1.example.test@203.0.113.25:25 --smtp mx2.example.test@203.0.113.26:25 \
  --smtp mail.example.org@203.0.113.27:25 --smtp mail.example.org@203.0.113.27:587 \
  --smtp mail.example.org@203.0.113.27:465 --smtp smtp.example.net@192.0.2.25:25 \
  --smtp mx6.example.test@[2001:db8:203::25]:25 \
  --http 203.0.113.80:80 --http 203.0.113.80:443 --http [2001:db8:203::80]:80 \
  > "$RUN/fakeservers.out" 2>&1 &
record_pid $! python3

# ------------------------------------------------------------------ v2ray server (as nobody)
U_ALICE=5b2a8f10-3c2e-4e7a-9d41-0a11ce000001
U_BOB=5b2a8f10-3c2e-4e7a-9d41-0b0b00000002
U_CAROL=5b2a8f10-3c2e-4e7a-9d41-0ca201000003
U_DAVE=5b2a8f10-3c2e-4e7a-9d41-0da7e0000004
U_NOMAIL=5b2a8f10-3c2e-4e7a-9d41-00000e000005
U_BAD=0badbad0-0000-4000-8000-00000000dead
for f in access.log error.log stdout.log; do : > "$OUT/v2ray/$f"; done
chown "$NOBODY_UID:$NOBODY_GID" "$OUT/v2ray/access.log" "$OUT/v2ray/error.log"
cat > "$RUN/v2ray-server.json" <<EOF
{
  "log": {"access": "$OUT/v2ray/access.log", "error": "$OUT/v2ray/error.log", "loglevel": "info"},
  "inbounds": [
    {"tag": "vmess-in", "port": 10086, "protocol": "vmess",
     "settings": {"clients": [
       {"id": "$U_ALICE", "alterId": 0, "email": "alice@example.com"},
       {"id": "$U_BOB", "alterId": 0, "email": "bob@example.com"},
       {"id": "$U_CAROL", "alterId": 0, "email": "carol@example.com"},
       {"id": "$U_NOMAIL", "alterId": 0}
     ]}},
    {"tag": "vless-in", "port": 10087, "protocol": "vless",
     "settings": {"clients": [{"id": "$U_DAVE", "email": "dave"}], "decryption": "none"}},
    {"tag": "ss-in", "port": 8488, "protocol": "shadowsocks",
     "settings": {"method": "aes-128-gcm", "password": "heidi-pass", "email": "heidi@ss.example", "network": "tcp"}},
    {"tag": "socks-in", "port": 1080, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}}
  ],
  "outbounds": [{"tag": "direct", "protocol": "freedom", "settings": {}}]
}
EOF
chmod 0644 "$RUN"/*.json
"${VPS[@]}" setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
  v2ray -config "$RUN/v2ray-server.json" > "$OUT/v2ray/stdout.log" 2>&1 &
record_pid $! v2ray

# ------------------------------------------------------------------ shadowsocks-libev servers (as pa-ss)
SS_METHOD=chacha20-ietf-poly1305
mkdir -p "$RUN/ss"; chown "$SS_UID:$SS_GID" "$RUN/ss"
ss_server_args() { echo "-s 198.51.100.1 -s 2001:db8:100::1 -p $1 -k $2-pass -m $SS_METHOD -t 30 -v"; }
# 8388 erin: foreground, stdout+stderr to a file
# shellcheck disable=SC2046
"${VPS[@]}" setpriv --reuid="$SS_UID" --regid="$SS_GID" --clear-groups \
  ss-server $(ss_server_args 8388 erin) > "$OUT/shadowsocks/ss-server-8388.log" 2>&1 &
record_pid $! ss-server
# 8389 frank: -f pidfile => daemon => syslog(3) => the VPS's /dev/log => rsyslog (like ss-manager)
# shellcheck disable=SC2046
"${VPS[@]}" setpriv --reuid="$SS_UID" --regid="$SS_GID" --clear-groups \
  ss-server $(ss_server_args 8389 frank) -f "$RUN/ss/ss-server-8389.pid" > "$RUN/ss-8389.start.out" 2>&1
for _ in $(seq 30); do [ -s "$RUN/ss/ss-server-8389.pid" ] && break; sleep 0.1; done
record_pid "$(cat "$RUN/ss/ss-server-8389.pid")" ss-server
# 8390 grace: foreground; stdout into the journal like Debian's unit (systemd-cat), else a file
if [ "$HAVE_JOURNALD" = 1 ]; then
  # shellcheck disable=SC2046
  "${VPS[@]}" systemd-cat -t ss-server setpriv --reuid="$SS_UID" --regid="$SS_GID" --clear-groups \
    ss-server $(ss_server_args 8390 grace) &
else
  # shellcheck disable=SC2046
  "${VPS[@]}" setpriv --reuid="$SS_UID" --regid="$SS_GID" --clear-groups \
    ss-server $(ss_server_args 8390 grace) > "$OUT/shadowsocks/ss-server-8390.log" 2>&1 &
fi
record_pid $! ss-server

# ------------------------------------------------------------------ clients in pa-cli
cat > "$RUN/v2ray-client.json" <<EOF
{
  "log": {"access": "$OUT/clients/v2ray-client-access.log", "error": "$OUT/clients/v2ray-client-error.log", "loglevel": "warning"},
  "inbounds": [
    {"tag": "in-alice",  "listen": "127.0.0.1", "port": 1081, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-alice6", "listen": "127.0.0.1", "port": 1091, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-bob",    "listen": "127.0.0.1", "port": 1082, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-carol",  "listen": "127.0.0.1", "port": 1083, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-dave",   "listen": "127.0.0.1", "port": 1084, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-nomail", "listen": "127.0.0.1", "port": 1085, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}},
    {"tag": "in-bad",    "listen": "127.0.0.1", "port": 1089, "protocol": "socks", "settings": {"auth": "noauth", "udp": false}}
  ],
  "outbounds": [
    {"tag": "out-alice", "protocol": "vmess", "sendThrough": "198.51.100.11",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10086, "users": [{"id": "$U_ALICE", "alterId": 0, "security": "aes-128-gcm"}]}]}},
    {"tag": "out-alice6", "protocol": "vmess", "sendThrough": "2001:db8:100::11",
     "settings": {"vnext": [{"address": "2001:db8:100::1", "port": 10086, "users": [{"id": "$U_ALICE", "alterId": 0, "security": "aes-128-gcm"}]}]}},
    {"tag": "out-bob", "protocol": "vmess", "sendThrough": "198.51.100.12",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10086, "users": [{"id": "$U_BOB", "alterId": 0, "security": "aes-128-gcm"}]}]}},
    {"tag": "out-carol", "protocol": "vmess", "sendThrough": "198.51.100.13",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10086, "users": [{"id": "$U_CAROL", "alterId": 0, "security": "aes-128-gcm"}]}]}},
    {"tag": "out-dave", "protocol": "vless", "sendThrough": "198.51.100.14",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10087, "users": [{"id": "$U_DAVE", "encryption": "none"}]}]}},
    {"tag": "out-nomail", "protocol": "vmess", "sendThrough": "198.51.100.15",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10086, "users": [{"id": "$U_NOMAIL", "alterId": 0, "security": "aes-128-gcm"}]}]}},
    {"tag": "out-bad", "protocol": "vmess", "sendThrough": "198.51.100.21",
     "settings": {"vnext": [{"address": "198.51.100.1", "port": 10086, "users": [{"id": "$U_BAD", "alterId": 0, "security": "aes-128-gcm"}]}]}}
  ],
  "routing": {"rules": [
    {"type": "field", "inboundTag": ["in-alice"],  "outboundTag": "out-alice"},
    {"type": "field", "inboundTag": ["in-alice6"], "outboundTag": "out-alice6"},
    {"type": "field", "inboundTag": ["in-bob"],    "outboundTag": "out-bob"},
    {"type": "field", "inboundTag": ["in-carol"],  "outboundTag": "out-carol"},
    {"type": "field", "inboundTag": ["in-dave"],   "outboundTag": "out-dave"},
    {"type": "field", "inboundTag": ["in-nomail"], "outboundTag": "out-nomail"},
    {"type": "field", "inboundTag": ["in-bad"],    "outboundTag": "out-bad"}
  ]}
}
EOF
chmod 0644 "$RUN/v2ray-client.json"
: > "$OUT/clients/v2ray-client-access.log"; : > "$OUT/clients/v2ray-client-error.log"
chown "$NOBODY_UID:$NOBODY_GID" "$OUT/clients/v2ray-client-access.log" "$OUT/clients/v2ray-client-error.log"
ip netns exec "$NS_CLI" setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
  v2ray -config "$RUN/v2ray-client.json" > "$OUT/clients/v2ray-client.stdout" 2>&1 &
record_pid $! v2ray
ss_local() {  # server_port local_port password method [uid gid]
  ip netns exec "$NS_CLI" setpriv --reuid="${5:-$NOBODY_UID}" --regid="${6:-$NOBODY_GID}" --clear-groups \
    ss-local -s 198.51.100.1 -p "$1" -b 127.0.0.1 -l "$2" -k "$3" -m "$4" -t 30 \
    > "$OUT/clients/ss-local-$2.log" 2>&1 &
  record_pid $! ss-local
}
ss_local 8388 1188 erin-pass  "$SS_METHOD"
ss_local 8389 1189 frank-pass "$SS_METHOD"
# frank's second machine on the same server port (one account, two clients): its ss-local runs as
# pa-ss's uid, which no other client process uses, and leaves from 198.51.100.22
ip -n "$NS_CLI" rule add uidrange "$SS_UID-$SS_UID" ipproto tcp dport 8389 lookup 199 pref 999
ip -n "$NS_CLI" route add 198.51.100.0/24 dev pa-c0 src 198.51.100.22 table 199
ss_local 8389 1199 frank-pass "$SS_METHOD" "$SS_UID" "$SS_GID"
ss_local 8390 1190 grace-pass "$SS_METHOD"
ss_local 8488 1148 heidi-pass aes-128-gcm

wait_listen() {  # ns port...
  local ns=$1 p; shift
  for p in "$@"; do
    for _ in $(seq 100); do
      [ -n "$(ip netns exec "$ns" ss -Hltn "sport = :$p")" ] && continue 2
      sleep 0.1
    done
    die "nothing listens on port $p in $ns"
  done
}
wait_listen "$NS_NET" 25 587 465 80 443
wait_listen "$NS_PROXY" 10086 10087 8488 1080 8388 8389 8390
wait_listen "$NS_CLI" 1081 1091 1082 1083 1084 1085 1089 1188 1189 1199 1190 1148
sleep 1
log "all services up ($(($(date +%s) - T0)) s since start)"

# ------------------------------------------------------------------ traffic
# actions.tsv: seq who phase t_start t_end service inbound user client_ip via kind dest port rc outcome blocked
ACT=$RUN/actions.tsv
printf 'seq\twho\tphase\tt_start\tt_end\tservice\tinbound\tuser\tclient_ip\tvia\tkind\tdest\tport\trc\toutcome\tblocked\n' > "$ACT"
BLOCKED_IP=""   # phase 3: the one server a REJECT rule refuses on port 25
SEQ=0
PHASE=1

# who -> "service inbound user client_ip socks"
actor() {
  case "$1" in
    alice)   echo "v2ray vmess alice@example.com 198.51.100.11 127.0.0.1:1081" ;;
    alice6)  echo "v2ray vmess alice@example.com 2001:db8:100::11 127.0.0.1:1091" ;;
    bob)     echo "v2ray vmess bob@example.com 198.51.100.12 127.0.0.1:1082" ;;
    carol)   echo "v2ray vmess carol@example.com 198.51.100.13 127.0.0.1:1083" ;;
    dave)    echo "v2ray vless dave 198.51.100.14 127.0.0.1:1084" ;;
    nomail)  echo "v2ray vmess - 198.51.100.15 127.0.0.1:1085" ;;
    badauth) echo "v2ray vmess - 198.51.100.21 127.0.0.1:1089" ;;
    heidi)   echo "v2ray shadowsocks heidi@ss.example 198.51.100.19 127.0.0.1:1148" ;;
    anon)    echo "v2ray socks - 198.51.100.20 198.51.100.1:1080" ;;
    erin)    echo "shadowsocks-libev ss-server:8388 erin 198.51.100.17 127.0.0.1:1188" ;;
    frank)   echo "shadowsocks-libev ss-server:8389 frank 198.51.100.16 127.0.0.1:1189" ;;
    frank2)  echo "shadowsocks-libev ss-server:8389 frank 198.51.100.22 127.0.0.1:1199" ;;
    grace)   echo "shadowsocks-libev ss-server:8390 grace 198.51.100.18 127.0.0.1:1190" ;;
    *) die "unknown actor $1" ;;
  esac
}

resolve() {  # name or IP -> the address the proxy's hosts file gives (the IP itself for a literal)
  case "$1" in *[!0-9.]*) awk -v n="$1" '{for (i = 2; i <= NF; i++) if ($i == n) {print $1; exit}}' "/etc/netns/$NS_PROXY/hosts" ;;
    *) echo "$1" ;; esac
}

act() {  # who kind dest port
  local who=$1 kind=$2 dest=$3 port=$4 svc inb user cip via t0 t1 rc outcome code bind=()
  read -r svc inb user cip via < <(actor "$who")
  SEQ=$((SEQ + 1))
  [ "$who" = anon ] && bind=(-b "$cip")
  t0=$(date +%s.%N)
  if [ "$kind" = smtp ]; then
    local from to subj
    case "$who" in
      carol) from=carol@example.com; to=friend@example.org; subj="dinner on Friday" ;;
      *)     from="offers@deals.example"; to="victim$SEQ@example.org"; subj="You won! ref $SEQ" ;;
    esac
    set +e
    timeout --foreground 25 ip netns exec "$NS_CLI" swaks --pipe \
      "$PY $LAB_DIR/socks5pipe.py ${bind[*]} ${via%:*} ${via##*:} $dest $port" \
      --from "$from" --to "$to" --helo "$who-pc.home.example" \
      --header "Subject: $subj" --header "X-PA-Seq: $SEQ" --body "pa-lab message $SEQ" \
      --timeout 20 > "$OUT/clients/swaks-$SEQ.txt" 2>&1
    rc=$?
    set -e
    [ $rc = 0 ] && outcome=delivered || outcome=failed
  else
    local url
    case "$dest" in *:*) url="http://[$dest]:$port/" ;; *) url="http://$dest:$port/" ;; esac
    set +e
    code=$(timeout --foreground 25 ip netns exec "$NS_CLI" curl -sS -o /dev/null -w '%{http_code}' --max-time 20 \
      ${bind:+--interface "$cip"} --socks5-hostname "$via" -H "X-PA-Seq: $SEQ" "$url" 2> "$OUT/clients/curl-$SEQ.err")
    rc=$?
    set -e
    [ $rc = 0 ] && outcome="http-$code" || outcome=failed
  fi
  t1=$(date +%s.%N)
  local blocked=0
  if [ "$port" = 25 ]; then
    if [ "$PHASE" = 2 ]; then blocked=1; fi
    if [ "$PHASE" = 3 ] && [ "$(resolve "$dest")" = "$BLOCKED_IP" ]; then blocked=1; fi
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$SEQ" "$who" "$PHASE" "$t0" "$t1" \
    "$svc" "$inb" "$user" "$cip" "$via" "$kind" "$dest" "$port" "$rc" "$outcome" "$blocked" >> "$ACT"
  log "#$SEQ p$PHASE $who $kind $dest:$port -> $outcome"
}

log "phase 1: logging only"
echo "phase1_start $(date +%s.%N)" > "$RUN/phases"
# interleaved like real traffic; alice (vmess) and frank (ss 8389) are infected
while read -r who kind dest port; do
  [ -z "$who" ] || [ "${who:0:1}" = "#" ] && continue
  act "$who" "$kind" "$dest" "$port"
done <<'EOF'
bob     web  www.example.test   80
alice   smtp mx1.example.test   25
erin    web  www.example.test   80
alice   smtp 203.0.113.25       25
frank   smtp mx1.example.test   25
carol   web  www.example.test   80
alice   smtp mx2.example.test   25
dave    web  www.example.test   80
frank   smtp mx2.example.test   25
frank2  web  www.example.test   80
alice   smtp smtp.example.net   25
grace   web  www.example.test   80
frank2  smtp mx1.example.test   25
alice6  smtp mx6.example.test   25
heidi   web  www.example.test   80
frank   smtp 203.0.113.25       25
alice   smtp mail.example.org   587
carol   smtp mail.example.org   587
nomail  web  www.example.test   80
alice   smtp 203.0.113.26       25
anon    web  www.example.test   80
frank   smtp smtp.example.net   25
frank2  smtp 203.0.113.26       25
alice   smtp mail.example.org   465
bob     web  203.0.113.80       443
alice6  smtp 2001:db8:203::25   25
frank   smtp mail.example.org   587
erin    web  203.0.113.80       443
alice   smtp 203.0.113.27       587
nomail  smtp mx1.example.test   25
dave    web  203.0.113.80       443
frank   smtp mx6.example.test   25
alice   smtp mx1.example.test   25
grace   web  203.0.113.80       443
carol   smtp mail.example.org   587
alice   smtp mx2.example.test   25
frank   smtp 2001:db8:203::25   25
heidi   web  203.0.113.80       443
alice   web  www.example.test   80
carol   web  203.0.113.80       443
anon    smtp mx2.example.test   25
frank   smtp mail.example.org   465
frank   web  www.example.test   80
badauth web  www.example.test   80
alice6  web  www.example.test   80
EOF
sleep 2
echo "phase1_end $(date +%s.%N)" >> "$RUN/phases"

if [ "$PHASE2" = 1 ]; then
  PHASE=2
  log "phase 2: REJECT tcp/25 on OUTPUT (after the log rules), infected users retry"
  for pair in "iptables PA" "ip6tables PA6"; do
    set -- $pair
    ip netns exec "$NS_PROXY" "$1" -w -A OUTPUT -p tcp --dport 25 -m conntrack --ctstate NEW \
      -j LOG --log-uid --log-prefix "$2-SMTP-DROP: "
    ip netns exec "$NS_PROXY" "$1" -w -A OUTPUT -p tcp --dport 25 -j REJECT --reject-with tcp-reset
  done
  echo "phase2_start $(date +%s.%N)" >> "$RUN/phases"
  while read -r who kind dest port; do
    act "$who" "$kind" "$dest" "$port"
  done <<'EOF'
alice   smtp mx1.example.test   25
frank   smtp mx2.example.test   25
alice   smtp 203.0.113.26       25
bob     web  www.example.test   80
alice6  smtp mx6.example.test   25
frank   smtp 203.0.113.25       25
alice   smtp mail.example.org   587
EOF
  sleep 2
  echo "phase2_end $(date +%s.%N)" >> "$RUN/phases"
fi
if [ "$PHASE3" = 1 ]; then
  PHASE=3
  BLOCKED_IP=203.0.113.26
  log "phase 3: port 25 open again except to $BLOCKED_IP; two users of each service send at once"
  if [ "$PHASE2" = 1 ]; then
    for pair in "iptables PA" "ip6tables PA6"; do
      set -- $pair
      ip netns exec "$NS_PROXY" "$1" -w -D OUTPUT -p tcp --dport 25 -m conntrack --ctstate NEW \
        -j LOG --log-uid --log-prefix "$2-SMTP-DROP: "
      ip netns exec "$NS_PROXY" "$1" -w -D OUTPUT -p tcp --dport 25 -j REJECT --reject-with tcp-reset
    done
  fi
  ip netns exec "$NS_PROXY" iptables -w -A OUTPUT -p tcp -d "$BLOCKED_IP" --dport 25 -m conntrack --ctstate NEW \
    -j LOG --log-uid --log-prefix "PA-SMTP-DROP: "
  ip netns exec "$NS_PROXY" iptables -w -A OUTPUT -p tcp -d "$BLOCKED_IP" --dport 25 -j REJECT --reject-with tcp-reset
  sleep 2   # access lines have whole seconds: keep phase 3 in seconds of its own
  echo "phase3_start $(date +%s.%N)" >> "$RUN/phases"
  # Each sender's mails one after another, the four senders at once: alice and bob (both V2Ray
  # VMess, one uid), erin and frank (both ss-server, one uid). Sequence numbers by sender.
  burst() {  # who first-seq dest...
    local who=$1 d; SEQ=$2; shift 2
    for d in "$@"; do act "$who" smtp "$d" 25; done
  }
  burst alice 1000 relay.example.test 203.0.113.25 backup-mx.example.test smtp.example.org \
    mx.example.net 203.0.113.27 mx1.example.test 192.0.2.25 &
  B1=$!
  burst bob 2000 mx1.example.test smtp.example.org 203.0.113.26 relay.example.test \
    mx.example.net 203.0.113.25 backup-mx.example.test mail.example.org &
  B2=$!
  burst erin 3000 relay.example.test mx.example.net 203.0.113.27 backup-mx.example.test \
    smtp.example.org 203.0.113.25 &
  B3=$!
  burst frank 4000 smtp.example.org relay.example.test 203.0.113.25 mx.example.net \
    backup-mx.example.test 203.0.113.27 &
  B4=$!
  wait "$B1" "$B2" "$B3" "$B4"
  sleep 2
  echo "phase3_end $(date +%s.%N)" >> "$RUN/phases"
fi
{ echo "== iptables-save"; ip netns exec "$NS_PROXY" iptables-save
  echo "== ip6tables-save"; ip netns exec "$NS_PROXY" ip6tables-save
  echo "== nft list ruleset"; ip netns exec "$NS_PROXY" nft list ruleset; } > "$RUN/netfilter-rules.txt" 2>&1

# ------------------------------------------------------------------ collect
log "collecting logs"
# stop clients and proxies first (their last lines get written), loggers keep running
kill_pid_of() { local pid; pid=$(awk -v n="$1" '$2==n {print $1}' "$STATE/pids"); [ -z "$pid" ] || kill $pid 2>/dev/null || true; }
kill_pid_of ss-local; kill_pid_of v2ray; kill_pid_of ss-server
sleep 1.5

# kernel ring buffer: raw and -T, same snapshot; keep only this run's lines with our prefixes
PREFIX_RE='(PA6?-(SMTP-OUT|SMTP-DROP|IN-PROXY): |nft-587:)'
for _ in 1 2 3; do
  dmesg > "$RUN/dmesg.all"; dmesg -T > "$RUN/dmesg-T.all"
  [ "$(wc -l < "$RUN/dmesg.all")" = "$(wc -l < "$RUN/dmesg-T.all")" ] && break
done
paste -d $'\x01' "$RUN/dmesg.all" "$RUN/dmesg-T.all" | awk -v s="$START_UPTIME" -v re="$PREFIX_RE" -F $'\x01' '
  { if (match($1, /^\[ *[0-9]+\.[0-9]+\]/)) { t = substr($1, 2, RLENGTH - 2) + 0 } else next
    if (t >= s && $1 ~ re) { print $1 > "'"$OUT/kernel/dmesg.txt"'"; print $2 > "'"$OUT/kernel/dmesg-T.txt"'" } }'
touch "$OUT/kernel/dmesg.txt" "$OUT/kernel/dmesg-T.txt"

if [ "$HAVE_JOURNALD" = 1 ]; then
  # journald imported the whole ring buffer when it started (older lines stamped with its
  # start time), so --since cannot separate this run: start at the first kernel entry whose
  # kernel timestamp (_SOURCE_MONOTONIC_TIMESTAMP, = the dmesg uptime) is >= the run's start.
  "${VPS[@]}" journalctl -k -o json --no-pager > "$RUN/journal-k.json" 2>/dev/null || true
  JCUR=$("$PY" -c '
import json, sys
start = float(sys.argv[1]) * 1e6
for line in open(sys.argv[2]):
    e = json.loads(line)
    if int(e.get("_SOURCE_MONOTONIC_TIMESTAMP", "0")) >= start:
        print(e["__CURSOR"]); break' "$START_UPTIME" "$RUN/journal-k.json")
  if [ -n "$JCUR" ]; then
    "${VPS[@]}" journalctl -k -o short --no-pager -a --cursor "$JCUR" > "$RUN/journal-k.all" 2>&1 || true
    "${VPS[@]}" journalctl -k -o short-iso --no-pager -a --cursor "$JCUR" > "$RUN/journal-k-iso.all" 2>&1 || true
    "${VPS[@]}" journalctl -k -o short-iso-precise --no-pager -a --cursor "$JCUR" > "$RUN/journal-k-isop.all" 2>&1 || true
  else
    : > "$RUN/journal-k.all"; : > "$RUN/journal-k-iso.all"; : > "$RUN/journal-k-isop.all"
  fi
  "${VPS[@]}" journalctl -t ss-server -o short --no-pager -a > "$OUT/journal/journalctl-t-ss-server.txt" 2>&1 || true
  "${VPS[@]}" journalctl -t ss-server -o short-iso --no-pager -a > "$OUT/journal/journalctl-t-ss-server-iso.txt" 2>&1 || true
fi

sleep 1
kill_pid_of rsyslogd; kill_pid_of ulogd; kill_pid_of systemd-journald
sleep 1
kill_pid_of tcpdump
sleep 0.5

# kern.log (rsyslog imklog): lines of this run only (the bracketed uptime), our prefixes only
filter_kern() {  # in out
  [ -f "$1" ] || return 0
  awk -v s="$START_UPTIME" -v re="$PREFIX_RE" '
    { if (match($0, /kernel: \[ *[0-9]+\.[0-9]+\]/)) { x = substr($0, RSTART + 9, RLENGTH - 10); t = x + 0 } else next
      if (t >= s && $0 ~ re) print }' "$1" > "$2"
}
filter_kern "$OUT/rsyslog/kern.log" "$OUT/kernel/kern.log"
filter_kern "$OUT/rsyslog/kern.log.traditional" "$OUT/kernel/kern.log.traditional"
if [ "$HAVE_JOURNALD" = 1 ]; then
  for f in journal-k:journalctl-k.txt journal-k-iso:journalctl-k-short-iso.txt journal-k-isop:journalctl-k-short-iso-precise.txt; do
    grep -E "$PREFIX_RE" "$RUN/${f%%:*}.all" > "$OUT/journal/${f#*:}" || true
  done
fi

# ------------------------------------------------------------------ leak check result
ip -s -s link show > "$RUN/root-links-after.txt"
LEAKED=$(tcpdump -r "$RUN/leakcheck.pcap" -n 2>/dev/null | wc -l)
{
  echo "tcpdump -i any (root namespace) filter: $LEAK_FILTER"
  echo "packets captured: $LEAKED"
  echo "root namespace interfaces: $(ip -br link show | awk '{print $1}' | tr '\n' ' ')"
  echo "pa-* interfaces in root namespace: $(ip -br link show | awk '{print $1}' | grep -c '^pa-' || true)"
  for ns in "${OUR_NS[@]}"; do
    echo "default routes in $ns: $(ip -n "$ns" route show table all | grep -c '^default' || true) (v4), $(ip -n "$ns" -6 route show table all | grep -c '^default' || true) (v6)"
  done
} > "$OUT/leakcheck.txt"
[ "$LEAKED" = 0 ] || log "WARNING: $LEAKED packets with lab addresses seen in the root namespace"

# ------------------------------------------------------------------ truth + manifest
"$PY" "$LAB_DIR/truth.py" --actions "$ACT" --sessions "$OUT/servers/sessions.jsonl" \
  --phases "$RUN/phases" --out "$OUT/truth.json" --summary "$OUT/truth-summary.txt" \
  --uid "v2ray=$NOBODY_UID" --uid "shadowsocks-libev=$SS_UID"
cp "$RUN/versions.tsv" "$OUT/versions.tsv"
# the uids the proxies really ran as (useradd --system takes whichever system uid is free)
printf 'service\tuser\tuid\nv2ray\tnobody\t%s\nshadowsocks\t%s\t%s\n' \
  "$NOBODY_UID" "$SS_USER" "$SS_UID" > "$OUT/uids.tsv"

{
  echo "# proxy-audit lab output ($(date -Iseconds)), TZ=$TZ, host name in logs: $VPS_HOSTNAME"
  echo "# kernel UID= of the proxies: v2ray $NOBODY_UID (nobody), ss-server $SS_UID ($SS_USER)"
  echo "truth.json                      ground truth: one record per client connection (truth.py)"
  echo "truth-summary.txt               counts per (phase, service, user, client ip, port)"
  echo "uids.tsv                        service, user and uid of the proxies (audit --uid SERVICE=UID)"
  echo "v2ray/access.log                V2Ray 4.34.0 access log (server)"
  echo "v2ray/error.log                 V2Ray 4.34.0 error log, loglevel info (server)"
  echo "v2ray/stdout.log                V2Ray stdout (banner)"
  echo "shadowsocks/ss-server-8388.log  ss-server 3.3.5 -v stdout+stderr (erin)"
  [ -f "$OUT/shadowsocks/ss-server-8390.log" ] && echo "shadowsocks/ss-server-8390.log  ss-server 3.3.5 -v stdout+stderr (grace)"
  echo "rsyslog/syslog                  rsyslog 8.2302 RSYSLOG_FileFormat (Debian 12 default), all but kern.*: ss-server -f (frank, 8389)"
  echo "rsyslog/syslog.traditional      same, RSYSLOG_TraditionalFileFormat"
  if [ "$IMKLOG" = 1 ]; then
    echo "rsyslog/kern.log                rsyslog imklog, RSYSLOG_FileFormat, unfiltered (includes old ring-buffer lines)"
    echo "rsyslog/kern.log.traditional    same, traditional format"
    echo "kernel/kern.log                 filtered: this run's netfilter LOG lines only"
    echo "kernel/kern.log.traditional     filtered: same, traditional"
  fi
  echo "kernel/dmesg.txt                dmesg (uptime), filtered to this run's netfilter LOG lines"
  echo "kernel/dmesg-T.txt              dmesg -T, same lines"
  if [ "$HAVE_JOURNALD" = 1 ]; then
    echo "journal/journalctl-k.txt        private systemd-journald, journalctl -k -o short, filtered"
    echo "journal/journalctl-k-short-iso.txt          -o short-iso, filtered"
    echo "journal/journalctl-k-short-iso-precise.txt  -o short-iso-precise, filtered"
    echo "journal/journalctl-t-ss-server.txt          ss-server 8390 (grace) stdout via systemd-cat, -o short"
    echo "journal/journalctl-t-ss-server-iso.txt      same, -o short-iso"
  fi
  echo "ulogd/ulogd_syslogemu.log       ulogd2 2.0.8 NFLOG group 1 -> LOGEMU"
  echo "ulogd/ulogd.json                ulogd2 2.0.8 NFLOG group 2 -> JSON"
  echo "ulogd/ulogd.log                 ulogd's own log"
  echo "servers/sessions.jsonl          what the fake SMTP/HTTP servers saw (peer = proxy egress ip|port)"
  echo "clients/                        swaks transcripts, curl errors, client-side v2ray/ss-local logs"
  echo "leakcheck.txt                   no-leak check (root-namespace capture)"
  echo "run/                            configs, pid files, raw captures, netfilter-rules.txt, topology.txt"
} > "$OUT/manifest"

log "done in $(($(date +%s) - T0)) s; output in $OUT"
