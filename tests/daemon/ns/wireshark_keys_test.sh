#!/usr/bin/env bash
# Wireshark key export end to end: two oakleyd in namespaces bring up IKEv2 (AES-CBC/HMAC and
# AES-GCM) and IKEv1 (AES-CBC/HMAC) tunnels while tcpdump captures the wire; the left daemon's
# keys come from `oakctl export-keys`, the right daemon keeps export_keys_dir current by itself.
# tshark with those tables must decrypt IKE_AUTH's and Main Mode's identities and the ICMP
# inside ESP; without them it must not. Needs root.
#   wireshark_keys_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: wireshark_keys_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: wireshark_keys_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=opk-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT

# conn SIDE NAME N VERSION PROPOSALS ESP: connection NAME between inside addresses 10.x.0.N.
conn() {
  local me=$1 name=$2 n=$3 peer=r my_addr=192.0.2.1 peer_addr=192.0.2.2 mine=10.1.0.$3
  local theirs=10.2.0.$3
  [[ $me == r ]] && peer=l my_addr=192.0.2.2 peer_addr=192.0.2.1 mine=10.2.0.$n theirs=10.1.0.$n
  cat <<CONF
  $name {
    version = $4
    local_addrs = $my_addr
    remote_addrs = $peer_addr
    proposals = $5
    local {
      auth = psk
      id = $me-$name.keys.test
    }
    remote {
      auth = psk
      id = $peer-$name.keys.test
    }
    children {
      net {
        local_ts = $mine/32
        remote_ts = $theirs/32
        esp_proposals = $6
      }
    }
  }
CONF
}

side() { # SIDE: every connection and the shared secret
  local ike2=aes128-sha256-x25519 gcm2=aes256gcm16-prfsha256-x25519
  # The responder picks its IKEv2 connection by address in IKE_SA_INIT: offer both suites there.
  [[ $1 == r ]] && ike2="$ike2,$gcm2" gcm2="$ike2"
  echo "connections {"
  conn "$1" cbc 1 2 "$ike2" aes128-sha256
  conn "$1" gcm 2 2 "$gcm2" aes256gcm16
  conn "$1" v1 3 1 aes128-sha256-modp2048 aes128-sha1
  echo "}"
  printf 'secrets {\n  ike {\n    secret = "wireshark-keys-test-psk"\n  }\n}\n'
}

dp_pair_up
for n in 2 3; do
  dp_exec l ip addr add 10.1.0.$n/32 dev lo
  dp_exec r ip addr add 10.2.0.$n/32 dev lo
done
mkdir -m 0700 "$DP_WORK/right-keys" "$DP_WORK/left-keys"
od_start l "export_keys = yes" "$(side l)"
od_start r "export_keys_dir = $DP_WORK/right-keys" "$(side r)"

ip netns exec "$(dp_ns l)" tcpdump --immediate-mode -i "${DP_PREFIX:0:8}l" -U -w "$DP_WORK/cap.pcap" \
  'udp port 500 or udp port 4500 or esp' >"$DP_WORK/tcpdump.log" 2>&1 &
TCPDUMP=$!
DP_PIDS+=($TCPDUMP)
for _ in $(seq 50); do grep -q listening "$DP_WORK/tcpdump.log" && break; sleep 0.1; done

for c in cbc gcm v1; do
  od_ctl l initiate "$c/net" --timeout 20 >>"$DP_WORK/initiate.log" 2>&1 ||
    { cat "$DP_WORK/initiate.log"; dp_fail "initiate $c"; }
done
for n in 1 2 3; do
  dp_exec l ping -c 2 -i 0.2 -W 2 -I 10.1.0.$n 10.2.0.$n >/dev/null || dp_fail "ping 10.2.0.$n"
done
dp_log "three tunnels up, pinged through each"
sleep 0.3
kill -INT "$TCPDUMP"
wait "$TCPDUMP" 2>/dev/null || true

