#!/usr/bin/env bash
# `oakctl diagnose` end to end: two oakleyd in namespaces joined by a veth; nftables in the right
# namespace drops what a firewall or an ISP would, one thing at a time, and the daemons' diagnose
# must name it with its evidence and its fix:
#   1. UDP 500 dropped: no answer on UDP 500 (left), and list-sas says what the SA waits for;
#   2. UDP 4500 dropped, encap = yes: answers on 500, none on 4500 (left); the peer never
#      continued after IKE_SA_INIT (right);
#   3. ESP dropped (meta l4proto esp): the tunnel is up, ESP goes out and nothing comes back,
#      diagnose suggests encap = yes; with encap = yes the same path carries the ping;
#   4. the right daemon killed: DPD declares the peer dead (left).
# Needs root and nft.
#   diagnose_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: diagnose_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: diagnose_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN, nftables)"; exit 77; }
command -v nft >/dev/null || { echo "needs nft"; exit 77; }
DP_PREFIX=odg-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT

side() { # SIDE: connection "t" (IKEv2, PSK, DPD every 2 s); "#ENCAP" is where encap = yes goes
  local me=l peer=r my=192.0.2.1 other=192.0.2.2 mine=10.1.0.1 theirs=10.2.0.1
  [[ $1 == r ]] && me=r peer=l my=192.0.2.2 other=192.0.2.1 mine=10.2.0.1 theirs=10.1.0.1
  cat <<CONF
connections {
  t {
    version = 2
    local_addrs = $my
    remote_addrs = $other
    proposals = aes128gcm16-prfsha256-x25519
    dpd_delay = 2s
    #ENCAP
    local {
      auth = psk
      id = $me.diagnose.test
    }
    remote {
      auth = psk
      id = $peer.diagnose.test
    }
    children {
      net {
        local_ts = $mine/32
        remote_ts = $theirs/32
        esp_proposals = aes128gcm16
      }
    }
  }
}
secrets {
  ike {
    secret = "diagnose-test-psk-0123456789"
  }
}
CONF
}

# encap on|off: both daemons reload with or without forced UDP encapsulation.
encap() {
  local s line="#ENCAP"
  [[ $1 == on ]] && line="encap = yes #ENCAP"
  for s in l r; do
    sed -i "s/^ *\(encap = yes \)\?#ENCAP$/    $line/" "$DP_WORK/$s.conf"
    od_ctl "$s" load >/dev/null || dp_fail "reload ($s)"
  done
}

# block RULE: what the right namespace's input drops from now on ("" = nothing).
block() {
  dp_exec r nft delete table inet odgdiag 2>/dev/null || true
  [[ -z $1 ]] && return 0
  dp_exec r nft -f - <<NFT
table inet odgdiag {
  chain input {
    type filter hook input priority 0; policy accept;
    $1
  }
}
NFT
}

# finding SIDE CODE: the finding's text, evidence and fix from `oakctl --json diagnose t`; fails
# the test (printing every finding) when the side has none with that code.
finding() {
  od_ctl "$1" --json diagnose t >"$DP_WORK/diag-$1.json" || dp_fail "oakctl diagnose ($1)"
  python3 - "$DP_WORK/diag-$1.json" "$2" <<'PY' || { cat "$DP_WORK/diag-$1.json"; dp_fail "$1: no '$2' finding"; }
import json, sys
findings = json.load(open(sys.argv[1]))["findings"]
for f in findings:
    if f.get("code") == sys.argv[2]:
        print(f["severity"] + ": " + f["text"])
        for e in f["evidence"]:
            print("  evidence: " + e)
        if f["fix"]:
            print("  fix: " + f["fix"])
        sys.exit(0)
sys.exit(1)
PY
}

expect_in() { # TEXT PATTERN WHAT
  grep -Eq -- "$2" <<<"$1" || dp_fail "$3: /$2/ not in: $1"
}

stop_tunnel() {
  od_ctl l terminate t >/dev/null 2>&1 || true
  od_ctl r terminate t >/dev/null 2>&1 || true
  sleep 0.5
}

dp_pair_up
OAKLEY_EXTRA="retransmit_tries = 2
  half_open_timeout = 6s"
od_start l "$OAKLEY_EXTRA" "$(side l)"
od_start r "$OAKLEY_EXTRA" "$(side r)"
RIGHT_PID=${DP_PIDS[-1]}

