#!/usr/bin/env bash
# A real OpenSearch node for `audit ship` and its tests: OpenSearch's minimal distribution from
# Maven Central (org.opensearch.distribution.integ-test-zip:opensearch, no security plugin),
# listening on 127.0.0.1 only.
#
#   lab/opensearch.sh start DIR [PORT [ROLE]]   # unpack into DIR (once), start, wait for green; ~20 s
#   lab/opensearch.sh stop DIR                  # stop the node started there (by its recorded PID)
#
# ROLE: single (the default: a cluster of one node), first (the first node of a cluster that
# others join), or join=PORT (a data node joining the cluster of the node on HTTP port PORT: a
# second copy of every shard lives there, the template's auto_expand_replicas).
#
# Must run as root: OpenSearch refuses to run as root, so it runs as the system user
# pa-opensearch (created if missing, with whatever uid is free). DIR must be traversable by that
# user (e.g. under /var/tmp). Data and logs stay in DIR; `rm -rf DIR` after stop removes all.
set -euo pipefail

VERSION=2.19.6
ARTIFACT=org.opensearch.distribution.integ-test-zip:opensearch:$VERSION:zip
USER_NAME=pa-opensearch
log() { printf '[opensearch %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ $# -ge 2 ] || die "usage: $0 start DIR [PORT [single|first|join=PORT]] | stop DIR"
CMD=$1
DIR=$2
PORT=${3:-9200}
ROLE=${4:-single}
case "$ROLE" in
  single) CLUSTER_ARGS=(-E discovery.type=single-node) ;;
  first) CLUSTER_ARGS=(-E "cluster.initial_cluster_manager_nodes=pa-node-$PORT"
                       -E "discovery.seed_hosts=127.0.0.1:$((PORT + 100))") ;;
  join=[0-9]*) CLUSTER_ARGS=(-E "discovery.seed_hosts=127.0.0.1:$((${ROLE#join=} + 100))"
                             -E node.roles=data,ingest) ;;
  *) die "unknown role $ROLE (single, first or join=PORT)" ;;
esac
[ "$(id -u)" -eq 0 ] || die "must run as root (OpenSearch then runs as $USER_NAME)"
mkdir -p "$DIR"
DIR=$(cd "$DIR" && pwd)
HOME_DIR=$DIR/opensearch-$VERSION
PIDFILE=$DIR/opensearch.pid

alive() {  # the recorded pid is still ours: bin/opensearch (a script that execs) or its JVM
  [ -f "$PIDFILE" ] || return 1
  local pid; pid=$(cat "$PIDFILE")
  [ -d "/proc/$pid" ] && tr '\0' ' ' < "/proc/$pid/cmdline" | grep -q -e "org.opensearch.bootstrap.OpenSearch" -e "$HOME_DIR/bin/opensearch"
}

case "$CMD" in
  stop)
    if alive; then
      pid=$(cat "$PIDFILE")
      kill -TERM "$pid"
      for _ in $(seq 100); do [ -d "/proc/$pid" ] || break; sleep 0.2; done
      [ -d "/proc/$pid" ] && kill -KILL "$pid"
      log "stopped pid $pid"
    fi
    rm -f "$PIDFILE"
    exit 0 ;;
  start) ;;
  *) die "unknown command $CMD" ;;
esac

alive && { log "already running (pid $(cat "$PIDFILE"))"; exit 0; }
JAVA_HOME_17=${OPENSEARCH_JAVA_HOME:-}
if [ -z "$JAVA_HOME_17" ]; then
  JAVA_HOME_17=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
fi
[ -x "$JAVA_HOME_17/bin/java" ] || die "no Java 17 at $JAVA_HOME_17 (set OPENSEARCH_JAVA_HOME)"

if [ ! -x "$HOME_DIR/bin/opensearch" ]; then
  log "fetching $ARTIFACT (Maven Central, cached in ~/.m2)"
  mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$ARTIFACT" -DoutputDirectory="$DIR" -Dmdep.useBaseVersion=true >&2 \
    || die "could not fetch $ARTIFACT"
  (cd "$DIR" && unzip -q -o "opensearch-$VERSION.zip") || die "could not unpack"
  rm -f "$DIR/opensearch-$VERSION.zip"
fi
if ! getent passwd "$USER_NAME" > /dev/null; then
  useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin "$USER_NAME"
fi
mkdir -p "$DIR/data" "$DIR/logs"
chown -R "$USER_NAME:" "$HOME_DIR" "$DIR/data" "$DIR/logs"
chmod 0755 "$DIR"

log "starting on 127.0.0.1:$PORT as $USER_NAME"
# setpriv and bin/opensearch both exec: $! is the JVM's pid
OPENSEARCH_JAVA_HOME=$JAVA_HOME_17 OPENSEARCH_JAVA_OPTS="-Xms512m -Xmx512m" \
  setpriv --reuid="$USER_NAME" --regid="$(id -g "$USER_NAME")" --init-groups \
  "$HOME_DIR/bin/opensearch" "${CLUSTER_ARGS[@]}" -E network.host=127.0.0.1 \
  -E http.port="$PORT" -E transport.port=$((PORT + 100)) -E cluster.name=pa-fleet \
  -E node.name="pa-node-$PORT" -E path.data="$DIR/data" -E path.logs="$DIR/logs" \
  > "$DIR/logs/stdout.log" 2>&1 < /dev/null &
echo $! > "$PIDFILE"
for _ in $(seq 240); do
  if curl -fsS "http://127.0.0.1:$PORT/_cluster/health?wait_for_status=green&timeout=1s" > /dev/null 2>&1; then
    log "green (pid $(cat "$PIDFILE"))"
    exit 0
  fi
  alive || die "OpenSearch exited; see $DIR/logs/stdout.log: $(tail -5 "$DIR/logs/stdout.log")"
  sleep 0.5
done
die "not green after 120 s; see $DIR/logs"
