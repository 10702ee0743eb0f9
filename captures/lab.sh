# shellcheck shell=bash
# The namespace lab used by record.sh (sourced, not run).
#
# One namespace "vsl-sw" holds the Linux bridge br0 (the switch); each node gets its own network
# namespace "vsl-<node>" with veth ends created directly inside the namespaces (nothing is ever
# placed in the root namespace), and its own PID + mount namespace held open by a `sleep` as PID 1,
# so that `killall -0 haproxy` on a node sees only that node's haproxy (vrrp-behaviour.md App. B).
# Every process is started with `ip netns exec`. Times are CLOCK_REALTIME ($EPOCHREALTIME), the
# clock tcpdump stamps packets with.

# VRRPSCOPE_LAB_PREFIX lets several labs run side by side on one machine (distinct namespaces).
LAB_PREFIX="${VRRPSCOPE_LAB_PREFIX:-vsl}"
SW=$LAB_PREFIX-sw
LAB_ROOT=/run/vrrpscope-lab-$LAB_PREFIX
declare -A HOLDER=()   # node -> pid (root namespace numbering) of the PID-namespace holder
declare -a NODES=()
declare -a BG_PIDS=()  # every background process we started (tcpdump, holders, ...)
PORT_SEQ=0
CAP_PID=""
SCEN_T0=""

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

ns() { echo "$LAB_PREFIX-$1"; }

