# shellcheck shell=bash
# ucarp (Debian's ucarp 1.5.2) in the namespace lab: CARP on IP protocol 112 (sourced by record.sh).
#
# ucarp runs in the node's network and PID namespaces like keepalived. It logs to stderr, unbuffered,
# each line stamped by ucarp itself from gettimeofday() (CLOCK_REALTIME, tcpdump's clock); it runs
# with TZ=UTC so that make-truth.ts can read those stamps. Its up/down scripts add and remove the VIP
# (ucarp sends the gratuitous ARP itself). The recordings go to captures/carp/, apart from the
# keepalived ones that the keepalived fidelity tests replay.

declare -A UCARP_PID=() # node -> pid (root namespace numbering) of its running ucarp

ucarp_scripts() {
  [[ -f "$W/vip-up.sh" ]] && return 0
  printf '#!/bin/sh\n# ucarp upscript: $1 = interface, $2 = VIP\nexec ip addr add "$2/24" dev "$1"\n' >"$W/vip-up.sh"
  printf '#!/bin/sh\n# ucarp downscript: $1 = interface, $2 = VIP\nexec ip addr del "$2/24" dev "$1" 2>/dev/null\n' >"$W/vip-down.sh"
  chmod 755 "$W/vip-up.sh" "$W/vip-down.sh"
}

# ucarp_args NODE SRCIP VHID VIP ADVSKEW [more ucarp options...]: the node's ucarp command line, saved
# (one argument a line) for the truth file. The up/down scripts are the lab's, not part of the config.
ucarp_args() {
  local n="$1" src="$2" vhid="$3" vip="$4" skew="$5"
  shift 5
  printf '%s\n' --interface=eth0 "--srcip=$src" "--vhid=$vhid" --pass=s3cret "--addr=$vip" --advbase=1 \
    "--advskew=$skew" "$@" >"$W/nodes/$n/ucarp.args"
}

# ucarp_descendant PID: the pid of the process named ucarp below PID, if any.
ucarp_descendant() {
  local c
  for c in $(pgrep -P "$1" || true); do
    if [[ "$(cat "/proc/$c/comm" 2>/dev/null)" == ucarp ]]; then
      echo "$c"
      return
    fi
    ucarp_descendant "$c"
  done
}

ucarp_start() {
  local n="$1" d="$W/nodes/$1" p=""
  local -a args
  ucarp_scripts
  mapfile -t args <"$d/ucarp.args"
  fault "$n" start-ucarp
  run_in "$n" env TZ=UTC ucarp "${args[@]}" "--upscript=$W/vip-up.sh" "--downscript=$W/vip-down.sh" \
    >>"$d/ucarp.log" 2>&1 &
  local launcher=$!
  BG_PIDS+=("$launcher")
  disown
  # The launcher is a subshell running ip netns exec → nsenter, which forks ucarp into the node's
  # PID namespace: the daemon is the launcher's descendant named ucarp.
  for _ in $(seq 200); do
    p=$(ucarp_descendant "$launcher")
    [[ -n "$p" ]] && break
    sleep 0.01
  done
  [[ -n "$p" ]] || { log "ucarp on $n did not start"; return 1; }
  UCARP_PID[$n]="$p"
  BG_PIDS+=("$p")
}
ucarp_kill() {
  fault "$1" kill-ucarp
  kill -KILL "${UCARP_PID[$1]}"
}
ucarp_stop() {
  fault "$1" stop-ucarp
  kill -TERM "${UCARP_PID[$1]}"
}

# The capture's first packet, then the scenario clock restarts: on a loaded machine building the lab
# takes seconds, and the faults' times are meant from the start of the recording.
ucarp_marker() {
  marker u1 192.168.50.12
  SCEN_T0=$EPOCHREALTIME
}

# Nodes u1 (.11), u2 (.12) [, u3 (.13)] on eth0, 192.168.50.0/24, each running ucarp for vhid 7,
# VIP 192.168.50.100.
ucarp_nodes() {
  local i n
  for i in "$@"; do
    n="u$i"
    lab_node "$n" 0
    lab_link "$n" eth0 "02:00:00:00:50:1$i" "192.168.50.1$i/24"
  done
}

# ucarp_pair_run FLAGS FAULT T1 RESTORE T2 TEND: u1 (skew 0) and u2 (skew 100) with FLAGS start at
# 1.5 s, FAULT on u1 at T1, RESTORE at T2, end at TEND.
ucarp_pair_run() {
  local flags="$1"
  ucarp_nodes 1 2
  # shellcheck disable=SC2086
  ucarp_args u1 192.168.50.11 7 192.168.50.100 0 $flags
  # shellcheck disable=SC2086
  ucarp_args u2 192.168.50.12 7 192.168.50.100 100 $flags
  capture sw pcap
  ucarp_marker
  at 0.5
  ucarp_start u1
  ucarp_start u2
  at "$3"
  $2
  at "$5"
  $4
  at "$6"
  lab_end "$OUT/carp"
}

