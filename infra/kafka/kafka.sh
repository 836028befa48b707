#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, no ZooKeeper) for development and
# tests, run straight from the jars Maven Central serves: no Docker, no tarball.
# Usage: bash infra/kafka/kafka.sh <fetch|start|wait|create-topic|stop|status> [options]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
kafka_version="3.9.1"
libs="$root/.local/kafka/libs-$kafka_version"
libs_marker="$libs/.complete"

port=9092
controller_port=9093
data="$root/.local/kafka/data"
timeout_s=60
partitions=3

say() { printf 'kafka: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

usage() {
  cat >&2 <<'EOF'
usage: kafka.sh fetch
       kafka.sh start  [--data DIR] [--port N] [--controller-port N] [--timeout S]
       kafka.sh wait   [--data DIR] [--port N] [--timeout S]
       kafka.sh create-topic NAME [--partitions N] [--port N]
       kafka.sh stop   [--data DIR] [--timeout S]
       kafka.sh status [--data DIR] [--port N]
EOF
  exit 2
}

parse_options() {
  while (($#)); do
    case "$1" in
      --data) data="$2"; shift 2 ;;
      --port) port="$2"; shift 2 ;;
      --controller-port) controller_port="$2"; shift 2 ;;
      --timeout) timeout_s="$2"; shift 2 ;;
      --partitions) partitions="$2"; shift 2 ;;
      *) say "unknown option: $1"; usage ;;
    esac
  done
  case "$data" in /*) ;; *) data="$PWD/$data" ;; esac
}

pid_file() { echo "$data/kafka.pid"; }

running_pid() {
  local file pid
  file="$(pid_file)"
  [[ -f "$file" ]] || return 1
  pid="$(cat "$file")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

port_answers() {
  # bash's /dev/tcp: a connect attempt without needing nc or the JVM.
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

classpath() {
  [[ -f "$libs_marker" ]] || die "broker jars missing: run 'bash infra/kafka/kafka.sh fetch' first"
  echo "$libs/*"
}

cmd_fetch() {
  if [[ -f "$libs_marker" ]]; then
    say "jars for $kafka_version already in ${libs#"$root"/}"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (apt-get install -y maven)"
  local started=$SECONDS staging="$libs.partial"
  rm -rf "$staging"
  mkdir -p "$staging"
  say "fetching Kafka $kafka_version jars from Maven Central"
  # Maven 3.8 prints colour resets even in batch mode; strip them from the log.
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$staging" -DincludeScope=runtime 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
  # The marker is written last and the directory renamed into place, so an
  # interrupted fetch is never mistaken for a complete classpath.
  ls "$staging"/kafka_2.13-"$kafka_version".jar >/dev/null
  touch "$staging/.complete"
  rm -rf "$libs"
  mv "$staging" "$libs"
  say "fetched $(find "$libs" -name '*.jar' | wc -l) jars in $((SECONDS - started))s"
}

write_config() {
  local logs="$data/logs"
  mkdir -p "$logs" "$data/kraft-logs"
  cat >"$data/server.properties" <<EOF
# Written by infra/kafka/kafka.sh: single-node KRaft broker for development.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data/kraft-logs

# One broker: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=5
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=5
min.insync.replicas=1
default.replication.factor=1
num.partitions=3
# Topics are created on purpose (kafka.sh create-topic, or the services' set-up).
auto.create.topics.enable=false
# Tests and dev restarts join groups constantly; the default 3 s delay only slows them.
group.initial.rebalance.delay.ms=0

# Small machine, small broker.
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
log.cleaner.dedupe.buffer.size=16777216
log.segment.bytes=16777216
log.retention.hours=72
log.retention.bytes=268435456
log.retention.check.interval.ms=60000
EOF
  cat >"$data/log4j.properties" <<EOF
# Written by infra/kafka/kafka.sh: everything to one rolling file, quiet by default.
log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.RollingFileAppender
log4j.appender.file.File=$logs/server.log
log4j.appender.file.MaxFileSize=10MB
log4j.appender.file.MaxBackupIndex=2
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.kafka.request.logger=WARN
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.log.LogCleaner=WARN
log4j.logger.org.apache.kafka.raft=WARN
log4j.logger.org.apache.kafka.storage=WARN
log4j.logger.kafka.log=WARN
EOF
}

format_storage() {
  local cp="$1" cluster_id_file="$data/cluster-id"
  # A formatted log dir holds meta.properties; formatting again would only cost a JVM start.
  [[ -s "$data/kraft-logs/meta.properties" ]] && return 0
  if [[ ! -s "$cluster_id_file" ]]; then
    # A cluster id is 16 random bytes in URL-safe base64 (what StorageTool random-uuid prints),
    # made here without starting a JVM; Kafka rejects ids that start with "-".
    local id
    while true; do id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '='); [[ "$id" != -* ]] && break; done
    printf '%s\n' "$id" >"$cluster_id_file"
  fi
  java -cp "$cp" -Dlog4j.configuration="file:$data/log4j.properties" \
    kafka.tools.StorageTool format --ignore-formatted \
    -t "$(cat "$cluster_id_file")" -c "$data/server.properties" >>"$data/logs/format.log" 2>&1 \
    || { tail -n 20 "$data/logs/format.log" >&2; die "storage format failed"; }
}

cmd_start() {
  if [[ -n "${KAFKA_BROKERS:-}" ]]; then
    say "KAFKA_BROKERS is set ($KAFKA_BROKERS): using it, starting nothing"
    return 0
  fi
  if port_answers "$port"; then
    say "something already answers on 127.0.0.1:$port: using it, starting nothing"
    return 0
  fi
  if pid="$(running_pid)"; then
    die "a broker (pid $pid) already runs on $data but does not answer on $port"
  fi
  command -v java >/dev/null || die "java not found (apt-get install -y default-jre-headless)"
  local cp
  cp="$(classpath)"
  write_config
  format_storage "$cp"

  # setsid: the broker outlives this script and the terminal that started it;
  # kafka.sh stop (or the pid file) ends it.
  # TieredStopAtLevel=1: the client compiler only. A fresh broker's optimising compiler
  # still took a third of a core half a minute into a load test on a 2-core machine;
  # a test or dev broker never lives long enough to pay that back.
  setsid nohup java -Xmx512m -Xms256m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:TieredStopAtLevel=1 \
    -Djava.awt.headless=true \
    -Dlog4j.configuration="file:$data/log4j.properties" \
    -Dkafka.logs.dir="$data/logs" \
    -cp "$cp" kafka.Kafka "$data/server.properties" \
    >"$data/logs/stdout.log" 2>&1 </dev/null &
  echo $! >"$(pid_file)"
  say "started broker pid $! on 127.0.0.1:$port (controller $controller_port), data ${data#"$root"/}"
  cmd_wait
  admin warm-up "127.0.0.1:$port"
}

admin() {
  # kafkajs (already a workspace dependency) answers "is metadata served?" without
  # a second JVM start.
  node "$here/kafka-admin.js" "$@"
}

cmd_wait() {
  local started=$SECONDS deadline=$((SECONDS + timeout_s)) pid=""
  pid="$(running_pid || true)"
  until port_answers "$port" && admin ready "127.0.0.1:$port" 2>/dev/null; do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$data/logs/server.log" "$data/logs/stdout.log" >&2 2>/dev/null || true
      die "broker pid $pid exited during start-up (logs in $data/logs)"
    fi
    ((SECONDS < deadline)) || die "no broker on 127.0.0.1:$port after ${timeout_s}s (logs in $data/logs)"
    sleep 0.5
  done
  say "broker ready on 127.0.0.1:$port after $((SECONDS - started))s"
}

cmd_create_topic() {
  local name="${1:-}"
  [[ -n "$name" && "$name" != --* ]] || usage
  shift
  parse_options "$@"
  local brokers="${KAFKA_BROKERS:-127.0.0.1:$port}"
  admin create-topic "$brokers" "$name" "$partitions"
}

cmd_stop() {
  local pid deadline
  if ! pid="$(running_pid)"; then
    say "no broker running for ${data#"$root"/}"
    rm -f "$(pid_file)"
    return 0
  fi
  kill -TERM "$pid"
  deadline=$((SECONDS + timeout_s))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      say "broker pid $pid still up after ${timeout_s}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$(pid_file)"
  say "stopped broker pid $pid"
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    say "broker pid $pid running for ${data#"$root"/}"
  else
    say "no broker process recorded for ${data#"$root"/}"
  fi
  if port_answers "$port"; then
    say "127.0.0.1:$port answers"
  else
    say "nothing answers on 127.0.0.1:$port"
    return 1
  fi
}

command="${1:-}"
[[ -n "$command" ]] || usage
shift
case "$command" in
  fetch) cmd_fetch ;;
  start) parse_options "$@"; cmd_start ;;
  wait) parse_options "$@"; cmd_wait ;;
  create-topic) cmd_create_topic "$@" ;;
  stop) timeout_s=30; parse_options "$@"; cmd_stop ;;
  status) parse_options "$@"; cmd_status ;;
  *) usage ;;
esac