# 1. UDP 500 dropped -------------------------------------------------------------------------
block "udp dport 500 drop"
od_ctl l initiate t --timeout 20 >"$DP_WORK/initiate1.log" 2>&1 &
INIT=$!
sleep 2.5
waiting=$(od_ctl l list-sas)
expect_in "$waiting" "waiting for the answer to IKE_SA_INIT \(message 0\) from 192\.0\.2\.2\[500\]: sent [0-9]+ time" \
  "list-sas while IKE_SA_INIT goes unanswered"
! wait "$INIT" || dp_fail "initiate succeeded although UDP 500 is dropped"
out=$(finding l no-answer)
expect_in "$out" "^error: no answer from 192\.0\.2\.2 on UDP 500 after 3 transmission\(s\) of IKE_SA_INIT" \
  "UDP 500 dropped"
expect_in "$out" "fix: .*UDP 500 and UDP 4500" "UDP 500 dropped: the fix"
dp_log "UDP 500 dropped: $(head -1 <<<"$out")"

# 2. UDP 4500 dropped, encap = yes -------------------------------------------------------------
encap on
block "udp dport 4500 drop"
od_ctl l initiate t --timeout 20 >"$DP_WORK/initiate2.log" 2>&1 &
INIT=$!
sleep 2.5
waiting=$(od_ctl l list-sas)
expect_in "$waiting" "waiting for the answer to IKE_AUTH \(message 1\) from 192\.0\.2\.2\[4500\].*UDP 500 answered" \
  "list-sas while IKE_AUTH goes unanswered on 4500"
! wait "$INIT" || dp_fail "initiate succeeded although UDP 4500 is dropped"
out=$(finding l udp4500-blocked)
expect_in "$out" "^error: the peer answers on UDP 500 but not on UDP 4500" "UDP 4500 dropped"
expect_in "$out" "evidence: IKE moved to UDP 4500 because encap = yes" "UDP 4500 dropped: why 4500"
dp_log "UDP 4500 dropped (left): $(head -1 <<<"$out")"
sleep 5  # the right side's half-open SA times out (half_open_timeout)
out=$(finding r peer-did-not-continue)
expect_in "$out" "192\.0\.2\.1 started IKE_SA_INIT but never continued" "UDP 4500 dropped (right)"
dp_log "UDP 4500 dropped (right): $(head -1 <<<"$out")"

# 3. ESP dropped ---------------------------------------------------------------------------------
encap off
block "meta l4proto esp drop"
od_ctl l initiate t --timeout 20 >"$DP_WORK/initiate3.log" 2>&1 ||
  { cat "$DP_WORK/initiate3.log"; dp_fail "initiate with only ESP dropped"; }
up=$SECONDS
dp_exec l ping -n -q -c 4 -i 0.3 -W 1 -I 10.1.0.1 10.2.0.1 >/dev/null 2>&1 &&
  dp_fail "ping went through although ESP is dropped"
sleep $((12 - (SECONDS - up) > 0 ? 12 - (SECONDS - up) : 0))
out=$(finding l esp-no-inbound)
expect_in "$out" "^error: CHILD_SA net sends ESP but receives none for" "ESP dropped"
expect_in "$out" "evidence: ESP travels as IP protocol 50" "ESP dropped: how ESP travels"
expect_in "$out" "evidence: IKE works" "ESP dropped: IKE still answers"
expect_in "$out" "fix: .*set encap = yes on both sides" "ESP dropped: the fix"
dp_log "ESP dropped: $(head -1 <<<"$out")"
# The fix works: ESP in UDP 4500 passes where IP protocol 50 does not.
stop_tunnel
encap on
od_ctl l initiate t --timeout 20 >"$DP_WORK/initiate4.log" 2>&1 ||
  { cat "$DP_WORK/initiate4.log"; dp_fail "initiate with encap = yes"; }
dp_exec l ping -n -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null ||
  dp_fail "ping with encap = yes while ESP is dropped"
dp_log "ESP dropped: with encap = yes the ping goes through"

# 4. the peer killed: DPD --------------------------------------------------------------------------
block ""
kill -KILL "$RIGHT_PID"
dead=""
for _ in $(seq 30); do
  sleep 1
  dead=$(od_ctl l --json diagnose t | grep -c '"peer-dead"' || true)
  [[ $dead != 0 ]] && break
done
out=$(finding l peer-dead)
expect_in "$out" "^error: dead peer detection declared the peer 192\.0\.2\.2\[4500\] dead" "peer killed"
expect_in "$out" "evidence: the last message from the peer came" "peer killed: when it was last heard"
dp_log "peer killed: $(head -1 <<<"$out")"
dp_log "PASS"
