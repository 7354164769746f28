#!/usr/bin/env bash
# Manual tool (not run by the tests): asks a real charon how it parses proposal strings, to
# record the expected values of proposal_test.cpp. Needs root and Debian's strongswan-charon and
# strongswan-swanctl packages.
#   tests/config/record_charon_proposals.sh ike 'aes128-sha256-x25519' 'aes128gcm16-prfsha256-ecp256'
#   tests/config/record_charon_proposals.sh esp 'aes128gcm16' default
# Prints "STRING => IKE:AES_CBC_128/..." (charon's cfg-level-2 log of the loaded connection).
set -euo pipefail
kind=$1; shift
dir=$(mktemp -d /tmp/charon-oracle.XXXXXX)
ns=oracle$$
trap 'kill "$(cat "$dir/pid" 2>/dev/null)" 2>/dev/null || true; ip netns del "$ns" 2>/dev/null || true' EXIT
[[ ${ORACLE_DEBUG:-} ]] && trap - EXIT
mkdir -p "$dir/run"
cat >"$dir/strongswan.conf" <<CONF
charon {
    load_modular = no
    load = kernel-netlink socket-default vici random nonce openssl pem pkcs1 x509 pubkey kdf curve25519 aes sha1 sha2 hmac gmp xcbc cmac
    filelog { log { path = $dir/charon.log
                    default = 1
                    cfg = 2
                    flush_line = yes } }
    syslog { daemon { default = -1 } }
    plugins { vici { socket = unix://$dir/charon.vici } }
}
CONF
ip netns add "$ns"
setsid ip netns exec "$ns" unshare -m --propagation private sh -c \
  "mount --bind '$dir/run' /run; exec env STRONGSWAN_CONF='$dir/strongswan.conf' /usr/lib/ipsec/charon" \
  >"$dir/stdout.log" 2>&1 &
echo $! >"$dir/pid"
for _ in $(seq 50); do [[ -S $dir/charon.vici ]] && break; sleep 0.1; done
i=0
for s in "$@"; do
  i=$((i + 1)); : >"$dir/charon.log"
  if [[ $kind == ike ]]; then
    printf 'connections { p%d { proposals = %s\n children { c { } } } }\n' "$i" "$s" >"$dir/p.conf"
    pattern='\[CFG\]   proposals = '   # the IKE config's line (3 spaces)
  else
    printf 'connections { p%d { children { c { %s_proposals = %s\n } } } }\n' "$i" "$kind" "$s" >"$dir/p.conf"
    pattern='\[CFG\]    proposals = '  # the CHILD config's line (4 spaces)
  fi
  if swanctl --load-conns --file "$dir/p.conf" --uri "unix://$dir/charon.vici" >/dev/null 2>&1; then
    sleep 0.05
    echo "$s => $(grep -m1 "$pattern" "$dir/charon.log" | sed 's/.*proposals = //')"
  else
    echo "$s => ERROR: $(grep -E 'not recognized|mandatory|contained' "$dir/charon.log" | sed 's/.*\[CFG\] *//' | head -1)"
  fi
done
