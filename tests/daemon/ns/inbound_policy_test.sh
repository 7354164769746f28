#!/usr/bin/env bash
# sys_inbound_policy_drops_cleartext: right protects 10.2.0.0/24 <-> 10.1.0.0/24 with left. A third
# namespace (a, 198.51.100.2, behind right's second interface) sends UDP in the clear with a source
# inside the protected remote subnet (10.1.0.66) to right's protected 10.2.0.1: a kernel IPsec
# policy would drop it, and so must oakleyd's inbound filter (nftables). The same datagram from an
# unprotected source arrives, and so does the protected source's traffic through the tunnel.
#   inbound_policy_test.sh OAKLEYD OAKCTL     (SYS_DROP_CLEARTEXT=no: show what happens without)
set -euo pipefail
SYS_OAKLEYD=${1:?usage: inbound_policy_test.sh oakleyd oakctl}
SYS_OAKCTL=${2:?}
source "$(dirname "$0")/lib.sh"
sys_require_root
command -v nft >/dev/null || sys_skip "nft not installed"
trap sys_cleanup EXIT

dp_pair_up
sys_attacker_up
dp_exec a ip addr add 10.1.0.66/32 dev lo
dp_exec a ip route add 10.2.0.0/24 via 198.51.100.1
sys_conf l "keyingtries = 0"
sys_conf r "" "drop_cleartext = ${SYS_DROP_CLEARTEXT:-yes}"
sys_start r
sys_start l
sys_ctl l initiate t/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; dp_fail "no tunnel"; }
dp_log "tunnel up"

sink="$DP_WORK/sink.txt"
: >"$sink"
ip netns exec "$(dp_ns r)" python3 "$SYS_HERE/udp_sink.py" 5555 "$sink" &
DP_PIDS+=($!)
sleep 0.5
send() { # NS SRC PAYLOAD
  dp_exec "$1" python3 "$SYS_HERE/udp_send.py" "$2" 10.2.0.1 5555 "$3"
}
send a 198.51.100.2 plain-unprotected   # not from a protected subnet: must arrive
send a 10.1.0.66 spoofed-cleartext      # from the protected subnet, outside the tunnel
send l 10.1.0.1 through-tunnel          # the protected subnet through the tunnel
sleep 1
cat "$sink"
grep -q "198.51.100.2 plain-unprotected" "$sink" || dp_fail "unprotected cleartext did not arrive"
grep -q "10.1.0.1 through-tunnel" "$sink" || dp_fail "tunnelled traffic did not arrive"
if grep -q "spoofed-cleartext" "$sink"; then
  dp_fail "cleartext from the protected subnet 10.1.0.0/24 was delivered outside the tunnel"
fi
dp_exec r nft list table inet oakley_oak0 >"$DP_WORK/nft.txt" || dp_fail "no nftables table"
grep -q 'ip saddr 10.1.0.0/24 ip daddr 10.2.0.0/24 counter packets [1-9]' "$DP_WORK/nft.txt" ||
  { cat "$DP_WORK/nft.txt"; dp_fail "the drop rule did not count the packets"; }
dp_log "cleartext dropped and counted; tunnelled and unprotected traffic delivered"

# Gone with the SA, and with the daemon.
sys_ctl l terminate t >/dev/null 2>&1 || true
has_drop_rule() { [[ $(dp_exec r nft list table inet oakley_oak0) == *"counter packets"* ]]; }
for ((i = 0; i < 50; i++)); do
  has_drop_rule || break
  sleep 0.1
done
has_drop_rule && dp_fail "drop rule still there after the CHILD_SA was deleted"
sys_stop r
dp_exec r nft list table inet oakley_oak0 >/dev/null 2>&1 && dp_fail "table left behind at exit"
dp_log "PASS"