scenario_ucarp_kill() {
  lab_begin ucarp-kill "ucarp pair with --preempt, vhid 7, advbase 1, skews 0 (u1) and 100 (u2): ucarp on the master u1 is killed with SIGKILL (nothing sent); u2 takes over after 3 × (1 + 100/256) s; u1 restarts and preempts."
  ucarp_pair_run --preempt "ucarp_kill u1" 12 "ucarp_start u1" 19 28
}

scenario_ucarp_sigterm() {
  lab_begin ucarp-sigterm "ucarp pair with --preempt, skews 0 (u1) and 100 (u2): ucarp on the master u1 is stopped with SIGTERM; u2 takes over; u1 restarts and preempts."
  ucarp_pair_run --preempt "ucarp_stop u1" 12 "ucarp_start u1" 19 28
}

scenario_ucarp_cable() {
  lab_begin ucarp-cable "ucarp pair with --preempt, skews 0 (u1) and 100 (u2): the master u1's cable is pulled (link down); u2 takes over; the link comes back and u1 preempts."
  ucarp_pair_run --preempt "link_down u1 eth0" 12 "link_up u1 eth0" 19 28
}

scenario_ucarp_nopreempt() {
  lab_begin ucarp-nopreempt "ucarp pair without --preempt, skews 0 (u1) and 100 (u2): ucarp on the master u1 is killed with SIGKILL; u2 takes over; u1 restarts and what it does without --preempt is recorded."
  ucarp_pair_run "" "ucarp_kill u1" 12 "ucarp_start u1" 19 28
}

scenario_ucarp_three() {
  lab_begin ucarp-three "Three ucarp nodes with --preempt and skews 0 (u1), 50 (u2), 100 (u3): u1 is killed, u2 (the next lowest skew) takes over; u2 is killed, u3 takes over; u1 restarts and preempts."
  ucarp_nodes 1 2 3
  ucarp_args u1 192.168.50.11 7 192.168.50.100 0 --preempt
  ucarp_args u2 192.168.50.12 7 192.168.50.100 50 --preempt
  ucarp_args u3 192.168.50.13 7 192.168.50.100 100 --preempt
  capture sw pcap
  ucarp_marker
  at 0.5
  ucarp_start u1
  ucarp_start u2
  ucarp_start u3
  at 10
  ucarp_kill u1
  at 17
  ucarp_kill u2
  at 24
  ucarp_start u1
  at 31
  lab_end "$OUT/carp"
}

scenario_ucarp_keepalived() {
  lab_begin ucarp-keepalived "ucarp and keepalived on one LAN with the same id: keepalived n1 (100) and n2 (99) run VRID 7 for 192.168.50.100; ucarp u1 (skew 0) and u2 (skew 100) run vhid 7 for 192.168.50.200. keepalived on n1 is killed, then ucarp on u1."
  lab_node n1 0
  lab_node n2 0
  lab_link n1 eth0 02:00:00:00:50:21 192.168.50.21/24
  lab_link n2 eth0 02:00:00:00:50:22 192.168.50.22/24
  ucarp_nodes 1 2
  instance VI_7 7 100 | node_config n1
  instance VI_7 7 99 | node_config n2
  ucarp_args u1 192.168.50.11 7 192.168.50.200 0 --preempt
  ucarp_args u2 192.168.50.12 7 192.168.50.200 100 --preempt
  capture sw pcap
  ucarp_marker
  at 0.5
  ka_start n1
  ka_start n2
  ucarp_start u1
  ucarp_start u2
  at 10
  ka_kill n1
  at 15
  ucarp_kill u1
  at 24
  lab_end "$OUT/carp"
}

scenario_ucarp_tie() {
  lab_begin ucarp-tie "ucarp pair with equal skews (0 and 0), --preempt: u1 is master; multicast stops being flooded (partition), so u2 becomes master too; on the heal both masters hear an advert with the same advbase and advskew, and what each does is recorded."
  ucarp_nodes 1 2
  ucarp_args u1 192.168.50.11 7 192.168.50.100 0 --preempt
  ucarp_args u2 192.168.50.12 7 192.168.50.100 0 --preempt
  capture sw pcap
  ucarp_marker
  at 0.5
  ucarp_start u1
  at 2
  ucarp_start u2
  at 9
  partition_all
  at 16
  heal_all
  at 24
  lab_end "$OUT/carp"
}

UCARP_SCENARIOS=(ucarp-tie ucarp-kill ucarp-sigterm ucarp-cable ucarp-nopreempt ucarp-three ucarp-keepalived)
