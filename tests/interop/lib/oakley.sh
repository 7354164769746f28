# shellcheck shell=bash disable=SC2153 # SIDE_* are declared in side.sh
# oakleyd as a peer in a network namespace, and oakctl wrappers.
#   oakleyd --config FILE [--control SOCKET]   foreground, logs to stderr
#   oakctl [--control SOCKET] list-sas --json | initiate CONN[/CHILD] --timeout S | terminate CONN
#          | rekey CONN/CHILD | rekey --ike-id N
# Paths default to the dev build; override with OAKLEYD / OAKCTL.

OAKLEY_REPO=$(cd "$HARNESS_LIB/../../.." && pwd)
OAKLEYD=${OAKLEYD:-$OAKLEY_REPO/build/dev/src/daemon/oakleyd}
OAKCTL=${OAKCTL:-$OAKLEY_REPO/build/dev/src/cli/oakctl}

oakley_available() { [[ -x "$OAKLEYD" && -x "$OAKCTL" ]]; }
require_oakley() { oakley_available || skip "oakleyd/oakctl not built ($OAKLEYD, $OAKCTL)"; }

# The control socket lives under a short fixed folder, named after the scenario's namespace prefix:
# a Unix socket path may not exceed 107 bytes, and ctest's work folders under build/ (in CI below
# the checkout's path) easily do.
_oakley_sock() {
  mkdir -p /tmp/oakley-ctl
  echo "/tmp/oakley-ctl/${NSP:-oakley}-$1.ctl"
}

# oakctl_side SIDE ARGS...: oakctl against SIDE's daemon (a Unix socket: no namespace needed).
oakctl_side() {
  local side=$1
  shift
  "$OAKCTL" --control "$(_oakley_sock "$side")" "$@"
}

# oakley_start SIDE: runs oakleyd with DIR/oakley.conf in SIDE's namespace and waits until the
# control socket answers list-sas.
oakley_start() {
  local side=$1 dir=${SIDE_DIR[$1]} ns=${SIDE_NS[$1]} pid sock
  sock=$(_oakley_sock "$side")
  rm -f "$sock"
  setsid ip netns exec "$ns" "$OAKLEYD" --config "$dir/oakley.conf" --control "$sock" \
    >"$dir/oakleyd.stdout" 2>"$dir/oakleyd.log" </dev/null &
  pid=$!
  SIDE_PID["$side"]=$pid
  on_cleanup "oakley_stop $side"
  local i ok=0
  for ((i = 0; i < 100; i++)); do
    if [[ -S "$sock" ]] && oakctl_side "$side" list-sas --json >/dev/null 2>&1; then
      ok=1
      break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if ((!ok)); then
    tail -30 "$dir/oakleyd.log" 2>/dev/null
    fail "oakleyd ($side) did not answer on $sock"
  fi
  track_pid "$pid"
  note "oakleyd ($side) running in $ns, pid $pid, control $sock"
}

oakley_stop() {
  local side=$1 pid=${SIDE_PID[$1]:-}
  [[ -n "$pid" ]] || return 0
  kill_pid "$pid" 15
  SIDE_PID["$side"]=""
}

oakley_initiate() { # SIDE CONN CHILD [TIMEOUT_S]
  oakctl_side "$1" initiate "$2/$3" --timeout "${4:-15}" >>"${SIDE_DIR[$1]}/initiate.log" 2>&1
}
oakley_rekey_child() { oakctl_side "$1" rekey "$2/$3" >>"${SIDE_DIR[$1]}/control.log" 2>&1; }
oakley_rekey_ike() { # SIDE CONN: rekeys the (first) established IKE SA of CONN
  local id
  oakley_sas "$1" "${SIDE_DIR[$1]}/rekey-ike.json" || return 1
  id=$("$PYTHON" "$HARNESS_LIB/sa_view.py" get "${SIDE_DIR[$1]}/rekey-ike.json" ike.id --conn "$2")
  oakctl_side "$1" rekey --ike-id "$id" >>"${SIDE_DIR[$1]}/control.log" 2>&1
}
oakley_terminate() { oakctl_side "$1" terminate "$2" >>"${SIDE_DIR[$1]}/control.log" 2>&1; }

oakley_sas() { # SIDE OUT
  oakctl_side "$1" list-sas --json >"$2.raw" &&
    "$PYTHON" "$HARNESS_LIB/sa_view.py" normalize oakley "$2.raw" >"$2"
}

oakley_log() { echo "${SIDE_DIR[$1]}/oakleyd.log"; }
oakley_stdout() { echo "${SIDE_DIR[$1]}/oakleyd.stdout"; }
