#!/usr/bin/env bash
# sys_udp4500_marker_flood: a real oakleyd (right) is flooded on UDP 4500 from a third namespace
# with datagrams that carry the non-ESP marker ("IKE") and junk, while a legitimate peer (left,
# another oakleyd, forced onto UDP encapsulation so its IKE_AUTH and ESP share the flooded port)
# establishes a tunnel and pings through it. The daemon's memory must stay bounded (VmRSS sampled
# from /proc), the IKE hand-off queue's drop counter must grow, and the flood must not be logged
# datagram by datagram.
#   udp4500_flood_test.sh OAKLEYD OAKCTL SYS_UDP_FLOOD
set -euo pipefail
SYS_OAKLEYD=${1:?usage: udp4500_flood_test.sh oakleyd oakctl sys-udp-flood}
SYS_OAKCTL=${2:?}
FLOOD=${3:?}
FLOOD_SECONDS=${FLOOD_SECONDS:-12}
RSS_GROWTH_LIMIT_KIB=${RSS_GROWTH_LIMIT_KIB:-$((48 * 1024))}
source "$(dirname "$0")/lib.sh"
sys_require_root
trap sys_cleanup EXIT

dp_pair_up
sys_attacker_up
sys_conf l "encap = yes
        keyingtries = 0" "retransmit_timeout = 1.0
    retransmit_base = 1.2
    retransmit_tries = 8"
sys_conf r "encap = yes"
sys_start r
sys_start l
pid=$(sys_pid r)
rss0=$(sys_rss_kib "$pid")
dp_log "right oakleyd pid $pid, VmRSS ${rss0} KiB before the flood"

# The flood: several senders, so the data plane's reader outpaces the IKE loop now and then.
for i in 1 2; do
  dp_exec a "$FLOOD" 198.51.100.1 4500 "$FLOOD_SECONDS" 200 >"$DP_WORK/flood$i.out" &
  DP_PIDS+=($!)
done
flood_pids=("${DP_PIDS[@]: -2}")
sleep 1

max=$rss0
sample() {
  local r
  r=$(sys_rss_kib "$pid") || dp_fail "right oakleyd died during the flood"
  ((r > max)) && max=$r
  return 0
}
sample
sys_ctl l initiate t/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; tail -30 "$DP_WORK/l.log"; dp_fail "no tunnel during the flood"; }
dp_log "tunnel established during the flood"
sample
replies=$(sys_ping_count l)
dp_log "ping through the tunnel during the flood: ${replies:-0}/10 answered"
((${replies:-0} >= 5)) || dp_fail "the tunnel does not carry traffic during the flood"
still_flooding=0
for p in "${flood_pids[@]}"; do kill -0 "$p" 2>/dev/null && still_flooding=1; done
((still_flooding)) || dp_fail "the flood ended before the ping: raise FLOOD_SECONDS"
while kill -0 "${flood_pids[0]}" 2>/dev/null; do
  sample
  sleep 0.5
done
wait "${flood_pids[@]}" 2>/dev/null || true
sample
sent=$(($(cat "$DP_WORK/flood1.out") + $(cat "$DP_WORK/flood2.out")))
dropped=$(sys_stat r net.drop_ike_queue_full)
accepted=$(sys_stat r net.ike_inbox_accepted)
invalid=$(sys_stat r ikev2.invalid_messages)
dp_log "flood: $sent datagrams sent; right: $accepted queued for IKE, $dropped dropped (queue full), $invalid invalid IKEv2"
dp_log "VmRSS: ${rss0} KiB before, at most ${max} KiB during the flood"
((max - rss0 < RSS_GROWTH_LIMIT_KIB)) ||
  dp_fail "VmRSS grew by $((max - rss0)) KiB (limit $RSS_GROWTH_LIMIT_KIB KiB)"
((dropped > 0)) || dp_fail "the IKE hand-off queue never dropped anything"
# Summary lines now and then, not a line per datagram: the whole log stays short.
lines=$(wc -l <"$DP_WORK/r.log")
((lines < 100)) || { tail -5 "$DP_WORK/r.log"; dp_fail "$lines log lines during the flood"; }
not_ike=$(sys_stat r net.drop_not_ike)
dp_log "right's log: $lines lines; $not_ike datagrams dropped as not IKE"
grep -E 'queue to the IKE loop full' "$DP_WORK/r.log" | head -2 || true
# Still answering after the flood.
replies=$(sys_ping_count l)
((${replies:-0} >= 8)) || dp_fail "the tunnel lost traffic after the flood (${replies:-0}/10)"
dp_log "PASS"
