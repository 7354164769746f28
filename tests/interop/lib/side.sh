# shellcheck shell=bash
# A "side" (left or right) is one IKE peer: its kind (charon or oakley), namespace and folder.
# Tests talk to sides through these functions, so one scenario runs unchanged as charon<->charon,
# oakley<->charon, charon<->oakley or oakley<->oakley.

declare -gA SIDE_KIND=() SIDE_NS=() SIDE_DIR=() SIDE_PID=()

# side_define SIDE KIND NS: KIND is charon or oakley; the folder is $SCEN_DIR/SIDE.
side_define() {
  local side=$1 kind=$2 ns=$3
  case "$kind" in charon | oakley) ;; *) fail "side_define: unknown kind '$kind'" ;; esac
  [[ "$kind" != oakley ]] || require_oakley
  SIDE_KIND[$side]=$kind
  SIDE_NS[$side]=$ns
  SIDE_DIR[$side]=$SCEN_DIR/$side
  mkdir -p "${SIDE_DIR[$side]}"
}

# side_start SIDE: charon: start, then load DIR/swanctl.conf; oakley: start with DIR/oakley.conf.
side_start() {
  case "${SIDE_KIND[$1]}" in
  charon)
    [[ -f "${SIDE_DIR[$1]}/strongswan.conf" ]] || charon_write_conf "$1"
    charon_start "$1"
    charon_load "$1"
    ;;
  oakley) oakley_start "$1" ;;
  esac
}

side_stop() { "${SIDE_KIND[$1]}_stop" "$1"; }
side_initiate() { "${SIDE_KIND[$1]}_initiate" "$@"; }       # SIDE CONN CHILD [TIMEOUT_S]
side_rekey_child() { "${SIDE_KIND[$1]}_rekey_child" "$@"; } # SIDE CONN CHILD
side_rekey_ike() { "${SIDE_KIND[$1]}_rekey_ike" "$@"; }     # SIDE CONN
side_terminate() { "${SIDE_KIND[$1]}_terminate" "$@"; }     # SIDE CONN
side_sas() { "${SIDE_KIND[$1]}_sas" "$@"; }                 # SIDE OUTFILE (normalized JSON)
side_log() { "${SIDE_KIND[$1]}_log" "$1"; }
side_stdout() { "${SIDE_KIND[$1]}_stdout" "$1"; }
side_pid() { echo "${SIDE_PID[$1]:-}"; }

# side_snapshot SIDE TAG: writes $SCEN_DIR/sas-SIDE-TAG.json and prints its path.
side_snapshot() {
  local f=$SCEN_DIR/sas-$1-$2.json
  side_sas "$1" "$f" || fail "cannot list SAs of $1"
  echo "$f"
}

# side_exec SIDE CMD...: run a command in SIDE's namespace. (For a background process whose PID
# matters, call `ip netns exec "${SIDE_NS[SIDE]}" CMD &` directly: `side_exec ... &` gives the PID of
# a subshell.)
side_exec() {
  local ns=${SIDE_NS[$1]}
  shift
  ip netns exec "$ns" "$@"
}

# side_cpu_ticks SIDE: utime+stime of SIDE's daemon in clock ticks (all threads).
side_cpu_ticks() { proc_cpu_ticks "${SIDE_PID[$1]}"; }
proc_cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } # after "(comm)"
