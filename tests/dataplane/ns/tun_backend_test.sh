#!/usr/bin/env bash
# The TUN data plane alone, between two namespaces: oak-dp-test on each side with a mirrored
# static SA pair; ping (IPv4 and IPv6 inside) and a checksummed TCP transfer through the tunnel,
# with plain ESP (IPv4 and IPv6 outside) and with ESP in UDP. Needs root.
#   tun_backend_test.sh OAK_DP_TEST_BINARY
set -euo pipefail
OAK_DP_TEST=${1:?usage: tun_backend_test.sh path/to/oak-dp-test}
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
trap dp_cleanup EXIT
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }

transfer() { # BYTES: TCP from left's inside address to right's, verified by SHA-256
  ip netns exec "$(dp_ns r)" python3 "$HERE/tcp_transfer.py" serve 10.2.0.1 5201 >"$DP_WORK/serve.log" 2>&1 &
  local server=$!
  for _ in $(seq 50); do grep -q listening "$DP_WORK/serve.log" 2>/dev/null && break; sleep 0.1; done
  dp_exec l python3 "$HERE/tcp_transfer.py" send 10.2.0.1 5201 "$1" || dp_fail "TCP transfer"
  wait "$server"
}

scenario() { # NAME ARGS...: one pair of data planes with ARGS, ping + transfer, check counters
  local name=$1
  shift
  dp_log "scenario: $name"
  dp_start l "$@"
  dp_start r "$@"
  dp_exec l ping -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "$name: ping"
  dp_exec l ping -6 -c 3 -i 0.2 -W 2 -I fd01::1 fd02::1 >/dev/null || dp_fail "$name: ping -6"
  transfer $((8 << 20))
  dp_stop l
  dp_stop r
  local out in auth
  out=$(dp_stat l sa.out.packets)
  in=$(dp_stat r sa.in.packets)
  auth=$(($(dp_stat l drops.auth_failed) + $(dp_stat r drops.auth_failed)))
  dp_log "  left sent $out packets, right received $in, auth failures $auth"
  ((out > 1000 && in > 1000)) || dp_fail "$name: too few packets counted"
  ((auth == 0)) || dp_fail "$name: authentication failures"
  ((in <= out)) || dp_fail "$name: received more than sent"
}

# NAT-T demultiplexing: a keepalive and an IKE message (non-ESP marker) to the left's port 4500
# are counted, not taken for ESP.
natt_demux() {
  dp_start l --alg aes128gcm16 --udp-encap 4500:4500
  dp_exec r python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(b"\xff", ("192.0.2.1", 4500))
s.sendto(b"\0\0\0\0" + bytes(28), ("192.0.2.1", 4500))'
  sleep 0.3
  dp_stop l
  (($(dp_stat l keepalives) == 1 && $(dp_stat l ike_packets) == 1)) ||
    dp_fail "NAT-T demux: keepalives $(dp_stat l keepalives), IKE $(dp_stat l ike_packets)"
  (($(dp_stat l drops.no_sa) == 0)) || dp_fail "NAT-T demux: non-ESP taken for ESP"
  dp_log "  NAT-T keepalive and IKE marker demultiplexed"
}

# On-demand: trap policies raise ACQUIRE, hold the first packets, send them once the SAs are in.
acquire() {
  # Left plays the initiator (SAs 300 ms after its ACQUIRE), right the responder (SAs at once).
  dp_start l --alg aes128gcm16 --acquire-delay 300
  dp_start r --alg aes128gcm16
  dp_exec l ping -c 1 -W 5 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "acquire: first ping lost"
  dp_exec l ping -c 2 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "acquire: ping"
  dp_stop l
  dp_stop r
  (($(dp_stat l acquires) == 1)) || dp_fail "acquire: $(dp_stat l acquires) ACQUIREs"
  (($(dp_stat l drops.acquire_queue_full) == 0)) || dp_fail "acquire: held packets dropped"
  dp_log "  ACQUIRE raised once, held packet delivered after the SAs appeared"
}

dp_pair_up
dp_log "scenario: NAT-T demultiplexing"
natt_demux
dp_log "scenario: trap policy, ACQUIRE, held packets"
acquire
scenario "plain ESP, AES-GCM-128" --alg aes128gcm16
scenario "plain ESP, AES-CBC/HMAC-SHA256, ESN" --alg aes128-sha256 --esn
scenario "ESP in UDP, ChaCha20-Poly1305" --alg chacha20poly1305 --udp-encap 4500:4500
DP_OUTER=6 scenario "plain ESP over IPv6, AES-GCM-256" --alg aes256gcm16
DP_OUTER=6 scenario "ESP in UDP over IPv6, AES-GCM-128" --alg aes128gcm16 --udp-encap 4500:4500
dp_log "all scenarios passed"
