# shellcheck shell=bash
# Shared basics of the interop harness: logging, failing, waiting, the per-test work folder, the
# cleanup registry and the per-scenario runner. Sourced through lib/harness.sh.

# shellcheck disable=SC2034 # used by the other lib files
HARNESS_LIB=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Debian's python3 (stdlib only is used) starts faster than a pyenv shim; the harness calls it often.
PYTHON=${PYTHON:-$(command -v /usr/bin/python3 || command -v python3)}

# ---- logging -------------------------------------------------------------------------------------
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
note() { printf '[%s]   %s\n' "$(date +%H:%M:%S)" "$*"; }

# fail MESSAGE...: ends the current scenario (its EXIT trap dumps both sides' logs).
fail() {
  printf '[%s] ASSERTION FAILED: %s\n' "$(date +%H:%M:%S)" "$*"
  exit 1
}

# wait_until SECONDS COMMAND [ARGS...]: retries COMMAND every 0.2 s; false if it never succeeds.
wait_until() {
  local timeout=$1
  shift
  local deadline=$((SECONDS + timeout))
  while true; do
    "$@" >/dev/null 2>&1 && return 0
    ((SECONDS >= deadline)) && return 1
    sleep 0.2
  done
}

require_tools() {
  local t missing=()
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || missing+=("$t"); done
  ((${#missing[@]} == 0)) || { echo "missing tools: ${missing[*]} (run scripts/setup)" >&2; exit 1; }
}

# ---- cleanup registry ----------------------------------------------------------------------------
# Each scenario runs in a subshell with its own registry; commands run in reverse order on exit.
CLEANUP=()
on_cleanup() { CLEANUP+=("$*"); }
run_cleanup() {
  local i
  for ((i = ${#CLEANUP[@]} - 1; i >= 0; i--)); do eval "${CLEANUP[i]}" >/dev/null 2>&1 || true; done
  CLEANUP=()
}

# Every process the harness starts is recorded (pid and command name) so that a later run can end
# exactly those processes if this one was killed before its cleanup ran.
track_pid() { # PID
  local comm
  comm=$(cat "/proc/$1/comm" 2>/dev/null) || return 0
  echo "$1 $comm" >>"$HARNESS_STATE/pids"
}

# kill_pid PID [GRACE_SECONDS]: TERM, wait, then KILL. Only ever the given PID.
kill_pid() {
  local pid=$1 grace=${2:-10} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < grace * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.1
}

# harness_remove_stale: ends what an earlier (killed) run of this test left: the processes it
# recorded (only if the PID still runs the same command) and every namespace with its prefix,
# including the processes inside them.
harness_remove_stale() {
  local pid comm
  if [[ -f "$HARNESS_STATE/pids" ]]; then
    while read -r pid comm; do
      if [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm" ]]; then kill_pid "$pid" 5; fi
    done <"$HARNESS_STATE/pids"
    : >"$HARNESS_STATE/pids"
  fi
  topo_remove_matching "^${HARNESS_PREFIX}[0-9]+-[a-z]+\$"
}

# ---- test and scenario lifecycle -----------------------------------------------------------------
# harness_init PREFIX: once per test script. PREFIX names its namespaces (PREFIX<n>-l/-m/-r) and its
# work folder. Removes what an earlier, killed run with the same PREFIX left behind.
# OAKLEY_INTEROP_PREFIX (short, e.g. "h2") goes in front, so two checkouts on one machine can run
# the same suite at the same time without removing each other's namespaces.
harness_init() {
  HARNESS_PREFIX=${OAKLEY_INTEROP_PREFIX:-}$1
  [[ $EUID -eq 0 ]] || { echo "$0: must run as root (network namespaces)" >&2; exit 1; }
  require_tools ip nft "$PYTHON" timeout setsid unshare
  WORK=${OAKLEY_INTEROP_WORKDIR:-/tmp/oakley-interop/$HARNESS_PREFIX}
  HARNESS_STATE=/tmp/oakley-interop/.state-$HARNESS_PREFIX
  mkdir -p "$HARNESS_STATE"
  harness_remove_stale
  rm -rf "$WORK"
  mkdir -p "$WORK"
  SCENARIOS_PASSED=0
  SCENARIOS_FAILED=0
  SCENARIOS_SKIPPED=0
  SCENARIO_INDEX=0
  FAILED_NAMES=()
  trap harness_remove_stale EXIT
  log "work folder: $WORK"
}

# run_scenario NAME FUNCTION [ARGS...]: runs FUNCTION in a subshell with fresh namespaces, prints
# one PASS/FAIL line; on failure both sides' logs are dumped. OAKLEY_INTEROP_ONLY=REGEX selects.
run_scenario() {
  local name=$1
  shift
  if [[ -n "${OAKLEY_INTEROP_ONLY:-}" && ! "$name" =~ ${OAKLEY_INTEROP_ONLY} ]]; then
    return 0
  fi
  SCENARIO_INDEX=$((SCENARIO_INDEX + 1))
  local start=$SECONDS rc
  printf '\n=== scenario %s ===\n' "$name"
  set +e
  (
    set -eEuo pipefail
    SCEN=$name
    SCEN_DIR=$WORK/$name
    NSP=$HARNESS_PREFIX$SCENARIO_INDEX
    mkdir -p "$SCEN_DIR"
    CLEANUP=()
    trap 'scenario_exit $?' EXIT
    trap 'echo "[$(date +%H:%M:%S)] command failed (status $?): line $LINENO: $BASH_COMMAND" >&2' ERR
    "$@"
  )
  rc=$?
  set -e
  local took=$((SECONDS - start))
  if ((rc == 0)); then
    SCENARIOS_PASSED=$((SCENARIOS_PASSED + 1))
    echo "PASS: $name (${took}s)"
  elif ((rc == 77)); then
    SCENARIOS_SKIPPED=$((SCENARIOS_SKIPPED + 1))
    echo "SKIP: $name"
  else
    SCENARIOS_FAILED=$((SCENARIOS_FAILED + 1))
    FAILED_NAMES+=("$name")
    echo "FAIL: $name (${took}s; logs above, files in $WORK/$name)"
  fi
}

# skip REASON: ends the current scenario as skipped.
skip() {
  log "skipping: $*"
  exit 77
}

scenario_exit() {
  local rc=$1
  trap - ERR
  if ((rc != 0 && rc != 77)); then
    dump_diagnostics || true
  fi
  run_cleanup
  topo_remove_matching "^${NSP}-[a-z]+\$" # belt and braces: nothing of the scenario outlives it
  exit "$rc"
}

# harness_finish: the closing summary line (a format ctest output readers and CI both understand).
harness_finish() {
  echo
  ((SCENARIOS_FAILED == 0)) || echo "failed scenarios: ${FAILED_NAMES[*]}"
  echo "$SCENARIOS_PASSED passed, $SCENARIOS_FAILED failed, $SCENARIOS_SKIPPED skipped"
  if ((SCENARIOS_FAILED == 0)); then
    [[ -n "${OAKLEY_INTEROP_KEEP:-}" ]] || rm -rf "$WORK"
    ((SCENARIOS_PASSED > 0 || SCENARIOS_SKIPPED == 0)) || exit 77 # everything skipped
    exit 0
  fi
  exit 1
}

# dump_diagnostics: everything a CI reader needs to see why a scenario failed.
dump_diagnostics() {
  local side ns
  echo "################ diagnostics for scenario $SCEN ################"
  for side in left right; do
    [[ -n "${SIDE_KIND[$side]:-}" ]] || continue
    echo "---------------- $side (${SIDE_KIND[$side]}) SAs ----------------"
    side_sas "$side" "$SCEN_DIR/diag-sas-$side.json" >/dev/null 2>&1 &&
      cat "$SCEN_DIR/diag-sas-$side.json" || echo "(no SA listing: daemon not answering)"
    echo "---------------- $side (${SIDE_KIND[$side]}) log, last ${OAKLEY_INTEROP_LOG_LINES:-200} lines: $(side_log "$side") ----------------"
    tail -n "${OAKLEY_INTEROP_LOG_LINES:-200}" "$(side_log "$side")" 2>/dev/null || echo "(no log)"
    local out
    out=$(side_stdout "$side")
    if [[ -s "$out" ]]; then
      echo "---------------- $side stdout/stderr ----------------"
      tail -n 50 "$out"
    fi
  done
  for ns in "${TOPO_NAMESPACES[@]}"; do
    echo "---------------- namespace $ns ----------------"
    ip -n "$ns" -br addr 2>&1 || true
    ip -n "$ns" route show table all 2>&1 | grep -v '^local\|^broadcast\|^multicast\|fe80::' || true
    ip netns exec "$ns" nft list ruleset 2>&1 | head -40 || true
  done
  echo "################ end of diagnostics ################"
}
