#!/usr/bin/env bash
# Records incidents with everything they leave behind (captures/evidence/<scenario>/): the bridge
# capture, a capture inside each node, each node's keepalived log (--log-console), the notify FIFO
# log, SIGJSON/SIGUSR1/SIGUSR2 dumps after each fault, the configs, tcpdump's text of the bridge
# capture and a truth file. Root only: `bash captures/record-evidence.sh [SCENARIO...]`.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="${VRRPSCOPE_CAPTURES_OUT:-$HERE}/evidence"
# shellcheck source=captures/lab.sh
source "$HERE/lab.sh"
# shellcheck source=captures/evidence.sh
source "$HERE/evidence.sh"

if [[ $(id -u) != 0 ]]; then
  echo "record-evidence.sh: needs root (network and PID namespaces)" >&2
  exit 1
fi
trap 'lab_teardown; rm -rf "$LAB_ROOT"' EXIT
trap 'exit 130' INT TERM
mkdir -p "$OUT"

# `-i NODE` on every keepalived, so that a shared config's `@NODE` lines select by node name.
KA_CONFIG_ID=1

# n1 (.11, priority 100) and n2 (.12, 99) with their own /tmp and a capture inside each.
ev_pair() {
  lab_node n1 0
  lab_node n2 0
  lab_link n1 eth0 02:00:00:00:50:11 192.168.50.11/24
  lab_link n2 eth0 02:00:00:00:50:12 192.168.50.12/24
  ev_private_tmp n1
  ev_private_tmp n2
}

# ev_instance NAME VRID PRIORITY [extra lines...] on eth0 with VIP 192.168.50.100 (as record.sh's).
ev_instance() {
  local name="$1" vrid="$2" prio="$3" l
  shift 3
  printf 'vrrp_instance %s {\n  state BACKUP\n  interface eth0\n  virtual_router_id %s\n  priority %s\n' \
    "$name" "$vrid" "$prio"
  for l in "$@"; do printf '  %s\n' "$l"; done
  printf '  virtual_ipaddress {\n    192.168.50.100/24\n  }\n}\n'
}

# The Panda shape on one VRID: chk_haproxy with weight -2, priorities 100 and 99.
ev_conf() { # ev_conf PRIORITY [extra instance lines...]
  local p="$1"
  shift
  printf 'vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 1\n  weight -2\n}\n\n'
  ev_instance VI_50 50 "$p" 'track_script {' '  chk_haproxy' '}' "$@"
}

# ev_run FAULT T1 RESTORE T2 TEND: start at 1.5 s, fault at T1, dumps 6 s later, restore at T2,
# dumps 6 s later, end at TEND.
EV_NODES="n1 n2"
ev_run() {
  local n
  capture sw pcap
  ev_node_capture n1 eth0
  ev_node_capture n2 eth0
  marker n1 192.168.50.12
  for n in $EV_NODES; do haproxy_start "$n"; done
  at 1.5
  for n in $EV_NODES; do ka_start "$n"; done
  at 8
  for n in $EV_NODES; do ev_dump "$n" before; done
  at "$2"
  $1
  at "$(awk -v t="$2" 'BEGIN { print t + 6 }')"
  for n in $EV_NODES; do ev_dump "$n" fault; done
  at "$4"
  $3
  at "$(awk -v t="$4" 'BEGIN { print t + 6 }')"
  for n in $EV_NODES; do ev_dump "$n" after; done
  at "$5"
  ev_end "$OUT"
}

