#!/usr/bin/env bash
# `oakctl trace --peer` end to end: one oakleyd (right, logging at info) and two peers, left
# (192.0.2.1) and a (198.51.100.2, the third namespace of lib.sh), each with an IKEv2 and an
# IKEv1 connection to right. While all four negotiations run at once, right serves two traces:
# `--peer 192.0.2.1 --level debug` must show left's lines only (debug ones among them), every line
# with the SPIs of one of left's SAs in its context and its text, and `--connection a-v2` only that
# connection's lines. Right's log file must stay at info (no debug line: the trace's level is its
# own) and carry each SA's SPIs in its lines. Needs root.
#   trace_test.sh OAKLEYD OAKCTL
set -euo pipefail
SYS_OAKLEYD=${1:?usage: trace_test.sh OAKLEYD OAKCTL}
SYS_OAKCTL=${2:?usage: trace_test.sh OAKLEYD OAKCTL}
DP_PREFIX=otr$$
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
sys_require_root
trap 'rc=$?; ((rc == 0)) || { tail -30 "$DP_WORK"/r.log; cat "$DP_WORK"/trace-*; }
      sys_stop a; sys_cleanup; exit $rc' EXIT

# conn NAME VERSION LOCAL REMOTE LOCAL_TS REMOTE_TS: one connection with child "net"; the ids are
# the connection's name as seen from each end (right's "l-v2" is left's "v2").
conn() {
  local proposals=aes128gcm16-prfsha256-x25519 esp=aes128gcm16
  [[ $2 == 1 ]] && proposals=aes128-sha256-modp2048 esp=aes128-sha256
  cat <<CONF
  $1 {
    version = $2
    local_addrs = $3
    remote_addrs = $4
    proposals = $proposals
    local {
      auth = psk
    }
    remote {
      auth = psk
    }
    children {
      net {
        local_ts = $5
        remote_ts = $6
        esp_proposals = $esp
      }
    }
  }
CONF
}
# write_conf SIDE CONNECTIONS...: the side's configuration, one PSK for every peer.
write_conf() {
  local s=$1
  shift
  cat >"$DP_WORK/$s.conf" <<CONF
oakley {
  control_socket = $(sys_ctl_path "$s")
  tun_name = oak
  dataplane_threads = 1
  worker_threads = 1
  retransmit_timeout = 1.0
}
connections {
$(printf '%s\n' "$@")
}
secrets {
  ike {
    secret = "trace-test-psk-0123456789"
  }
}
CONF
  chmod 600 "$DP_WORK/$s.conf"
}

dp_pair_up
sys_attacker_up
L=192.0.2.1 R=192.0.2.2 A=198.51.100.2 RA=198.51.100.1
write_conf r "$(conn l-v2 2 $R $L 10.2.0.1/32 10.1.0.1/32)" "$(conn l-v1 1 $R $L 10.2.0.2/32 10.1.0.2/32)" \
  "$(conn a-v2 2 $RA $A 10.2.0.3/32 10.3.0.1/32)" "$(conn a-v1 1 $RA $A 10.2.0.4/32 10.3.0.2/32)"
write_conf l "$(conn v2 2 $L $R 10.1.0.1/32 10.2.0.1/32)" "$(conn v1 1 $L $R 10.1.0.2/32 10.2.0.2/32)"
write_conf a "$(conn v2 2 $A $RA 10.3.0.1/32 10.2.0.3/32)" "$(conn v1 1 $A $RA 10.3.0.2/32 10.2.0.4/32)"
sys_start r
sys_start l
sys_start a

# Not through sys_ctl: $! must be oakctl itself, which ends cleanly on SIGINT (exit 0).
"$SYS_OAKCTL" --control "$(sys_ctl_path r)" trace --peer $L --level debug --json \
  >"$DP_WORK/trace-peer.json" 2>"$DP_WORK/trace-peer.err" &
TRACE_PEER=$!
"$SYS_OAKCTL" --control "$(sys_ctl_path r)" trace --connection a-v2 --json \
  >"$DP_WORK/trace-conn.json" 2>"$DP_WORK/trace-conn.err" &
