#!/usr/bin/env bash
# RFC 9370 additional key exchanges end to end: two oakleyd in namespaces with the hybrid proposal
# aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072 (x25519 in IKE_SA_INIT, then ECP-384 and
# MODP-3072 in two IKE_INTERMEDIATE exchanges before IKE_AUTH). The tunnel must come up, carry a
# ping, and list-sas must show the additional key exchanges on both sides. Then, while a ping
# runs, the left rekeys the IKE SA and the CHILD_SA (short rekey_time; the CHILD_SA has PFS with
# the same hybrid groups): each rekey does its additional key exchanges in IKE_FOLLOWUP_KE
# exchanges (RFC 9370 2.2.4), and list-sas --json must show new SPIs that still have them, with
# the ping unbroken. Needs root.
#   additional_ke_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: additional_ke_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: additional_ke_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=oke-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT

side() { # SIDE
  local me=$1 peer=r my=192.0.2.1 other=192.0.2.2 mine=10.1.0.0/24 theirs=10.2.0.0/24
  # The left rekeys, seconds after the start (the limits leave room for a rekey that has to wait
  # for the other one); the right only answers.
  local ike_rekey="rekey_time = 6s
    over_time = 10s
    rand_time = 1s" child_rekey="rekey_time = 4s
        life_time = 12s
        rand_time = 1s"
  if [[ $me == r ]]; then
    peer=l my=192.0.2.2 other=192.0.2.1 mine=10.2.0.0/24 theirs=10.1.0.0/24
    ike_rekey="rekey_time = 1h" child_rekey="rekey_time = 1h"
  fi
  cat <<CONF
connections {
  hybrid {
    local_addrs = $my
    remote_addrs = $other
    proposals = aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072
    $ike_rekey
    local {
      auth = psk
      id = $me.hybrid.test
    }
    remote {
      auth = psk
      id = $peer.hybrid.test
    }
    children {
      net {
        local_ts = $mine
        remote_ts = $theirs
        esp_proposals = aes256gcm16-x25519-ke1_ecp384-ke2_modp3072
        $child_rekey
      }
    }
  }
}
secrets {
  ike {
    secret = "hybrid-test-psk-0123"
  }
}
CONF
}

# SPIs of the IKE SA and of the CHILD_SA, and their additional key exchanges:
# "SPI_I CHILD_SPI_IN IKE_KES CHILD_KES" of the one IKE SA of connection hybrid.
spis() { # SIDE
  od_ctl "$1" --json list-sas | python3 -c "import json, sys
sas = [s for s in json.load(sys.stdin)['ike_sas'] if s['connection'] == 'hybrid']
assert len(sas) == 1, sas
ike = sas[0]
kids = [c for c in ike['children'] if c['state'] == 'INSTALLED']
assert len(kids) == 1, kids
print(ike['spi_i'], kids[0]['spi_in'], '/'.join(ike['algorithms']['additional_kes']) or '-',
      '/'.join(kids[0]['algorithms']['additional_kes']) or '-')"
}

dp_pair_up
od_start l "" "$(side l)"
od_start r "" "$(side r)"
od_ctl l initiate hybrid/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; dp_fail "initiate"; }
dp_log "tunnel up"
read -r ike0 child0 _ _ <<<"$(spis l)"

replies=$(dp_exec l ping -n -q -c 3 -i 0.3 -W 2 -I 10.1.0.1 10.2.0.1 2>/dev/null |
  sed -n 's/.* \([0-9]*\) received.*/\1/p')
[[ ${replies:-0} -ge 2 ]] || dp_fail "ping through the hybrid tunnel: ${replies:-0}/3 answered"
dp_log "ping through the tunnel: $replies/3 answered"

for s in l r; do
  od_ctl "$s" list-sas >"$DP_WORK/$s-sas.txt" || dp_fail "list-sas ($s)"
  grep -q "AES_GCM_16-256/PRF_HMAC_SHA2_384/CURVE_25519/KE1_ECP_384/KE2_MODP_3072" \
    "$DP_WORK/$s-sas.txt" || { cat "$DP_WORK/$s-sas.txt"; dp_fail "list-sas ($s) lacks the KEs"; }
done
grep -q "additional key exchange MODP_3072 done (2 of 2), keys updated" "$DP_WORK/l.log" ||
  dp_fail "no second IKE_INTERMEDIATE in the left's log"
grep -q "additional key exchange MODP_3072 done (2 of 2), keys updated" "$DP_WORK/r.log" ||
  dp_fail "no second IKE_INTERMEDIATE in the right's log"
dp_log "list-sas shows KE1_ECP_384/KE2_MODP_3072 on both sides"

# The rekeys come due while this ping runs (about 10 s).
dp_exec l ping -n -q -c 40 -i 0.25 -W 1 -I 10.1.0.1 10.2.0.1 >"$DP_WORK/ping.log" 2>&1 || true
replies=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$DP_WORK/ping.log")
[[ ${replies:-0} -ge 36 ]] ||
  { cat "$DP_WORK/ping.log"; dp_fail "ping during the rekeys: ${replies:-0}/40 answered"; }
dp_log "ping during the rekeys: $replies/40 answered"
grep -q "IKE rekey: additional key exchange 2 of 2 done" "$DP_WORK/l.log" ||
  dp_fail "the left did not rekey the IKE SA with IKE_FOLLOWUP_KE"
grep -q "CHILD_SA net: additional key exchange 2 of 2 done" "$DP_WORK/l.log" ||
  dp_fail "the left did not rekey the CHILD_SA with IKE_FOLLOWUP_KE"
grep -q "sending IKE_FOLLOWUP_KE response" "$DP_WORK/r.log" ||
  dp_fail "no IKE_FOLLOWUP_KE response in the right's log"
for s in l r; do
  read -r ike1 child1 ike_kes child_kes <<<"$(spis "$s")" || dp_fail "list-sas --json ($s)"
  [[ $ike1 != "$ike0" ]] || dp_fail "$s: the IKE SA was not rekeyed (SPI $ike1)"
  [[ $ike_kes == KE1_ECP_384/KE2_MODP_3072 ]] || dp_fail "$s: rekeyed IKE SA has KEs '$ike_kes'"
  [[ $child_kes == KE1_ECP_384/KE2_MODP_3072 ]] || dp_fail "$s: CHILD_SA has KEs '$child_kes'"
  if [[ $s == l ]]; then
    [[ $child1 != "$child0" ]] || dp_fail "the CHILD_SA was not rekeyed (SPI $child1)"
  fi
done
dp_log "IKE SA $ike0 -> $ike1, CHILD_SA $child0 -> $child1: rekeyed with KE1_ECP_384/KE2_MODP_3072"
dp_log "PASS"