od_ctl l export-keys --dir "$DP_WORK/left-keys" || dp_fail "oakctl export-keys"
held=$(od_ctl l --json stats | python3 -c 'import json, sys
k = json.load(sys.stdin)["tools"]["key_export"]
print(k["enabled"], k["evicted"])')
[[ $held == "True 0" ]] || dp_fail "oakctl stats: key export '$held', expected on, nothing evicted"
for f in ikev2_decryption_table ikev1_decryption_table esp_sa; do
  for d in left-keys right-keys; do
    [[ $(stat -c %a "$DP_WORK/$d/$f") == 600 ]] || dp_fail "$d/$f is not mode 0600"
  done
done
rows() { grep -vc '^#' "$1" || true; }
[[ $(rows "$DP_WORK/left-keys/ikev2_decryption_table") == 2 ]] || dp_fail "2 IKEv2 rows expected"
[[ $(rows "$DP_WORK/left-keys/ikev1_decryption_table") == 1 ]] || dp_fail "1 IKEv1 row expected"
[[ $(rows "$DP_WORK/left-keys/esp_sa") == 6 ]] || dp_fail "6 ESP rows expected"
# Both daemons know the same SAs, so their tables hold the same rows (in their own order).
for f in ikev2_decryption_table ikev1_decryption_table esp_sa; do
  diff <(grep -v '^#' "$DP_WORK/left-keys/$f" | sort) <(grep -v '^#' "$DP_WORK/right-keys/$f" | sort) ||
    dp_fail "$f: the right daemon's export_keys_dir differs from the left's oakctl export"
done
dp_log "keys exported: by oakctl (left) and kept current in export_keys_dir (right), mode 0600"

# decode [PROFILE_DIR] ARGS...: tshark on the capture, with the tables of PROFILE_DIR if given.
decode() {
  local xdg="$DP_WORK/xdg-none"
  if [[ $1 != none ]]; then
    xdg="$DP_WORK/xdg"
    mkdir -p "$xdg/wireshark"
    cp "$1"/* "$xdg/wireshark/"
  fi
  shift
  XDG_CONFIG_HOME=$xdg HOME=$DP_WORK tshark -n -r "$DP_WORK/cap.pcap" \
    -o esp.enable_encryption_decode:TRUE "$@" 2>"$DP_WORK/tshark.err"
}

decode "$DP_WORK/left-keys" -V >"$DP_WORK/decoded.txt"
decode none -V >"$DP_WORK/plain.txt"
for id in l-cbc r-cbc l-gcm r-gcm l-v1 r-v1; do
  grep -q "$id.keys.test" "$DP_WORK/decoded.txt" || dp_fail "identity $id not decrypted"
  ! grep -q "$id.keys.test" "$DP_WORK/plain.txt" || dp_fail "$id readable without the keys?"
done
dp_log "IKE_AUTH (IKEv2, AES-CBC/HMAC and AES-GCM) and Main Mode (IKEv1) identities decrypted"

decode "$DP_WORK/left-keys" -Y icmp -T fields -E occurrence=l -e ip.src -e ip.dst -e icmp.type |
  awk '{print $NF == 8 ? $1 " > " $2 " request" : $1 " > " $2 " reply"}' | sort -u \
  >"$DP_WORK/icmp.txt"
expected=""
for n in 1 2 3; do
  expected+="10.1.0.$n > 10.2.0.$n request"$'\n'"10.2.0.$n > 10.1.0.$n reply"$'\n'
done
diff <(printf '%s' "$expected" | sort) "$DP_WORK/icmp.txt" ||
  dp_fail "ICMP inside ESP not decrypted as expected"
[[ -z $(decode none -Y icmp -T fields -e ip.src) ]] || dp_fail "ICMP visible without the keys?"
dp_log "ICMP inside ESP decrypted for AES-CBC/HMAC-SHA-256, AES-GCM and AES-CBC/HMAC-SHA-1"

# Turning export off by a reload wipes the kept keys and empties the folder it kept current.
sed -i "/export_keys_dir/d" "$DP_WORK/r.conf"
od_ctl r load >/dev/null || dp_fail "reload without export_keys_dir"
for f in ikev2_decryption_table ikev1_decryption_table esp_sa; do
  [[ $(rows "$DP_WORK/right-keys/$f") == 0 ]] || dp_fail "right-keys/$f still holds keys after export was turned off"
done
[[ $(od_ctl r --json stats | python3 -c 'import json, sys
print(json.load(sys.stdin)["tools"]["key_export"]["enabled"])') == False ]] ||
  dp_fail "key export still on after the reload"
dp_log "export turned off by a reload: folder emptied, keys wiped"
dp_log "PASS"
