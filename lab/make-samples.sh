#!/usr/bin/env bash
# Copy one lab run (lab/run.sh OUTDIR) into the sample-logs/ layout.
#
#   lab/make-samples.sh OUTDIR [DEST [FORMATS]]
#
# DEST (default sample-logs/) gets what one VPS would have: every event once, so
# that `audit who sample-logs/` tells the story of truth.json. FORMATS (default
# analyzer/src/test/resources/real-formats/) gets the other renderings of the same
# events (other syslog template, journald, dmesg, ulogd) plus the run's ground
# truth; the golden-file and end-to-end tests read both.
#
# Lines are copied byte for byte. The only changes are whole-line filters that
# run.sh already applied (kernel lines: this run's uptime and the lab's log
# prefixes only) and the logrotate-style split of the v2ray access log into
# v2ray-4.34/rotated/ (see sample-logs/README.md).
set -euo pipefail
LAB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -ge 1 ] || { echo "usage: $0 OUTDIR [DEST]" >&2; exit 2; }
SRC=$(cd "$1" && pwd)
DEST=${2:-$LAB_DIR/../sample-logs}
FORMATS=${3:-$LAB_DIR/../analyzer/src/test/resources/real-formats}
mkdir -p "$DEST" "$FORMATS"
DEST=$(cd "$DEST" && pwd)
FORMATS=$(cd "$FORMATS" && pwd)
[ -f "$SRC/truth.json" ] || { echo "$SRC has no truth.json: not a finished lab run" >&2; exit 1; }

V2=$DEST/v2ray-4.34
SS=$DEST/shadowsocks-libev-3.3.5
K=$DEST/kernel
UL=$DEST/ulogd2-2.0.8
rm -rf "$V2" "$SS" "$K" "$UL"
mkdir -p "$V2/rotated" "$SS" "$K" "$UL"

cp "$SRC/v2ray/access.log" "$SRC/v2ray/error.log" "$V2/"

# logrotate-style example (rotate + compress + delaycompress, as copytruncate would leave it):
# access.log.2.gz = first half of phase 1, access.log.1 = second half, access.log = phase 2.
P2=$(awk '$1=="phase2_start"{print $2}' "$SRC/run/phases")
if [ -n "$P2" ]; then
  CUT=$(TZ=$(cat "$SRC/run/tz") date -d "@${P2%.*}" '+%Y/%m/%d %H:%M:%S')
  awk -v c="$CUT" 'substr($0,1,19) <  c' "$SRC/v2ray/access.log" > "$V2/rotated/older"
  awk -v c="$CUT" 'substr($0,1,19) >= c' "$SRC/v2ray/access.log" > "$V2/rotated/access.log"
else
  cp "$SRC/v2ray/access.log" "$V2/rotated/older"; : > "$V2/rotated/access.log"
fi
n=$(wc -l < "$V2/rotated/older")
head -n $((n / 2)) "$V2/rotated/older" > "$V2/rotated/access.log.2"
tail -n +$((n / 2 + 1)) "$V2/rotated/older" > "$V2/rotated/access.log.1"
rm "$V2/rotated/older"
gzip -n -9 "$V2/rotated/access.log.2"
# the three parts together are exactly access.log
cmp <(zcat "$V2/rotated/access.log.2.gz"; cat "$V2/rotated/access.log.1" "$V2/rotated/access.log") "$V2/access.log"

cp "$SRC/shadowsocks/ss-server-8388.log" "$SS/"
[ -f "$SRC/shadowsocks/ss-server-8390.log" ] && cp "$SRC/shadowsocks/ss-server-8390.log" "$SS/"
cp "$SRC/rsyslog/syslog" "$SS/syslog"
cp "$SRC/rsyslog/syslog.traditional" "$SS/syslog.traditional"
if [ -s "$SRC/journal/journalctl-t-ss-server.txt" ]; then
  cp "$SRC/journal/journalctl-t-ss-server.txt" "$SS/journalctl-t-ss-server.txt"
  cp "$SRC/journal/journalctl-t-ss-server-iso.txt" "$SS/journalctl-t-ss-server-short-iso.txt"
fi

cp "$SRC/kernel/dmesg.txt" "$SRC/kernel/dmesg-T.txt" "$K/"
[ -s "$SRC/kernel/kern.log" ] && cp "$SRC/kernel/kern.log" "$SRC/kernel/kern.log.traditional" "$K/"
if [ -s "$SRC/journal/journalctl-k.txt" ]; then
  cp "$SRC/journal/journalctl-k.txt" "$K/journalctl-k.txt"
  cp "$SRC/journal/journalctl-k-short-iso.txt" "$K/journalctl-k-short-iso.txt"
fi

cp "$SRC/ulogd/ulogd_syslogemu.log" "$SRC/ulogd/ulogd.json" "$UL/"

cp "$SRC/truth.json" "$SRC/truth-summary.txt" "$SRC/versions.tsv" "$DEST/"
cp "$SRC/run/netfilter-rules.txt" "$DEST/netfilter-rules.txt"

# Alternate renderings of the same events leave the story folder.
find "$FORMATS" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
mkdir -p "$FORMATS/v2ray-4.34" "$FORMATS/shadowsocks-libev-3.3.5" "$FORMATS/kernel" "$FORMATS/lab-run"
mv "$V2/access.log" "$FORMATS/v2ray-4.34/access.log"
mv "$V2/rotated/access.log" "$V2/rotated/access.log.1" "$V2/rotated/access.log.2.gz" "$V2/"
rmdir "$V2/rotated"
for f in syslog.traditional journalctl-t-ss-server-short-iso.txt ss-server-8390.log; do
  [ -f "$SS/$f" ] && mv "$SS/$f" "$FORMATS/shadowsocks-libev-3.3.5/"
done
for f in dmesg.txt dmesg-T.txt kern.log.traditional journalctl-k.txt journalctl-k-short-iso.txt; do
  [ -f "$K/$f" ] && mv "$K/$f" "$FORMATS/kernel/"
done
mv "$UL" "$FORMATS/"
mv "$DEST/truth.json" "$DEST/truth-summary.txt" "$DEST/versions.tsv" "$DEST/netfilter-rules.txt" "$FORMATS/lab-run/"

find "$DEST" "$FORMATS" -type f -size +200k -printf 'WARNING: %p is over 200 KB\n'
( cd "$DEST" && find . -type f ! -name README.md | sort | xargs wc -lc )
( cd "$FORMATS" && find . -type f ! -name README.md | sort | xargs wc -lc )
