# shellcheck shell=bash
# What a real incident leaves behind, added to the namespace lab (captures/lab.sh; sourced after it):
# each node's keepalived log as --log-console text, a capture inside each node's namespace besides
# the one on the bridge, the notify FIFO log, and SIGJSON/SIGUSR1/SIGUSR2 dumps after each fault.
# Used by record-evidence.sh; kept apart from record.sh's scenarios.

declare -a EV_CAP_PIDS=()

# ev_private_tmp NODE: a tmpfs on the node's /tmp (its own mount namespace), where keepalived writes
# keepalived.{json,data,stats}, so that two nodes' dumps never overwrite each other.
ev_private_tmp() { run_in "$1" mount -t tmpfs -o size=4m,mode=1777 tmpfs /tmp; }

# ev_node_capture NODE IFNAME: tcpdump inside the node's namespace, as an admin would run it there.
ev_node_capture() {
  local n="$1" ifn="$2"
  ip netns exec "$(ns "$n")" tcpdump -i "$ifn" -n -U -w "$W/nodes/$n/capture.pcap" \
    "$CAP_FILTER_DEFAULT" 2>"$W/nodes/$n/tcpdump.log" &
  EV_CAP_PIDS+=($!)
  BG_PIDS+=($!)
  for _ in $(seq 100); do
    grep -q 'listening on' "$W/nodes/$n/tcpdump.log" 2>/dev/null && break
    sleep 0.05
  done
}

# ev_dump NODE LABEL: SIGJSON, SIGUSR1 (data) and SIGUSR2 (stats) to the node's keepalived parent;
# the files are copied out as dump-LABEL.{json,data,stats}.
ev_dump() {
  local n="$1" label="$2" d="$W/nodes/$1" sig f
  [[ -s "$d/keepalived.pid" ]] || return 0
  for sig in JSON DATA STATS; do
    run_in "$n" bash -c "kill -$(keepalived --signum=$sig) \$(cat $d/keepalived.pid)" 2>/dev/null || true
  done
  sleep 0.4
  for f in json data stats; do
    run_in "$n" cat "/tmp/keepalived.$f" >"$d/dump-$label.$f" 2>/dev/null || rm -f "$d/dump-$label.$f"
  done
}

# ev_block_vrrp_nft FROM TO: TO's own firewall drops VRRP from FROM (nftables in TO's namespace).
ev_block_vrrp_nft() {
  local from_ip
  from_ip=$(awk '$1 == "eth0" { print $4 }' "$W/nodes/$1/links")
  from_ip=${from_ip%/*}
  ip netns exec "$(ns "$2")" nft add table inet vrrpscope
  ip netns exec "$(ns "$2")" nft add chain inet vrrpscope in '{ type filter hook input priority 0; }'
  ip netns exec "$(ns "$2")" nft add rule inet vrrpscope in ip saddr "$from_ip" ip protocol vrrp drop
  fault "$2" block-multicast "from=$1" "to=$2"
}
ev_unblock_vrrp_nft() {
  ip netns exec "$(ns "$2")" nft delete table inet vrrpscope
  fault - heal
}

# ev_end OUTDIR: stop every capture, tear the lab down, keep the evidence under OUTDIR/SCENARIO/.
ev_end() {
  local out="$1/$SCEN" n p
  sleep 0.2
  for p in "${EV_CAP_PIDS[@]}" "$CAP_PID"; do [[ -n "$p" ]] && kill -INT "$p" 2>/dev/null || true; done
  sleep 0.5
  CAP_PID=""
  EV_CAP_PIDS=()
  lab_teardown
  rm -rf "$out"
  mkdir -p "$out"
  cp "$W/capture.pcap" "$out/switch.pcap"
  cp "$W/events.log" "$out/events.log"
  for n in "$W"/nodes/*/; do
    n=$(basename "$n")
    cp "$W/nodes/$n/keepalived.conf" "$out/$n.conf"
    [[ -f "$W/nodes/$n/keepalived.log" ]] && cp "$W/nodes/$n/keepalived.log" "$out/$n.log"
    [[ -f "$W/nodes/$n/capture.pcap" ]] && cp "$W/nodes/$n/capture.pcap" "$out/$n.pcap"
    for p in "$W/nodes/$n"/dump-*; do [[ -f "$p" ]] && cp "$p" "$out/$n-$(basename "$p")"; done
  done
  # What users paste: tcpdump's own text of the bridge capture in three forms.
  tcpdump -r "$out/switch.pcap" -n 2>/dev/null >"$out/switch.tcpdump-n.txt"
  tcpdump -r "$out/switch.pcap" -n -v 2>/dev/null >"$out/switch.tcpdump-v.txt"
  tcpdump -r "$out/switch.pcap" -n -e -tttt 2>/dev/null >"$out/switch.tcpdump-e.txt"
  npx --no-install tsx "$HERE/make-truth.ts" "$W" "$out/switch.pcap" "$out/truth.json"
}
