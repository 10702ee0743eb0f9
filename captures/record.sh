#!/usr/bin/env bash
# Re-records captures/ from the real keepalived daemon in network namespaces.
# Run as root: `npm run captures:record [SCENARIO...]` (all scenarios when none is named).
# Needs keepalived, haproxy, tcpdump, psmisc (killall), iproute2, tshark/editcap and util-linux.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT="${VRRPSCOPE_CAPTURES_OUT:-$HERE}"
# shellcheck source=captures/lab.sh
source "$HERE/lab.sh"
# shellcheck source=captures/ucarp.sh
source "$HERE/ucarp.sh"

if [[ $(id -u) != 0 ]]; then
  echo "record.sh: needs root (network and PID namespaces)" >&2
  exit 1
fi
for tool in keepalived ucarp haproxy tcpdump killall editcap tshark unshare nsenter; do
  command -v "$tool" >/dev/null || {
    echo "record.sh: $tool is missing" >&2
    exit 1
  }
done

trap 'lab_teardown; rm -rf "$LAB_ROOT"' EXIT
trap 'exit 130' INT TERM

# Two nodes n1 (.11) and n2 (.12) on eth0, 192.168.50.0/24.
pair() {
  local v6="${1:-0}"
  lab_node n1 "$v6"
  lab_node n2 "$v6"
  lab_link n1 eth0 02:00:00:00:50:11 192.168.50.11/24
  lab_link n2 eth0 02:00:00:00:50:12 192.168.50.12/24
}

# Three nodes n1 (.11), n2 (.12) and n3 (.13) on eth0.
trio() {
  lab_node n1 0
  lab_node n2 0
  lab_node n3 0
  lab_link n1 eth0 02:00:00:00:50:11 192.168.50.11/24
  lab_link n2 eth0 02:00:00:00:50:12 192.168.50.12/24
  lab_link n3 eth0 02:00:00:00:50:13 192.168.50.13/24
}

# two_node_run "FAULT CMD" T1 "RESTORE CMD" T2 TEND: n1 and n2 start keepalived at 1.5 s; the fault
# at T1, the repair at T2, the end of the recording at TEND (seconds since the scenario began).
two_node_run() {
  marker n1 192.168.50.12
  at 1.5
  ka_start n1
  ka_start n2
  at "$2"
  $1
  at "$4"
  $3
  at "$5"
  lab_end "$OUT"
}

# instance NAME VRID PRIORITY [extra lines...] on eth0 with VIP 192.168.50.100.
instance() {
  local name="$1" vrid="$2" prio="$3"
  shift 3
  printf 'vrrp_instance %s {\n  state BACKUP\n  interface eth0\n  virtual_router_id %s\n  priority %s\n' \
    "$name" "$vrid" "$prio"
  local l
  for l in "$@"; do printf '  %s\n' "$l"; done
  printf '  virtual_ipaddress {\n    192.168.50.100/24\n  }\n}\n'
}

panda_conf() { # panda_conf NODE PRIO200 PRIO201 ORDER(200first|201first)
  local node="$1" p200="$2" p201="$3" order="$4" i200 i201
  i200=$(printf 'vrrp_instance 192.168.3.200 {\n  interface eth2\n  state MASTER\n  virtual_router_id 200\n  priority %s\n  virtual_ipaddress {\n    192.168.3.200\n  }\n  track_script {\n    chk_haproxy\n  }\n}' "$p200")
  i201=$(printf 'vrrp_instance 192.168.3.201 {\n  interface eth2\n  state MASTER\n  virtual_router_id 201\n  priority %s\n  virtual_ipaddress {\n    192.168.3.201\n  }\n  track_script {\n    chk_haproxy\n  }\n}' "$p201")
  printf '# ------------------------------------------------\n# Chef controlled file - Edits will be overwritten\n# Environment - prod\n# Node - %s.panda.com\n# ------------------------------------------------\n\nvrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 2\n  weight -2\n}\n\n\n' "$node"
  if [[ "$order" == 200first ]]; then printf '%s\n%s\n' "$i200" "$i201"; else printf '%s\n%s\n' "$i201" "$i200"; fi
}