TRACE_CONN=$!
DP_PIDS+=("$TRACE_PEER" "$TRACE_CONN")
for f in trace-peer trace-conn; do
  for _ in $(seq 50); do grep -qs tracing "$DP_WORK/$f.json" && break; sleep 0.1; done
  grep -q '"tracing"' "$DP_WORK/$f.json" || dp_fail "$f did not start: $(cat "$DP_WORK/$f.err")"
done

# All four at once: right negotiates with both peers, both versions, at the same time.
pids=()
for side in l a; do
  for c in v2 v1; do
    sys_ctl $side initiate $c/net --timeout 20 >"$DP_WORK/init-$side-$c.txt" 2>&1 &
    pids+=($!)
  done
done
for p in "${pids[@]}"; do wait "$p" || dp_fail "an initiate failed: $(cat "$DP_WORK"/init-*)"; done
sleep 0.5
kill -INT $TRACE_PEER $TRACE_CONN
wait $TRACE_PEER || dp_fail "oakctl trace --peer exit status $?"
wait $TRACE_CONN || dp_fail "oakctl trace --connection exit status $?"
sys_ctl r list-sas --json >"$DP_WORK/sas.json"
dp_log "four negotiations up at once; two traces ran on right"

python3 - "$DP_WORK" <<'PY' || dp_fail "trace output does not match (above)"
import json, re, sys
work = sys.argv[1]
sas = {s["connection"]: s for s in json.load(open(f"{work}/sas.json"))["ike_sas"]}
assert sorted(sas) == ["a-v1", "a-v2", "l-v1", "l-v2"], sorted(sas)

def events(name):
    return [json.loads(l) for l in open(f"{work}/{name}.json") if l.strip()]

def check_spis(e):
    assert "ike_spi_i" in e and "ike_spi_r" in e, e
    assert f'{e["ike_spi_i"]}_i {e["ike_spi_r"]}_r' in e["message"], e

peer = events("trace-peer")
assert peer[0]["event"] == "tracing" and "peer 192.0.2.1" in peer[0]["message"], peer[0]
lines = [e for e in peer if e["event"] == "log"]
assert lines, "the peer trace showed nothing"
theirs = {sas[c][k] for c in ("a-v1", "a-v2") for k in ("spi_i", "spi_r")}
for e in lines:
    assert e["peer"] == "192.0.2.1", e
    assert "198.51.100.2" not in e["message"] and "<a-v" not in e["message"], e
    assert not any(spi in e["message"] for spi in theirs), e
    check_spis(e)
    assert e["ike_spi_i"] in (sas["l-v2"]["spi_i"], sas["l-v1"]["spi_i"]), e
assert any(e["level"] == "debug" for e in lines), "no debug line in a debug trace"
for c in ("l-v2", "l-v1"):
    tag = f'<{c}|{sas[c]["id"]}> [{sas[c]["spi_i"]}_i {sas[c]["spi_r"]}_r]'
    assert any(e["message"].startswith(tag) for e in lines), f"no line of {c}: {tag}"

conn = [e for e in events("trace-conn") if e["event"] == "log"]
assert conn, "the connection trace showed nothing"
for e in conn:
    assert e["connection"] == "a-v2" and e["level"] != "debug", e
    assert e["ike_spi_i"] == sas["a-v2"]["spi_i"], e
    check_spis(e)
print(f"peer trace: {len(lines)} lines, connection trace: {len(conn)} lines")
PY
dp_log "trace --peer: left's lines only, with their SPIs; trace --connection: a-v2's only"

# The log file: the daemon's level (no debug line, though a trace asked for debug), and every SA's
# SPIs in the text of its lines.
! grep -q ' debug \[' "$DP_WORK/r.log" || dp_fail "debug lines in right's log: $(grep -m3 ' debug \[' "$DP_WORK/r.log")"
python3 - "$DP_WORK" <<'PY' || dp_fail "right's log lacks an SA's SPIs"
import json, sys
work = sys.argv[1]
log = open(f"{work}/r.log").read()
for s in json.load(open(f"{work}/sas.json"))["ike_sas"]:
    tag = f'<{s["connection"]}|{s["id"]}> [{s["spi_i"]}_i {s["spi_r"]}_r]'
    assert tag in log, tag
PY
dp_log "right's log: info only, each SA's lines tagged with its SPIs"
dp_log "PASS"
