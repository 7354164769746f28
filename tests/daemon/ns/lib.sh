# shellcheck shell=bash
# Namespace helpers for oakleyd end-to-end tests: the two namespaces of tests/dataplane/ns/lib.sh
# (left 192.0.2.1 with 10.1.0.1 inside, right 192.0.2.2 with 10.2.0.1 inside), an oakleyd in each
# with an IKEv2 PSK net-to-net connection "t"/"net" (10.1.0.0/24 <-> 10.2.0.0/24), and optionally
# a third namespace "a" (198.51.100.2) wired to right (198.51.100.1) to attack it from.
#
#   SYS_OAKLEYD, SYS_OAKCTL   the binaries (the tests take them as arguments)
#   sys_conf SIDE [CONN_EXTRA] [OAKLEY_EXTRA] [MORE_CONNS] [MORE_SECRETS]   writes $DP_WORK/SIDE.conf
#   sys_start SIDE            oakleyd in SIDE's namespace; waits for its control socket
#   sys_ctl SIDE ARGS...      oakctl against SIDE's daemon
#   sys_pid SIDE              the daemon's pid
# Every name carries DP_PREFIX (unique per run: it includes $$); sys_cleanup removes it all.

SYS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DP_PREFIX=${DP_PREFIX:-sy$$}
# shellcheck source=../../dataplane/ns/lib.sh
source "$SYS_HERE/../../dataplane/ns/lib.sh"

sys_skip() {
  echo "SKIP: $*"
  exit 77
}
sys_require_root() {
  [[ $(id -u) == 0 ]] || sys_skip "needs root (network namespaces)"
  [[ -x ${SYS_OAKLEYD:-} && -x ${SYS_OAKCTL:-} ]] || sys_skip "oakleyd/oakctl not built"
}

sys_cleanup() {
  local side
  for side in l r; do sys_stop "$side"; done
  ip netns del "$(dp_ns a)" 2>/dev/null || true
  dp_cleanup
}

# sys_attacker_up: namespace "a" with a veth to right (198.51.100.0/24).
sys_attacker_up() {
  local a r
  a=$(dp_ns a) r=$(dp_ns r)
  ip netns add "$a" || dp_fail "cannot create namespace $a"
  ip link add "${DP_PREFIX:0:8}a" netns "$a" type veth peer name "${DP_PREFIX:0:8}x" netns "$r" ||
    dp_fail "cannot create the attacker's veth"
  dp_exec a ip link set lo up
  dp_exec a ip link set "${DP_PREFIX:0:8}a" up
  dp_exec a ip addr add 198.51.100.2/24 dev "${DP_PREFIX:0:8}a"
  dp_exec r ip link set "${DP_PREFIX:0:8}x" up
  dp_exec r ip addr add 198.51.100.1/24 dev "${DP_PREFIX:0:8}x"
}

sys_ctl_path() { echo "$DP_WORK/$1.ctl"; }

sys_conf() { # SIDE [CONN_EXTRA] [OAKLEY_EXTRA] [MORE_CONNS] [MORE_SECRETS]
  local s=$1 me peer lnet rnet
  if [[ $s == l ]]; then
    me=left peer=right lnet=10.1.0.0/24 rnet=10.2.0.0/24
  else
    me=right peer=left lnet=10.2.0.0/24 rnet=10.1.0.0/24
  fi
  local laddr=192.0.2.1 raddr=192.0.2.2
  [[ $s == l ]] || { laddr=192.0.2.2 raddr=192.0.2.1; }
  cat >"$DP_WORK/$s.conf" <<CONF
oakley {
    control_socket = $(sys_ctl_path "$s")
    tun_name = oak
    dataplane_threads = 1
    ${3:-}
}
connections {
    t {
        version = 2
        local_addrs = $laddr
        remote_addrs = $raddr
        proposals = aes128gcm16-prfsha256-x25519
        ${2:-}
        local {
            auth = psk
            id = $me@sys.test
        }
        remote {
            auth = psk
            id = $peer@sys.test
        }
        children {
            net {
                local_ts = $lnet
                remote_ts = $rnet
                esp_proposals = aes128gcm16
            }
        }
    }
    ${4:-}
}
secrets {
    ike-t {
        id-a = left@sys.test
        id-b = right@sys.test
        secret = "sys-test-psk-0123456789abcdef"
    }
    ${5:-}
}
CONF
  chmod 600 "$DP_WORK/$s.conf"
}

sys_start() { # SIDE [oakleyd args...]
  local s=$1
  shift
  rm -f "$(sys_ctl_path "$s")"
  ip netns exec "$(dp_ns "$s")" "$SYS_OAKLEYD" --config "$DP_WORK/$s.conf" --timestamps "$@" \
    >"$DP_WORK/$s.log" 2>&1 </dev/null &
  eval "SYS_PID_$s=$!"
  local i
  for ((i = 0; i < 100; i++)); do
    if [[ -S $(sys_ctl_path "$s") ]] && sys_ctl "$s" version >/dev/null 2>&1; then
      return 0
    fi
    kill -0 "$(sys_pid "$s")" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$DP_WORK/$s.log"
  dp_fail "oakleyd ($s) did not come up"
}

sys_pid() { local v="SYS_PID_$1"; echo "${!v:-}"; }

sys_stop() {
  local pid i
  pid=$(sys_pid "$1")
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  eval "SYS_PID_$1="
}

sys_ctl() { local s=$1; shift; "$SYS_OAKCTL" --control "$(sys_ctl_path "$s")" "$@"; }

# sys_stat SIDE DOTTED.PATH: a number from `oakctl stats --json` (0 when absent).
sys_stat() {
  sys_ctl "$1" stats --json | python3 -c '
import json, sys
v = json.load(sys.stdin)
for k in sys.argv[1].split("."):
    v = v.get(k, 0) if isinstance(v, dict) else 0
print(v)' "$2"
}

sys_rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# sys_ping_count SIDE: echo replies out of 10 (inside address to inside address, through the tunnel).
sys_ping_count() {
  local from=10.1.0.1 to=10.2.0.1
  [[ $1 == l ]] || { from=10.2.0.1 to=10.1.0.1; }
  dp_exec "$1" ping -n -q -c 10 -i 0.2 -W 1 -I "$from" "$to" 2>/dev/null |
    awk '/received/ {print $4}' || true
}