scenario_panda() {
  lab_begin panda "The Panda story's two nodes and configs exactly (vrrp-behaviour.md §4.8): haproxy is killed on prod-haproxy-000, so chk_haproxy (weight -2) drops VRID 200 to 98 and prod-haproxy-001 takes 192.168.3.200; haproxy comes back and 000 takes it back."
  lab_node prod-haproxy-000 0
  lab_node prod-haproxy-001 0
  lab_link prod-haproxy-000 eth2 bc:76:4e:05:6c:1c 192.168.3.4/24
  lab_link prod-haproxy-001 eth2 bc:76:4e:05:eb:70 192.168.3.5/24
  panda_conf prod-haproxy-000 100 99 200first | node_config prod-haproxy-000
  panda_conf prod-haproxy-001 99 100 201first | node_config prod-haproxy-001
  capture sw pcap
  marker prod-haproxy-000 192.168.3.5
  haproxy_start prod-haproxy-000
  haproxy_start prod-haproxy-001
  at 1.5
  ka_start prod-haproxy-000
  ka_start prod-haproxy-001
  at 12
  haproxy_kill prod-haproxy-000
  at 24
  haproxy_start prod-haproxy-000
  at 38
  lab_end "$OUT"
}

scenario_kill_restart() {
  lab_begin kill-restart "keepalived on the master n1 is killed with SIGKILL (no priority-0 advert): n2 takes over after the full Master_Down_Interval; n1 restarts, discards n2's lower adverts and preempts after its own MDI."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcapng
  two_node_run "ka_kill n1" 12 "ka_start n1" 22 34
}

scenario_sigterm() {
  lab_begin sigterm "keepalived on the master n1 is stopped with SIGTERM: it sends one priority-0 advert and n2 takes over after its skew (0.613 s); n1 restarts and preempts. Captured with -i any inside n2 (Linux cooked)."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture n2 sll
  two_node_run "ka_stop n1" 12 "ka_start n1" 20 32
}

scenario_v3_ipv6() {
  lab_begin v3-ipv6 "VRRPv3 over IPv6 (link-local sources, VIP fd00:50::100): the master n1's link goes down (FAULT, no priority-0 advert can leave) and n2 takes over after the MDI; the link comes back and n1 preempts."
  pair 1
  GLOBAL_EXTRA='  vrrp_version 3'
  for n in n1 n2; do
    p=100
    [[ $n == n2 ]] && p=99
    printf 'vrrp_instance VI_6 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 60\n  priority %s\n  virtual_ipaddress {\n    fd00:50::100/64\n  }\n}\n' "$p" | node_config "$n"
  done
  GLOBAL_EXTRA=''
  capture sw pcapng
  two_node_run "link_down n1 eth0" 12 "link_up n1 eth0" 22 34
}

scenario_unicast_pass() {
  lab_begin unicast-pass "Unicast peers with PASS authentication (VRRPv2): n1 sends its adverts to n2 only; keepalived on n1 is killed with SIGKILL, n2 takes over after the MDI and advertises to n1; n1 restarts and preempts. Nanosecond pcap."
  pair
  instance VI_70 70 100 'unicast_src_ip 192.168.50.11' 'unicast_peer {' '  192.168.50.12' '}' \
    'authentication {' '  auth_type PASS' '  auth_pass s3cret' '}' | node_config n1
  instance VI_70 70 99 'unicast_src_ip 192.168.50.12' 'unicast_peer {' '  192.168.50.11' '}' \
    'authentication {' '  auth_type PASS' '  auth_pass s3cret' '}' | node_config n2
  capture sw pcap-ns
  two_node_run "ka_kill n1" 12 "ka_start n1" 20 32
}

scenario_split_brain() {
  lab_begin split-brain "Split brain: the switch stops flooding multicast to every port, so VRRP no longer crosses between n1 and n2 (the capture on the bridge still sees both); n2 becomes a second master after the MDI; on heal n2 hears n1's higher advert and yields."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap
  two_node_run "partition_all" 10 "heal_all" 22 32
}

