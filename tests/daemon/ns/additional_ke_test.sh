#!/usr/bin/env bash
# RFC 9370 additional key exchanges end to end: two oakleyd in namespaces with the hybrid proposal
# aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072 (x25519 in IKE_SA_INIT, then ECP-384 and
# MODP-3072 in two IKE_INTERMEDIATE exchanges before IKE_AUTH). The tunnel must come up, carry a
# ping, and list-sas must show the additional key exchanges on both sides. Needs root.
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
  [[ $me == r ]] && peer=l my=192.0.2.2 other=192.0.2.1 mine=10.2.0.0/24 theirs=10.1.0.0/24
  cat <<CONF
connections {
  hybrid {
    local_addrs = $my
    remote_addrs = $other
    proposals = aes256gcm16-prfsha384-x25519-ke1_ecp384-ke2_modp3072
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
        esp_proposals = aes256gcm16
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

dp_pair_up
od_start l "" "$(side l)"
od_start r "" "$(side r)"
od_ctl l initiate hybrid/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; dp_fail "initiate"; }
dp_log "tunnel up"

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
dp_log "PASS"
