#!/usr/bin/env bash
# `oakctl monitor` end to end: two oakleyd in namespaces; a monitor on each side (JSON on the
# left, one-liners on the right) watches an IKEv2 tunnel come up, its CHILD_SA and IKE SA be
# rekeyed and the tunnel go down, then an IKEv1 tunnel come up and go down. Each monitor must
# print exactly those events, in order, with matching SPIs across the two sides. Needs root.
#   monitor_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: monitor_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: monitor_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=omn-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || { od_dump_logs; cat "$DP_WORK"/mon-*; }; od_cleanup; exit $rc' EXIT

conn() { # SIDE NAME VERSION PROPOSALS ESP N
  local me=$1 peer=r my=192.0.2.1 other=192.0.2.2 mine=10.1.0.$6 theirs=10.2.0.$6
  [[ $me == r ]] && peer=l my=192.0.2.2 other=192.0.2.1 mine=10.2.0.$6 theirs=10.1.0.$6
  cat <<CONF
  $2 {
    version = $3
    local_addrs = $my
    remote_addrs = $other
    proposals = $4
    local {
      auth = psk
      id = $me-$2.monitor.test
    }
    remote {
      auth = psk
      id = $peer-$2.monitor.test
    }
    children {
      net {
        local_ts = $mine/32
        remote_ts = $theirs/32
        esp_proposals = $5
      }
    }
  }
CONF
}
side() {
  echo "connections {"
  conn "$1" v2 2 aes128gcm16-prfsha256-x25519 aes128gcm16 1
  conn "$1" v1 1 aes128-sha256-modp2048 aes128-sha256 2
  echo "}"
  printf 'secrets {\n  ike {\n    secret = "monitor-test-psk-0123"\n  }\n}\n'
}

dp_pair_up
dp_exec l ip addr add 10.1.0.2/32 dev lo
dp_exec r ip addr add 10.2.0.2/32 dev lo
od_start l "" "$(side l)"
od_start r "" "$(side r)"

# Not through od_ctl: $! must be oakctl itself, which ends cleanly on SIGINT (exit 0).
"$OAKCTL" --control "$(od_sock l)" monitor --json >"$DP_WORK/mon-l.json" 2>"$DP_WORK/mon-l.err" &
MON_L=$!
"$OAKCTL" --control "$(od_sock r)" monitor >"$DP_WORK/mon-r.txt" 2>"$DP_WORK/mon-r.err" &
MON_R=$!
DP_PIDS+=($MON_L $MON_R)
for _ in $(seq 50); do grep -qs subscribed "$DP_WORK/mon-l.json" && break; sleep 0.1; done
grep -q subscribed "$DP_WORK/mon-l.json" || dp_fail "the left monitor did not subscribe"
sleep 0.2
subs=$(od_ctl r --json stats | python3 -c 'import json, sys
print(json.load(sys.stdin)["tools"]["sa_events"]["subscribers"])')
[[ $subs == 1 ]] || dp_fail "right daemon: $subs subscribers, expected 1"

od_ctl l initiate v2/net --timeout 15 >/dev/null || dp_fail "initiate v2"
od_ctl l rekey v2/net >/dev/null || dp_fail "rekey v2/net"
od_ctl l rekey v2 >/dev/null || dp_fail "rekey v2 (IKE SA)"
od_ctl l terminate v2 >/dev/null || dp_fail "terminate v2"
od_ctl l initiate v1/net --timeout 15 >/dev/null || dp_fail "initiate v1"
od_ctl l terminate v1 >/dev/null || dp_fail "terminate v1"
sleep 1
kill -INT "$MON_L" "$MON_R"
wait "$MON_L" || dp_fail "oakctl monitor (left) exit status $?"
wait "$MON_R" || dp_fail "oakctl monitor (right) exit status $?"

# Left (JSON): the kinds in order, and the CHILD_SA's SPIs mirror the right side's.
python3 - "$DP_WORK/mon-l.json" <<'PY' || dp_fail "left monitor output: $(cat "$DP_WORK/mon-l.json")"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert events[0]["event"] == "subscribed", events[0]
sa = [e for e in events if e["event"] == "sa"]
got = [(e["connection"], e["kind"]) for e in sa]
want = [("v2", "ike_up"), ("v2", "child_up"), ("v2", "child_rekeyed"), ("v2", "ike_rekeyed"),
        ("v2", "child_down"), ("v2", "ike_down"),
        ("v1", "ike_up"), ("v1", "child_up"), ("v1", "child_down"), ("v1", "ike_down")]
assert got == want, got
up = sa[1]
assert up["version"] == 2 and up["child"] == "net" and up["mode"] == "TUNNEL", up
assert up["local"] == "192.0.2.1" and up["remote"] == "192.0.2.2", up
assert up["local_id"] == "l-v2.monitor.test" and up["remote_id"] == "r-v2.monitor.test", up
assert up["local_ts"] == ["10.1.0.1/32"] and up["remote_ts"] == ["10.2.0.1/32"], up
assert sa[2]["replaces"] == up["child_id"] and sa[2]["spi_in"] != up["spi_in"], sa[2]
assert sa[3]["replaces"] == up["ike_id"], sa[3]
assert sa[7]["version"] == 1 and sa[7]["local_ts"] == ["10.1.0.2/32"], sa[7]
for e in (sa[4], sa[5], sa[8], sa[9]):
    assert e.get("reason"), e
print(up["spi_in"], up["spi_out"])
PY
read -r spi_in spi_out < <(python3 -c 'import json, sys
e = [json.loads(l) for l in open(sys.argv[1]) if "child_up" in l][0]
print(e["spi_in"], e["spi_out"])' "$DP_WORK/mon-l.json")
dp_log "left monitor (JSON): up, child rekey, IKE rekey, down for IKEv2 and IKEv1"

# Right (one-liners): the same story from the responder, with the SPIs crossed.
kinds=$(awk '{print $1}' "$DP_WORK/mon-r.txt" | paste -sd' ')
want="ike_up child_up child_rekeyed ike_rekeyed child_down ike_down ike_up child_up child_down ike_down"
[[ $kinds == "$want" ]] || dp_fail "right monitor printed '$kinds'; expected '$want'; $(cat "$DP_WORK/mon-r.txt")"
grep -q "^child_up .*v2/net{[0-9]*} reqid [0-9]* SPIs ${spi_out}_i ${spi_in}_o 10.2.0.1/32 === 10.1.0.1/32" \
  "$DP_WORK/mon-r.txt" || dp_fail "right child_up line: $(grep child_up "$DP_WORK/mon-r.txt")"
dp_log "right monitor (text): same events, SPIs mirrored"
dp_log "PASS"