scenario_nopreempt_3() {
  lab_begin nopreempt-3 "Three nodes with nopreempt (priorities 100/90/80): n1 starts first and becomes master, n2 and n3 join a second later; n1 is SIGKILLed and n2 takes over; n1 restarts and stays BACKUP (nopreempt); n2 is stopped (priority 0) and n1, the highest backup, takes over after its skew."
  trio
  instance VI_50 50 100 nopreempt | node_config n1
  instance VI_50 50 90 nopreempt | node_config n2
  instance VI_50 50 80 nopreempt | node_config n3
  capture sw pcapng
  marker n1 192.168.50.12
  at 1.5
  ka_start n1
  at 2.5
  ka_start n2
  ka_start n3
  at 10
  ka_kill n1
  at 18
  ka_start n1
  at 28
  ka_stop n2
  at 36
  lab_end "$OUT"
}

scenario_preempt_delay() {
  lab_begin preempt-delay "preempt_delay 5 on n1 (priority 100): n2 (99) is master; n1 starts later, accepts n2's lower adverts for 5 s, then discards them and takes over after the MDI (§3.3); n1 is then stopped and n2 takes back over after the skew. Captured with -i any inside n1 (LINUX_SLL2)."
  pair
  instance VI_50 50 100 'preempt_delay 5' | node_config n1
  instance VI_50 50 99 | node_config n2
  capture n1 sll2
  marker n1 192.168.50.12
  at 1.5
  ka_start n2
  at 8
  ka_start n1
  at 24
  ka_stop n1
  at 30
  lab_end "$OUT"
}

scenario_sync_group() {
  lab_begin sync-group "A sync group of two instances on two interfaces (VI_1 VRID 51 on eth0, VI_2 VRID 52 on eth1): n1's eth1 goes down, VI_2 goes to FAULT and the group drags VI_1 to FAULT too (priority-0 advert on eth0), so n2 takes both; eth1 comes back and n1 takes both back."
  pair
  lab_link n1 eth1 02:00:00:00:51:11 192.168.51.11/24
  lab_link n2 eth1 02:00:00:00:51:12 192.168.51.12/24
  for n in n1 n2; do
    p=100
    [[ $n == n2 ]] && p=99
    printf 'vrrp_sync_group G1 {\n  group {\n    VI_1\n    VI_2\n  }\n}\n\nvrrp_instance VI_1 {\n  state BACKUP\n  interface eth0\n  virtual_router_id 51\n  priority %s\n  virtual_ipaddress {\n    192.168.50.100/24\n  }\n}\n\nvrrp_instance VI_2 {\n  state BACKUP\n  interface eth1\n  virtual_router_id 52\n  priority %s\n  virtual_ipaddress {\n    192.168.51.100/24\n  }\n}\n' "$p" "$p" | node_config "$n"
  done
  capture sw pcap
  two_node_run "link_down n1 eth1" 12 "link_up n1 eth1" 22 34
}

scenario_vlan() {
  lab_begin vlan "VRRP on an 802.1Q VLAN (eth0.100, tagged frames on the bridge): the master n1 is stopped with SIGTERM, n2 takes over after the skew; n1 restarts and preempts."
  lab_node n1 0
  lab_node n2 0
  lab_link n1 eth0 02:00:00:00:50:11
  lab_link n2 eth0 02:00:00:00:50:12
  lab_vlan n1 eth0 100 192.168.50.11/24
  lab_vlan n2 eth0 100 192.168.50.12/24
  for n in n1 n2; do
    p=100
    [[ $n == n2 ]] && p=99
    instance VI_100 100 "$p" | sed 's/interface eth0/interface eth0.100/' | node_config "$n"
  done
  capture sw pcapng "$CAP_FILTER_DEFAULT or (vlan and ($CAP_FILTER_DEFAULT))"
  two_node_run "ka_stop n1" 12 "ka_start n1" 20 32
}

scenario_v3_fast() {
  lab_begin v3-fast "VRRPv3 over IPv4 with advert_int 0.5 (MDI 1.807 s at priority 99): keepalived on the master n1 is killed with SIGKILL, n2 takes over; n1 restarts and preempts. Captured with -i any inside n2 (Linux cooked)."
  pair
  GLOBAL_EXTRA='  vrrp_version 3'
  instance VI_50 50 100 'advert_int 0.5' | node_config n1
  instance VI_50 50 99 'advert_int 0.5' | node_config n2
  GLOBAL_EXTRA=''
  capture n2 pcap
  two_node_run "ka_kill n1" 10 "ka_start n1" 16 26
}