scenario_haproxy() {
  lab_begin haproxy "haproxy is killed on the master n1: chk_haproxy (weight -2) drops it to 98 and n2 (99) takes over; haproxy comes back and n1 preempts."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "haproxy_kill n1" 12 "haproxy_start n1" 22 34
}
scenario_sigterm() {
  lab_begin sigterm "keepalived on the master n1 is stopped with SIGTERM (priority-0 advert); n2 takes over after its skew; n1 restarts and preempts."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "ka_stop n1" 12 "ka_start n1" 22 34
}
scenario_sigkill() {
  lab_begin sigkill "keepalived on the master n1 is killed with SIGKILL (silent); n2 takes over after the Master_Down_Interval; n1 restarts and preempts."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "ka_kill n1" 12 "ka_start n1" 22 34
}
scenario_sigstop() {
  lab_begin sigstop "keepalived on the master n1 is frozen with SIGSTOP; n2 takes over after the Master_Down_Interval; SIGCONT and n2 yields."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "ka_pause n1" 12 "ka_resume n1" 20 30
}
scenario_cable() {
  lab_begin cable "n1's eth0 goes down (FAULT); n2 takes over after the Master_Down_Interval; the link returns and n1 preempts."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "link_down n1 eth0" 12 "link_up n1 eth0" 22 34
}
scenario_partition() {
  lab_begin partition "The switch stops flooding multicast to every port: both nodes are MASTER until the heal."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "partition_all" 12 "heal_all" 22 32
}
scenario_nft_oneway() {
  lab_begin nft-oneway "n2's own nftables drops VRRP from n1 (multicast blocked one way on the host): n2 becomes a second master while n1 still hears it; the rule is removed and n2 yields."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_run "ev_block_vrrp_nft n1 n2" 12 "ev_unblock_vrrp_nft n1 n2" 22 32
}
scenario_drift() {
  lab_begin drift "Config drift: n2 lists a second VIP that n1 does not; each discards the other's adverts (address list mismatch) and both become MASTER."
  ev_pair
  ev_conf 100 | node_config n1
  ev_conf 99 | sed 's|    192.168.50.100/24|    192.168.50.100/24\n    192.168.50.101/24|' | node_config n2
  ev_run ":" 12 ":" 14 22
}
scenario_shared_conf() {
  lab_begin shared-conf "One keepalived.conf on both nodes: @n1 / @n2 lines and \$PRIO definitions select each node's priority; n1 is stopped with SIGTERM and n2 takes over."
  ev_pair
  local shared
  shared=$(printf '@n1 $PRIO=100\n@n2 $PRIO=99\n$VIP=192.168.50.100/24\n\nvrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 1\n  weight -2\n}\n\nvrrp_instance VI_50 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 50\n  priority $PRIO\n@^n1  nopreempt\n  track_script {\n    chk_haproxy\n  }\n  virtual_ipaddress {\n    $VIP\n  }\n}\n')
  printf '%s\n' "$shared" | node_config n1
  printf '%s\n' "$shared" | node_config n2
  # Later than the others: the lab's set-up can take several seconds on a loaded machine.
  ev_run "ka_stop n1" 18 "ka_start n1" 28 40
}
scenario_vrid_collision() {
  lab_begin vrid-collision "Two clusters on one LAN both use VRID 50: n1/n2 with 192.168.50.100 and n3/n4 with 192.168.50.200. Each rejects the other cluster's adverts (address list), and each cluster elects its own master."
  ev_pair
  lab_node n3 0
  lab_node n4 0
  lab_link n3 eth0 02:00:00:00:50:13 192.168.50.13/24
  lab_link n4 eth0 02:00:00:00:50:14 192.168.50.14/24
  ev_private_tmp n3
  ev_private_tmp n4
  ev_conf 100 | node_config n1
  ev_conf 99 | node_config n2
  ev_conf 150 | sed 's|192.168.50.100/24|192.168.50.200/24|' | node_config n3
  ev_conf 140 | sed 's|192.168.50.100/24|192.168.50.200/24|' | node_config n4
  EV_NODES="n1 n2 n3 n4"
  ev_run "ka_stop n3" 12 ":" 14 22
  EV_NODES="n1 n2"
}

ALL=(haproxy sigterm sigkill sigstop cable partition nft-oneway drift shared-conf vrid-collision)
lab_run_scenarios "${ALL[@]}" -- "$@"