# Tear down everything this lab created: processes in our namespaces (by pid), then the namespaces.
lab_teardown() {
  local n p
  if [[ -n "$CAP_PID" ]]; then kill -INT "$CAP_PID" 2>/dev/null || true; fi
  for n in "${NODES[@]}" sw; do
    if ip netns list | grep -qx "$(ns "$n")\( .*\)\?"; then
      for p in $(ip netns pids "$(ns "$n")" 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    fi
  done
  for p in "${BG_PIDS[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  sleep 0.3
  for n in "${NODES[@]}" sw; do ip netns del "$(ns "$n")" 2>/dev/null || true; done
  NODES=()
  HOLDER=()
  BG_PIDS=()
  CAP_PID=""
  PORT_SEQ=0
}

# lab_begin NAME DESCRIPTION: fresh work directory and switch namespace.
lab_begin() {
  SCEN="$1"
  W="$LAB_ROOT/$SCEN"
  rm -rf "$W"
  mkdir -p "$W"
  chmod 700 "$LAB_ROOT" "$W"
  printf '%s\n' "$SCEN" >"$W/name"
  printf '%s\n' "$2" >"$W/description"
  : >"$W/events.log"
  ip netns add "$SW"
  ip netns exec "$SW" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$SW" link add br0 type bridge mcast_snooping 0 stp_state 0
  ip -n "$SW" link set br0 up
  SCEN_T0=$EPOCHREALTIME
  log "scenario $SCEN"
}

# lab_node NAME IPV6(0|1): network namespace + PID namespace holder.
lab_node() {
  local name="$1" v6="$2" nsn uns h
  nsn=$(ns "$name")
  ip netns add "$nsn"
  NODES+=("$name")
  mkdir -p "$W/nodes/$name"
  if [[ "$v6" == 1 ]]; then
    ip netns exec "$nsn" sysctl -qw net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0 \
      net.ipv6.conf.default.router_solicitations=0
  else
    ip netns exec "$nsn" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  fi
  ip -n "$nsn" link set lo up
  ip netns exec "$nsn" unshare --pid --fork --mount-proc sleep 100000 &
  uns=$!
  disown "$uns"
  BG_PIDS+=("$uns")
  for _ in $(seq 50); do
    h=$(pgrep -P "$uns" || true)
    [[ -n "$h" ]] && break
    sleep 0.02
  done
  HOLDER[$name]="$h"
}

# lab_link NODE IFNAME MAC ADDR/PREFIX...: a veth from the switch to the node.
lab_link() {
  local name="$1" ifn="$2" mac="$3" nsn port
  shift 3
  nsn=$(ns "$name")
  PORT_SEQ=$((PORT_SEQ + 1))
  port="sp$PORT_SEQ"
  ip -n "$SW" link add "$port" type veth peer name "$ifn" netns "$nsn"
  ip -n "$nsn" link set "$ifn" address "$mac"
  ip -n "$SW" link set "$port" master br0 up
  ip -n "$nsn" link set "$ifn" up
  local a
  for a in "$@"; do ip -n "$nsn" addr add "$a" dev "$ifn"; done
  printf '%s %s %s %s\n' "$ifn" "$mac" "$port" "$*" >>"$W/nodes/$name/links"
}

# lab_vlan NODE PARENT VID ADDR...: an 802.1Q sub-interface PARENT.VID. The recording VM's kernel has
# no 802.1Q support, so it is a tap device with the parent's MAC, bridged to PARENT by vlan-relay.py,
# which adds and strips the tag: the switch and the capture see real tagged frames.
lab_vlan() {
  local name="$1" parent="$2" vid="$3" nsn ifn mac
  shift 3
  nsn=$(ns "$name")
  ifn="$parent.$vid"
  mac=$(awk -v i="$parent" '$1 == i { print $2 }' "$W/nodes/$name/links")
  ip -n "$nsn" tuntap add dev "$ifn" mode tap
  ip -n "$nsn" link set "$ifn" address "$mac"
  ip netns exec "$nsn" python3 "$HERE/vlan-relay.py" "$parent" "$ifn" "$vid" &
  BG_PIDS+=($!)
  disown
  sleep 0.3
  ip -n "$nsn" link set "$ifn" up
  local a
  for a in "$@"; do ip -n "$nsn" addr add "$a" dev "$ifn"; done
  printf '%s %s %s %s\n' "$ifn" "$mac" "-" "$*" >>"$W/nodes/$name/links"
}

# The port on the switch of NODE's interface IFNAME.
lab_port() { awk -v i="$2" '$1 == i { print $3 }' "$W/nodes/$1/links"; }

# run_in NODE CMD...: run inside the node's network, PID and mount namespaces.
run_in() {
  local name="$1"
  shift
  ip netns exec "$(ns "$name")" nsenter -t "${HOLDER[$name]}" -p -m -- "$@"
}

# The notify FIFO reader each keepalived starts: one truth line per state change.
write_fifo_reader() {
  cat >"$W/fifo-reader.sh" <<'EOF'
#!/bin/bash
# $1 = node name, $2 = events log, last argument = the FIFO (keepalived appends it).
node="$1"
out="$2"
fifo="${!#}"
while read -r kind name state prio; do
  name="${name#\"}"
  name="${name%\"}"
  echo "$EPOCHREALTIME state $node $kind $name $state ${prio:-0}" >>"$out"
done <"$fifo"
EOF
  chmod 755 "$W/fifo-reader.sh"
}

# node_config NODE < body: the node's keepalived.conf = our global_defs (notify FIFO only) + body.
node_config() {
  local name="$1" body
  body=$(cat)
  [[ -f "$W/fifo-reader.sh" ]] || write_fifo_reader
  {
    printf 'global_defs {\n'
    [[ -n "${GLOBAL_EXTRA:-}" ]] && printf '%s\n' "$GLOBAL_EXTRA"
    printf '  vrrp_notify_fifo %s/nodes/%s/notify.fifo\n' "$W" "$name"
    printf '  vrrp_notify_fifo_script "%s/fifo-reader.sh %s %s/events.log"\n' "$W" "$name" "$W"
    printf '}\n\n%s\n' "$body"
  } >"$W/nodes/$name/keepalived.conf"
}

fault() { # fault NODE ACTION [key=value...]
  echo "$EPOCHREALTIME fault $*" >>"$W/events.log"
}

# at SECONDS: wait until SECONDS after the scenario began (never longer than that).
at() {
  local now wait
  now=$EPOCHREALTIME
  wait=$(awk -v a="$1" -v t0="$SCEN_T0" -v n="$now" 'BEGIN { w = t0 + a - n; if (w < 0) w = 0; printf "%.3f", w }')
  sleep "$wait"
}

# capture WHERE FORMAT [FILTER]: WHERE = sw (bridge br0) or a node name (-i any, Linux cooked).
# FORMAT = pcap | pcap-ns | pcapng | sll | sll2 (pcap; -i any as LINUX_SLL or LINUX_SLL2, else
# tcpdump's default for -i any, LINUX_SLL2).
CAP_FILTER_DEFAULT='ip proto 112 or ip6 proto 112 or arp or icmp6'
capture() {
  local where="$1" fmt="$2" filter="${3:-$CAP_FILTER_DEFAULT}" args=(-n -U -w "$W/capture.pcap")
  [[ "$fmt" == pcap-ns ]] && args+=(--time-stamp-precision nano)
  [[ "$fmt" == sll2 ]] && args+=(-y LINUX_SLL2)
  [[ "$fmt" == sll ]] && args+=(-y LINUX_SLL)
  CAP_FORMAT="$fmt"
  if [[ "$where" == sw ]]; then
    ip netns exec "$SW" tcpdump -i br0 "${args[@]}" "$filter" 2>"$W/tcpdump.log" &
  else
    ip netns exec "$(ns "$where")" tcpdump -i any "${args[@]}" "$filter" 2>"$W/tcpdump.log" &
  fi
  CAP_PID=$!
  BG_PIDS+=("$CAP_PID")
  for _ in $(seq 100); do
    grep -q 'listening on' "$W/tcpdump.log" 2>/dev/null && break
    sleep 0.05
  done
}

# marker FROM IPV4: an ARP exchange (UDP to the discard port) so that the capture's first packet
# precedes every fault and state change of the run.
marker() {
  ip netns exec "$(ns "$1")" bash -c "echo m > /dev/udp/$2/9" 2>/dev/null || true
  sleep 0.3
}

ka_start() {
  local n="$1" d="$W/nodes/$1"
  fault "$n" start-keepalived
  # A restart after SIGKILL finds stale pid files whose numbers may now belong to another process
  # of the node's PID namespace ("daemon is already running"): clear them as a service manager would.
  rm -f "$d/keepalived.pid" "$d/vrrp.pid" "$d/checkers.pid" "$d/bfd.pid"
  # KA_CONFIG_ID=1 adds `-i NODE`, so that a shared config's `@NODE` lines select by node name.
  run_in "$n" keepalived -P -n -l -D -G ${KA_CONFIG_ID:+-i "$n"} -f "$d/keepalived.conf" -p "$d/keepalived.pid" \
    -r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid" >>"$d/keepalived.log" 2>&1 &
  BG_PIDS+=($!)
  disown
}

# Signal both keepalived processes of a node (the VRRP child first, so that a SIGKILL never lets
# the parent respawn it or the child see its parent die and shut down gracefully).
ka_signal() {
  local n="$1" sig="$2" d="$W/nodes/$1"
  run_in "$n" bash -c "kill -$sig \$(cat $d/vrrp.pid) \$(cat $d/keepalived.pid)"
}
ka_kill() { fault "$1" kill-keepalived; ka_signal "$1" KILL; }
ka_pause() { fault "$1" pause-keepalived; ka_signal "$1" STOP; }
ka_resume() { fault "$1" resume-keepalived; ka_signal "$1" CONT; }
ka_stop() {
  local d="$W/nodes/$1"
  fault "$1" stop-keepalived
  run_in "$1" bash -c "kill -TERM \$(cat $d/keepalived.pid)"
}

haproxy_config() {
  cat >"$W/haproxy.cfg" <<'EOF'
# The story's load balancer in front of the three DB nodes (only its process matters here).
defaults
  mode tcp
  timeout connect 1s
  timeout client 30s
  timeout server 30s
listen prod-db
  bind 127.0.0.1:3306
  server prod-db-000 127.0.0.1:3307
  server prod-db-001 127.0.0.1:3308
  server prod-db-002 127.0.0.1:3309
EOF
}
haproxy_start() {
  [[ -f "$W/haproxy.cfg" ]] || haproxy_config
  fault "$1" start-process process=haproxy
  run_in "$1" haproxy -db -f "$W/haproxy.cfg" >>"$W/nodes/$1/haproxy.log" 2>&1 &
  BG_PIDS+=($!)
  disown
}
haproxy_kill() {
  fault "$1" kill-process process=haproxy
  run_in "$1" killall -9 haproxy
}

link_down() { fault "$1" link-down "interface=$2"; ip -n "$(ns "$1")" link set "$2" down; }
link_up() { fault "$1" link-up "interface=$2"; ip -n "$(ns "$1")" link set "$2" up; }

# VRRP blocked between all nodes (multicast no longer flooded to any port; the capture on br0
# still sees everything), then healed. vrrp-behaviour.md App. B.
partition_all() {
  local n groups="" p
  for n in "${NODES[@]}"; do groups+="${groups:+|}$n"; done
  for p in $(ip -n "$SW" -o link show master br0 | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    ip netns exec "$SW" bridge link set dev "$p" mcast_flood off
  done
  # Stamped once every port is done: a loaded machine takes tens of ms per command.
  fault - partition "groups=$groups"
}
# block_mcast FROM TO: TO no longer hears FROM's multicast (its switch port stops flooding
# multicast; with two nodes that is exactly FROM → TO), while FROM still hears TO. §8.2.
block_mcast() {
  ip netns exec "$SW" bridge link set dev "$(lab_port "$2" eth0)" mcast_flood off
  fault - block-multicast "from=$1" "to=$2"
}
heal_all() {
  local p
  for p in $(ip -n "$SW" -o link show master br0 | awk -F': ' '{ print $2 }' | cut -d@ -f1); do
    ip netns exec "$SW" bridge link set dev "$p" mcast_flood on
  done
  fault - heal
}

# lab_run_scenarios KNOWN... -- SELECTED...: run scenario_<name> for each selected name (all known
# ones when none is selected), each bounded by a 90 s watchdog (the EXIT trap tears down).
lab_run_scenarios() {
  local known=() selected=() s fn dog
  while [[ $# -gt 0 && "$1" != -- ]]; do
    known+=("$1")
    shift
  done
  shift || true
  selected=("$@")
  [[ ${#selected[@]} -eq 0 ]] && selected=("${known[@]}")
  for s in "${selected[@]}"; do
    fn="scenario_${s//-/_}"
    if ! declare -F "$fn" >/dev/null; then
      echo "$(basename "$0"): unknown scenario $s (known: ${known[*]})" >&2
      exit 2
    fi
    ( sleep 90 && kill -TERM $$ ) >/dev/null 2>&1 </dev/null &
    dog=$!
    "$fn"
    pkill -P "$dog" sleep 2>/dev/null || true
    kill "$dog" 2>/dev/null || true
  done
  log "done: ${selected[*]}"
}

# lab_end OUTDIR: stop the capture, tear the lab down, write OUTDIR/<scenario>.{pcap,pcapng} and
# <scenario>.truth.json.
lab_end() {
  local out="$1" ext=pcap
  sleep 0.2
  kill -INT "$CAP_PID" 2>/dev/null || true
  wait "$CAP_PID" 2>/dev/null || true
  CAP_PID=""
  lab_teardown
  rm -f "$out/$SCEN.pcap" "$out/$SCEN.pcapng"
  if [[ "$CAP_FORMAT" == pcapng ]]; then
    ext=pcapng
    editcap -F pcapng "$W/capture.pcap" "$out/$SCEN.pcapng"
  else
    cp "$W/capture.pcap" "$out/$SCEN.pcap"
  fi
  npx --no-install tsx "$HERE/make-truth.ts" "$W" "$out/$SCEN.$ext" "$out/$SCEN.truth.json"
}