scenario_sigstop() {
  lab_begin sigstop "keepalived on the master n1 is frozen with SIGSTOP: it sends nothing, n2 takes over after the MDI; SIGCONT resumes n1, which is still MASTER and sends its overdue advert at once, and n2 yields."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap
  two_node_run "ka_pause n1" 10 "ka_resume n1" 18 28
}

scenario_one_way() {
  lab_begin one-way "One-way multicast loss (§8.2): n2's switch port stops flooding multicast, so n2 no longer hears n1 while n1 still hears n2. n2 becomes master after the MDI; n1, still master, answers every lower advert from n2 at once with an advert and GARPs; on heal n2 hears n1 and yields."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap
  two_node_run "block_mcast n1 n2" 10 "heal_all" 22 32
}

scenario_script_fault() {
  lab_begin script-fault "An unweighted vrrp_script (killall -0 haproxy, interval 1) decides FAULT (§4.3): haproxy is killed on the master n1, its check fails, n1 goes to FAULT and sends priority 0, n2 takes over after its skew; haproxy comes back, n1 leaves FAULT and preempts."
  pair
  for n in n1 n2; do
    p=100
    [[ $n == n2 ]] && p=99
    {
      printf 'vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 1\n}\n\n'
      instance VI_50 50 "$p" 'track_script {' '  chk_haproxy' '}'
    } | node_config "$n"
  done
  capture sw pcap
  marker n1 192.168.50.12
  haproxy_start n1
  haproxy_start n2
  two_node_run "haproxy_kill n1" 12 "haproxy_start n1" 22 34
}

scenario_owner_255() {
  lab_begin owner-255 "An address owner: n1 has priority 255 and state MASTER, so it goes master at once on start (§2.4), without waiting a Master_Down_Interval; n2 (100) backs it up. n1 is killed with SIGKILL, n2 takes over after MDI(100); n1 restarts and takes the VIP back at once."
  pair
  printf 'vrrp_instance VI_50 {\n  state MASTER\n  interface eth0\n  virtual_router_id 50\n  priority 255\n  virtual_ipaddress {\n    192.168.50.100/24\n  }\n}\n' | node_config n1
  instance VI_50 50 100 | node_config n2
  capture sw pcap
  two_node_run "ka_kill n1" 10 "ka_start n1" 18 26
}

scenario_interval_mismatch() {
  lab_begin interval-mismatch "advert_int mismatch in VRRPv2 (§8.4, §2.11): n1 advertises every 1 s, n2 every 2 s, and each drops the other's adverts. Both become master, but every packet n2 receives, dropped or not, pushes its 2 s advert deadline back, so n1's 1 s adverts silence n2: a silent master holding the VIP. n1 is stopped, and 2 s after its priority-0 advert n2 is heard."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 'advert_int 2' | node_config n2
  capture sw pcap
  two_node_run "ka_stop n1" 16 ":" 17 26
}

scenario_tie_drop() {
  lab_begin tie-drop "A tie after a priority drop (§2.6.1, §8.8): n1 (102, chk_haproxy weight -5) is master over n2 and n3 (both 100). haproxy is killed on n1, its adverts drop to 97, and the two backups' master-down timers expire within a few ms of each other: both become MASTER, and the lower address yields to the higher one."
  trio
  {
    printf 'vrrp_script chk_haproxy {\n  script "killall -0 haproxy"\n  interval 1\n  weight -5\n}\n\n'
    instance VI_50 50 102 'track_script {' '  chk_haproxy' '}'
  } | node_config n1
  instance VI_50 50 100 | node_config n2
  instance VI_50 50 100 | node_config n3
  capture sw pcap
  marker n1 192.168.50.12
  haproxy_start n1
  at 1.5
  ka_start n1
  at 2.5
  ka_start n2
  ka_start n3
  at 9
  haproxy_kill n1
  at 16
  lab_end "$OUT"
}

