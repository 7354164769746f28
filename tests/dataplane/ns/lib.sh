# shellcheck shell=bash
# Namespace helpers for data-plane tests: two network namespaces joined by a veth pair, each with
# an "inside" address on lo standing for the network behind a gateway, and oak-dp-test (the TUN
# data plane with a static SA pair) started in each. Sourced by the tests; reusable by the
# daemon's end-to-end tests (start oakleyd instead of oak-dp-test).
#
#   left  (PREFIX-l): veth 192.0.2.1/24 2001:db8::1/64, inside 10.1.0.1 fd01::1
#   right (PREFIX-r): veth 192.0.2.2/24 2001:db8::2/64, inside 10.2.0.1 fd02::1
#
# Every namespace, process and file is named after PREFIX (unique per run, e.g. oakdp-$$) and
# removed by dp_cleanup, which the caller registers with `trap dp_cleanup EXIT`.

DP_PREFIX=${DP_PREFIX:-oakdp-$$}
DP_WORK=${DP_WORK:-$(mktemp -d "/tmp/${DP_PREFIX}.XXXX")}
DP_PIDS=()

dp_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
dp_fail() {
  dp_log "FAILED: $*"
  exit 1
}

dp_ns() { echo "${DP_PREFIX}-$1"; }              # dp_ns l|r
dp_exec() { local s=$1; shift; ip netns exec "$(dp_ns "$s")" "$@"; }

# dp_pair_up: the two namespaces and the veth between them.
dp_pair_up() {
  local l r
  l=$(dp_ns l) r=$(dp_ns r)
  ip netns add "$l" && ip netns add "$r" || dp_fail "cannot create namespaces"
  ip link add "${DP_PREFIX:0:8}l" netns "$l" type veth peer name "${DP_PREFIX:0:8}r" netns "$r" ||
    dp_fail "cannot create veth"
  dp_side_up l "${DP_PREFIX:0:8}l" 192.0.2.1 2001:db8::1 10.1.0.1 fd01::1
  dp_side_up r "${DP_PREFIX:0:8}r" 192.0.2.2 2001:db8::2 10.2.0.1 fd02::1
}

dp_side_up() { # SIDE IF V4 V6 INSIDE4 INSIDE6
  local s=$1 dev=$2
  dp_exec "$s" ip link set lo up
  dp_exec "$s" ip link set "$dev" up
  dp_exec "$s" ip addr add "$3/24" dev "$dev"
  dp_exec "$s" ip addr add "$4/64" dev "$dev" nodad
  dp_exec "$s" ip addr add "$5/32" dev lo
  dp_exec "$s" ip addr add "$6/128" dev lo
  dp_exec "$s" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
}

# dp_start SIDE ARGS...: oak-dp-test in the namespace, with SIDE's addresses and keys mirrored by
# SPI (left sends with 0x1001, right with 0x1002). Waits until its SAs and routes are in place.
dp_start() {
  local s=$1
  shift
  local local_addr remote_addr lts rts lts6 rts6 out in
  if [[ $s == l ]]; then
    local_addr=192.0.2.1 remote_addr=192.0.2.2 out=0x1001 in=0x1002
    lts=10.1.0.0/24 rts=10.2.0.0/24 lts6=fd01::/64 rts6=fd02::/64
  else
    local_addr=192.0.2.2 remote_addr=192.0.2.1 out=0x1002 in=0x1001
    lts=10.2.0.0/24 rts=10.1.0.0/24 lts6=fd02::/64 rts6=fd01::/64
  fi
  if [[ ${DP_OUTER:-4} == 6 ]]; then
    local_addr=${local_addr/192.0.2./2001:db8::} remote_addr=${remote_addr/192.0.2./2001:db8::}
  fi
  rm -f "$DP_WORK/$s.ready"
  # Not through dp_exec: a backgrounded function would be a subshell, and $! its pid.
  ip netns exec "$(dp_ns "$s")" "$OAK_DP_TEST" --dev "oak${s}" --local "$local_addr" --remote "$remote_addr" \
    --local-ts "$lts" --remote-ts "$rts" --local-ts "$lts6" --remote-ts "$rts6" \
    --spi-out "$out" --spi-in "$in" --ready "$DP_WORK/$s.ready" --stats "$DP_WORK/$s.stats" "$@" \
    >"$DP_WORK/$s.log" 2>&1 &
  DP_PIDS+=($!)
  eval "DP_PID_$s=$!"
  local i
  for ((i = 0; i < 50; i++)); do
    [[ -f $DP_WORK/$s.ready ]] && return 0
    kill -0 "$!" 2>/dev/null || break
    sleep 0.1
  done
  cat "$DP_WORK/$s.log"
  dp_fail "oak-dp-test ($s) did not come up"
}

# dp_stop SIDE: ends that side's oak-dp-test; its stats land in $DP_WORK/SIDE.stats.
dp_stop() {
  local pid_var="DP_PID_$1" i
  local pid=${!pid_var:-}
  [[ -n $pid ]] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  eval "DP_PID_$1="
}

# dp_stat SIDE JQ-ish PATH: a number from the side's stats JSON (after dp_stop), e.g. "packets_in"
# or "drops.auth_failed"; 0 when absent.
dp_stat() {
  python3 - "$DP_WORK/$1.stats" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k, 0) if isinstance(v, dict) else 0
print(v)
PY
}

dp_cleanup() {
  local pid
  for pid in "${DP_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  sleep 0.2
  for pid in "${DP_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  ip netns del "$(dp_ns l)" 2>/dev/null || true
  ip netns del "$(dp_ns r)" 2>/dev/null || true
  [[ ${DP_KEEP_WORK:-0} == 1 ]] || rm -rf "$DP_WORK"
}
