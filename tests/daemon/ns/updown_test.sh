#!/usr/bin/env bash
# updown scripts end to end: two oakleyd in namespaces with an IPv4 tunnel whose child names an
# updown script that saves its environment. Bringing the tunnel up must run it with PLUTO_VERB
# up-client on both sides, and taking it down with down-client, with strongSwan's variables in
# charon's formats and the two sides' values mirrored (SPIs, clients, identities). Needs root.
#   updown_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: updown_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: updown_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=oud-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT

cat >"$DP_WORK/updown.sh" <<'SH'
#!/bin/sh
# Saves the environment of each call as SIDE-VERB.env (SIDE is the script's argument).
env | grep '^PLUTO_' | sort >"$(dirname "$0")/$1-$PLUTO_VERB.env"
SH
chmod 755 "$DP_WORK/updown.sh"

side() { # SIDE
  local me=$1 peer=r my=192.0.2.1 other=192.0.2.2 mine=10.1.0.0/24 theirs=10.2.0.0/24
  [[ $me == r ]] && peer=l my=192.0.2.2 other=192.0.2.1 mine=10.2.0.0/24 theirs=10.1.0.0/24
  cat <<CONF
connections {
  site {
    local_addrs = $my
    remote_addrs = $other
    proposals = aes128gcm16-prfsha256-x25519
    local {
      auth = psk
      id = $me.updown.test
    }
    remote {
      auth = psk
      id = $peer.updown.test
    }
    children {
      net {
        local_ts = $mine
        remote_ts = $theirs
        esp_proposals = aes128gcm16
        updown = $DP_WORK/updown.sh $me
      }
    }
  }
}
secrets {
  ike {
    secret = "updown-test-psk-0123"
  }
}
CONF
}

dp_pair_up
od_start l "" "$(side l)"
od_start r "" "$(side r)"
od_ctl l initiate site/net --timeout 15 >/dev/null || dp_fail "initiate"
for _ in $(seq 50); do [[ -f $DP_WORK/l-up-client.env && -f $DP_WORK/r-up-client.env ]] && break; sleep 0.1; done
od_ctl l terminate site >/dev/null || dp_fail "terminate"
for _ in $(seq 50); do [[ -f $DP_WORK/l-down-client.env && -f $DP_WORK/r-down-client.env ]] && break; sleep 0.1; done

python3 - "$DP_WORK" <<'PY' || dp_fail "updown environment"
import sys, re
d = sys.argv[1]
def env(name):
    return dict(l.rstrip("\n").split("=", 1) for l in open(f"{d}/{name}.env"))
l, r = env("l-up-client"), env("r-up-client")
for e, me, peer, mine, theirs in ((l, "192.0.2.1", "192.0.2.2", "10.1.0.0/24", "10.2.0.0/24"),
                                  (r, "192.0.2.2", "192.0.2.1", "10.2.0.0/24", "10.1.0.0/24")):
    assert e["PLUTO_VERSION"] == "1.1", e
    assert e["PLUTO_VERB"] == "up-client", e
    assert e["PLUTO_CONNECTION"] == "net", e
    assert e["PLUTO_PROTO"] == "esp", e
    assert e["PLUTO_ME"] == me and e["PLUTO_PEER"] == peer, e
    assert e["PLUTO_MY_CLIENT"] == mine and e["PLUTO_PEER_CLIENT"] == theirs, e
    assert e["PLUTO_MY_PORT"] == "0" and e["PLUTO_PEER_PORT"] == "0", e
    assert e["PLUTO_MY_PROTOCOL"] == "0" and e["PLUTO_PEER_PROTOCOL"] == "0", e
    assert re.fullmatch(r"[0-9a-f]{8}", e["PLUTO_SPI_IN"]), e
    assert re.fullmatch(r"[1-9][0-9]*", e["PLUTO_REQID"]), e
    assert re.fullmatch(r"[1-9][0-9]*", e["PLUTO_UNIQUEID"]), e
    assert e["PLUTO_INTERFACE"] != "unknown", e
    assert "PLUTO_UDP_ENC" not in e and "PLUTO_HOST_ACCESS" not in e, e
assert l["PLUTO_SPI_IN"] == r["PLUTO_SPI_OUT"] and l["PLUTO_SPI_OUT"] == r["PLUTO_SPI_IN"]
assert l["PLUTO_MY_ID"] == r["PLUTO_PEER_ID"] == "l.updown.test"
ld = env("l-down-client")
assert ld["PLUTO_VERB"] == "down-client" and ld["PLUTO_SPI_IN"] == l["PLUTO_SPI_IN"], ld
PY
runs=$(od_ctl l --json stats | python3 -c 'import json, sys
u = json.load(sys.stdin)["tools"]["updown"]
print(u["runs"], u["failures"])')
[[ $runs == "2 0" ]] || dp_fail "left updown runs/failures '$runs', expected '2 0'"
dp_log "updown ran up-client and down-client on both sides with charon's environment"
dp_log "PASS"