# The heals are timed so that each outcome happens, whatever the daemons' start-up latency (0.1–0.4 s
# on this machine; it moves every phase together). n2 takes over MDI(99) = 3.613 s after n1's last
# advert it heard, so its adverts run 0.613 s after n1's. At 14.4 s n1 has just advertised: n2's
# next advert crosses first and n1 answers it at once, which moves n1's phase onto n2's (+0.613 s).
# After the second partition n2 runs 0.613 s after that again, so at 24.5 s n2 has just advertised:
# n1's next advert crosses first and n2 yields silently. Each event is about 0.2 s or more from the
# nearest advert (the partitions too, lest n2's last heard advert, and so its phase, change by 1 s).
scenario_split_heal() {
  lab_begin split-heal "Split brain healed twice (§8.1): the switch stops flooding multicast, so n1 (100) and n2 (99) are both master; on each heal the first advert to cross decides whether n2 yields silently (n1's crossed first) or n1 answers n2's lower advert with an advert and GARPs first."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap
  marker n1 192.168.50.12
  at 1.5
  ka_start n1
  ka_start n2
  at 8.6
  partition_all
  at 14.4
  heal_all
  at 18.2
  partition_all
  at 24.5
  heal_all
  at 28
  lab_end "$OUT"
}

# Three simultaneous starts of n1 (100) and n2 (99): both daemons launched at once (concurrently, so
# neither is systematically first), stopped after 6 s. The MDIs differ by 3.9 ms (§9.1), so a dual
# master needs the 99 node ready that much ahead and within a delivery window of its own timer.
scenario_startup_race() {
  lab_begin startup-race "Startup race (§2.4, §8.8): n1 (100) and n2 (99) are launched together three times and stopped (n2, then n1) 6 s later. The priority-100 node's master-down timer is 3.9 ms shorter, so unless n2 is ready that much earlier, n1's first advert reaches n2 before n2's timer fires: n2 stays BACKUP and sends nothing."
  pair
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap
  marker n1 192.168.50.12
  local round t=1.5 p1 p2
  for round in 1 2 3; do
    at "$t"
    ka_start n1 &
    p1=$!
    ka_start n2 &
    p2=$!
    wait "$p1" "$p2"
    at "$(awk -v t="$t" 'BEGIN { print t + 6 }')"
    ka_stop n2
    ka_stop n1
    t=$(awk -v t="$t" 'BEGIN { print t + 7.5 }')
  done
  at "$t"
  lab_end "$OUT"
}

# A student's lab exercise: a third host pings the VIP while the master is stopped (systemctl stop);
# the capture holds the adverts of both nodes, the new master's GARPs and the ICMP echo that moves
# from the old MAC to the new one. Graded by src/lib/exercises/capture-grade.ts.
scenario_student_ping() {
  lab_begin student-ping "A lab exercise as students record it: n1 and n2 share 192.168.50.100, a third host (client, .20) pings the VIP every 0.2 s, keepalived is stopped on the master n1 (SIGTERM) and n2 takes over; the capture filter is 'vrrp or arp or icmp'."
  pair
  lab_node client 0
  lab_link client eth0 02:00:00:00:50:20 192.168.50.20/24
  instance VI_50 50 100 | node_config n1
  instance VI_50 50 99 | node_config n2
  capture sw pcap 'ip proto 112 or arp or icmp'
  marker n1 192.168.50.12
  at 1.5
  ka_start n1
  ka_start n2
  at 6
  ip netns exec "$(ns client)" ping -n -i 0.2 -W 1 192.168.50.100 >"$W/ping.log" 2>&1 &
  BG_PIDS+=($!)
  disown
  at 12
  ka_stop n1
  at 18
  mkdir -p "$OUT/student"
  lab_end "$OUT/student"
}

ALL=(panda kill-restart sigterm v3-ipv6 unicast-pass split-brain nopreempt-3 preempt-delay sync-group vlan v3-fast sigstop
  one-way script-fault owner-255 interval-mismatch tie-drop split-heal startup-race student-ping "${UCARP_SCENARIOS[@]}")
mkdir -p "$OUT/carp"
lab_run_scenarios "${ALL[@]}" -- "$@"
