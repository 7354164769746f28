#!/usr/bin/env bash
# DNS names in remote_addrs end to end: two oakleyd in namespaces that know each other by name
# from a hosts file (`ip netns exec NS` mounts /etc/netns/NS/hosts over /etc/hosts, and
# /etc/netns/NS/resolv.conf over /etc/resolv.conf: a DNS server on the namespace's own loopback,
# where none listens, so a name missing from the hosts file fails at once). The left side
# initiates by name (IKEv2 and IKEv1) and pings through each tunnel; the right side matches the
# left by the address its name resolved to. Then the left's hosts file loses the name: `oakctl
# initiate` must fail with the name and the reason, the log say so and a counter count it.
# Needs root.
#   dns_names_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: dns_names_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: dns_names_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN, /etc/netns)"; exit 77; }
DP_PREFIX=odns-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
NETNS_ETC=()
cleanup() {
  od_cleanup
  local d
  for d in "${NETNS_ETC[@]}"; do rm -rf "$d"; done
  rmdir /etc/netns 2>/dev/null || true  # only if no one else uses it
}
trap 'rc=$?; ((rc == 0)) || od_dump_logs; cleanup; exit $rc' EXIT

# netns_etc SIDE HOSTS_LINE: the namespace's hosts file and a resolv.conf with no DNS server.
netns_etc() {
  local d="/etc/netns/$(dp_ns "$1")"
  mkdir -p "$d"
  NETNS_ETC+=("$d")
  printf '127.0.0.1 localhost\n%s\n' "$2" >"$d/hosts"
  printf 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n' >"$d/resolv.conf"
}

conn() { # SIDE NAME VERSION PROPOSALS ESP N
  local me=$1 peer=r other=right.dns.test mine=10.1.0.$6 theirs=10.2.0.$6
  [[ $me == r ]] && peer=l other=left.dns.test mine=10.2.0.$6 theirs=10.1.0.$6
  cat <<CONF
  $2 {
    version = $3
    local_addrs = %any4
    remote_addrs = $other
    proposals = $4
    local {
      auth = psk
      id = $me-$2.dns.test
    }
    remote {
      auth = psk
      id = $peer-$2.dns.test
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
  printf 'secrets {\n  ike {\n    secret = "dns-names-test-psk-0123"\n  }\n}\n'
}
stat_of() { # SIDE KEY: a counter of the dns section of oakctl stats
  od_ctl "$1" --json stats | python3 -c "import json, sys; print(json.load(sys.stdin)['dns']['$2'])"
}
remote_of() { # SIDE CONNECTION: the remote address of the connection's IKE SA
  od_ctl "$1" --json list-sas | python3 -c "import json, sys
print(' '.join(s['remote'] for s in json.load(sys.stdin)['ike_sas'] if s['connection'] == '$2'))"
}

dp_pair_up
netns_etc l "192.0.2.2 right.dns.test"
netns_etc r "192.0.2.1 left.dns.test"
grep -q 192.0.2.2 <<<"$(dp_exec l getent hosts right.dns.test)" || dp_fail "the left namespace's hosts file is not in use"
dp_exec l ip addr add 10.1.0.2/32 dev lo
dp_exec r ip addr add 10.2.0.2/32 dev lo
od_start l "" "$(side l)"
od_start r "" "$(side r)"
# The right side only answers the left once its name resolved (in the background, at load).
for _ in $(seq 50); do (($(stat_of r lookups) >= 1)) && break; sleep 0.1; done
grep -q "DNS name left.dns.test resolved to 192.0.2.1" <<<"$(od_ctl r diagnose v2)" ||
  dp_fail "right side: left.dns.test not resolved: $(od_ctl r diagnose v2)"

od_ctl l initiate v2/net --timeout 15 >/dev/null || dp_fail "initiate v2 by name"
[[ $(remote_of l v2) == "192.0.2.2[500]" ]] || dp_fail "v2 went to '$(remote_of l v2)'"
grep -q "connection 'v2': right.dns.test resolved to 192.0.2.2" "$DP_WORK/l.log" ||
  dp_fail "no resolution in the left log"
dp_exec l ping -n -q -c 3 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "ping through v2"
dp_log "IKEv2 tunnel up by name, ping through it"

od_ctl l initiate v1/net --timeout 15 >/dev/null || dp_fail "initiate v1 by name"
[[ $(remote_of l v1) == "192.0.2.2[500]" ]] || dp_fail "v1 went to '$(remote_of l v1)'"
dp_exec l ping -n -q -c 3 -i 0.2 -W 2 -I 10.1.0.2 10.2.0.2 >/dev/null || dp_fail "ping through v1"
dp_log "IKEv1 tunnel up by name, ping through it"

# The name no longer resolves (the hosts file rewritten in place: the mount shows its inode).
printf '127.0.0.1 localhost\n' >"/etc/netns/$(dp_ns l)/hosts"
od_ctl l terminate v2 >/dev/null || dp_fail "terminate v2"
od_ctl l terminate v1 >/dev/null || dp_fail "terminate v1"
failures=$(stat_of l initiate_failures)
for conn in v2 v1; do
  if out=$(od_ctl l initiate $conn/net --timeout 15 2>&1); then
    dp_fail "initiate $conn succeeded without the name: $out"
  fi
  grep -q "connection '$conn': unable to resolve remote_addrs 'right.dns.test': " <<<"$out" ||
    dp_fail "initiate $conn: unclear failure: $out"
  grep -q "connection '$conn': unable to resolve remote_addrs 'right.dns.test': .*, initiate aborted" \
    "$DP_WORK/l.log" || dp_fail "no failure for $conn in the left log"
  dp_log "initiate $conn without the name: $(grep -o "unable to resolve.*" <<<"$out" | head -1)"
done
[[ $(stat_of l initiate_failures) == $((failures + 2)) ]] ||
  dp_fail "initiate_failures: $(stat_of l initiate_failures), expected $((failures + 2))"
[[ -z $(remote_of l v2) ]] || dp_fail "an IKE SA exists without the name"
dp_log "PASS"
