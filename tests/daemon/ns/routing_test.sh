#!/usr/bin/env bash
# Routes into the tunnel and oakleyd's own packets, between two oakleyd in namespaces:
#  1. host-to-host (IKEv2): the remote selector is the peer's own IKE address. The route to it
#     goes to table 220, reached by a rule that oakleyd's marked IKE/ESP packets skip, so a ping
#     between the two hosts travels in ESP while IKE (a rekey, DPD) still reaches the peer.
#  2. road warrior, remote_ts = 0.0.0.0/0 (IKEv1): the operator's default route in the main table
#     is neither replaced nor removed, during the tunnel or after oakleyd stops.
#  3. routing_table = 0 (main): the host-to-host tunnel gets a load-time warning naming the cause.
# Needs root.
#   routing_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: routing_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: routing_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=ort-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT

# conf SIDE VERSION LOCAL_TS REMOTE_TS
conf() {
  local me=$1 peer=r my=192.0.2.1 other=192.0.2.2
  [[ $me == r ]] && peer=l my=192.0.2.2 other=192.0.2.1
  cat <<CONF
connections {
  c {
    version = $2
    local_addrs = $my
    remote_addrs = $other
    dpd_delay = 2s
    local {
      auth = psk
      id = $me.routing.test
    }
    remote {
      auth = psk
      id = $peer.routing.test
    }
    children {
      t {
        local_ts = $3
        remote_ts = $4
      }
    }
  }
}
secrets {
  ike {
    secret = "routing-test-psk-0123"
  }
}
CONF
}

child_packets() { # SIDE FIELD: a counter of the only CHILD_SA
  od_ctl "$1" list-sas --json | python3 -c '
import json, sys
sas = json.load(sys.stdin)["ike_sas"]
print(sum(c[sys.argv[1]] for sa in sas for c in sa["children"]))' "$2"
}

stop_daemons() {
  local pid
  for pid in "${DP_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${DP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  DP_PIDS=()
}

dp_pair_up

dp_log "1. host-to-host, IKEv2, routes in table 220"
od_start l "" "$(conf l 2 dynamic dynamic)"
od_start r "" "$(conf r 2 dynamic dynamic)"
od_ctl l initiate c/t --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; dp_fail "initiate"; }
grep -q "not from all fwmark 0x220 lookup 220" <<<"$(dp_exec l ip rule show)" ||
  { dp_exec l ip rule show; dp_fail "no rule to table 220 skipping mark 0x220"; }
grep -q "^192.0.2.2 dev " <<<"$(dp_exec l ip route show table 220)" ||
  { dp_exec l ip route show table 220; dp_fail "no route to the peer in table 220"; }
grep -q "dev ${DP_PREFIX//-/}l0" <<<"$(dp_exec l ip route show table main)" &&
  dp_fail "a route into the tunnel in the main table"
replies=$(dp_exec l ping -n -q -c 5 -i 0.2 -W 2 192.0.2.2 2>/dev/null |
  sed -n 's/.* \([0-9]*\) received.*/\1/p')
[[ ${replies:-0} -ge 4 ]] || dp_fail "host-to-host ping: ${replies:-0}/5 answered"
out=$(child_packets l packets_out)
in=$(child_packets r packets_in)
((out >= 4 && in >= 4)) || dp_fail "the ping did not travel in ESP (out $out, in $in)"
dp_log "ping between the IKE addresses went through ESP ($out packets out, $in in)"
# IKE still reaches the peer outside the tunnel: a rekey of the IKE SA completes.
od_ctl l rekey c >"$DP_WORK/rekey.log" 2>&1 || { cat "$DP_WORK/rekey.log"; dp_fail "rekey"; }
for ((i = 0; i < 50; i++)); do
  grep -q "IKE_SA c\[.*rekeyed to #" "$DP_WORK/l.log" && break
  sleep 0.1
done
grep -q "IKE_SA c\[.*rekeyed to #" "$DP_WORK/l.log" || dp_fail "the IKE SA rekey did not complete"
replies=$(dp_exec l ping -n -q -c 3 -i 0.2 -W 2 192.0.2.2 2>/dev/null |
  sed -n 's/.* \([0-9]*\) received.*/\1/p')
[[ ${replies:-0} -ge 2 ]] || dp_fail "ping after the rekey: ${replies:-0}/3 answered"
dp_log "IKE rekey over the bypass, tunnel still carries traffic"
stop_daemons
grep -q "lookup 220" <<<"$(dp_exec l ip rule show)" && dp_fail "rule left behind after oakleyd stopped"
dp_log "rules removed when oakleyd stops"

dp_log "2. road warrior, IKEv1, remote_ts = 0.0.0.0/0"
dp_exec l ip route add default via 192.0.2.2
before=$(dp_exec l ip route show table main)
od_start l "" "$(conf l 1 dynamic 0.0.0.0/0)"
od_start r "" "$(conf r 1 0.0.0.0/0 dynamic)"
od_ctl l initiate c/t --timeout 20 >"$DP_WORK/initiate1.log" 2>&1 ||
  { cat "$DP_WORK/initiate1.log"; dp_fail "initiate (IKEv1)"; }
[[ $(dp_exec l ip route show table main) == "$before" ]] ||
  { dp_exec l ip route show table main; dp_fail "the main table changed"; }
grep -q "^default dev " <<<"$(dp_exec l ip route show table 220)" ||
  { dp_exec l ip route show table 220; dp_fail "no default route into the tunnel in table 220"; }
replies=$(dp_exec l ping -n -q -c 3 -i 0.2 -W 2 192.0.2.2 2>/dev/null |
  sed -n 's/.* \([0-9]*\) received.*/\1/p')
[[ ${replies:-0} -ge 2 ]] || dp_fail "ping through the 0.0.0.0/0 tunnel: ${replies:-0}/3 answered"
stop_daemons
[[ $(dp_exec l ip route show table main) == "$before" ]] ||
  { dp_exec l ip route show table main; dp_fail "the main table changed after oakleyd stopped"; }
dp_log "default route untouched; 0.0.0.0/0 tunnel carries traffic"

dp_log "3. routing_table = 0: the peer inside the remote selector is reported"
od_start l "routing_table = 0" "$(conf l 2 dynamic dynamic)"
od_start r "routing_table = 0" "$(conf r 2 dynamic dynamic)"
# The responder installs its CHILD_SA first; its IKE_AUTH response then follows the new route
# into its own TUN device, so the initiator never sees it (what the table and mark prevent).
od_ctl l initiate c/t --timeout 5 >/dev/null 2>&1 && dp_fail "host-to-host came up with routes in main"
grep -q "remote selector 192.0.2.1/32 holds the peer 192.0.2.1 itself" "$DP_WORK/r.log" ||
  dp_fail "no warning about the peer inside the remote selector"
stop_daemons
dp_log "PASS"
