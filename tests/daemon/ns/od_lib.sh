# shellcheck shell=bash
# Two oakleyd in network namespaces for the daemon's end-to-end tests, on the namespace pair of
# tests/dataplane/ns/lib.sh (left 192.0.2.1, right 192.0.2.2, inside addresses on lo):
#   od_start SIDE CONFIG_BODY   writes DP_WORK/SIDE.conf (oakley section added) and starts oakleyd
#   od_ctl SIDE ARGS...         oakctl against that side
# Every name carries DP_PREFIX (unique per run, with $$); dp_cleanup (trap EXIT) removes it all.
HERE_OD=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../dataplane/ns/lib.sh
source "$HERE_OD/../../dataplane/ns/lib.sh"

# Control sockets in a short folder: a Unix socket path may not exceed 107 bytes.
od_sock() { echo "/tmp/${DP_PREFIX}-$1.ctl"; }
od_ctl() {
  local s=$1
  shift
  "$OAKCTL" --control "$(od_sock "$s")" "$@"
}

# od_start SIDE "OAKLEY_SECTION_EXTRA" "CONNECTIONS_AND_SECRETS"
od_start() {
  local s=$1 extra=$2 body=$3 conf="$DP_WORK/$1.conf"
  cat >"$conf" <<CONF
oakley {
  listen = $([[ $s == l ]] && echo 192.0.2.1 || echo 192.0.2.2)
  tun_name = ${DP_PREFIX//-/}$s
  dataplane_threads = 1
  worker_threads = 1
  retransmit_timeout = 1.0
  $extra
}
$body
CONF
  rm -f "$(od_sock "$s")"
  ip netns exec "$(dp_ns "$s")" "$OAKLEYD" --config "$conf" --control "$(od_sock "$s")" \
    >"$DP_WORK/$s.log" 2>&1 </dev/null &
  DP_PIDS+=($!)
  local i
  for ((i = 0; i < 100; i++)); do
    od_ctl "$s" list-sas >/dev/null 2>&1 && return 0
    kill -0 "$!" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$DP_WORK/$s.log"
  dp_fail "oakleyd ($s) did not come up"
}

od_cleanup() {
  dp_cleanup
  rm -f "$(od_sock l)" "$(od_sock r)"
}

# od_dump_logs: both daemons' logs, for a failure.
od_dump_logs() {
  local s
  for s in l r; do
    echo "---- oakleyd $s"
    tail -40 "$DP_WORK/$s.log" 2>/dev/null || true
  done
}
