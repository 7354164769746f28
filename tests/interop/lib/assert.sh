# shellcheck shell=bash
# Assertions. Each either prints a short "ok" note or calls fail (which ends the scenario and dumps
# both sides' logs). Side arguments are "left"/"right" (see side.sh).

_sa_view() { "$PYTHON" "$HARNESS_LIB/sa_view.py" "$@"; }

_pair_ok() { # CONN -> compares fresh snapshots of both sides
  local conn=$1 a b
  a=$SCEN_DIR/sas-left-now.json b=$SCEN_DIR/sas-right-now.json
  side_sas left "$a" && side_sas right "$b" && _sa_view check-pair "$a" "$b" ${conn:+--conn "$conn"}
}

# assert_established [CONN] [TIMEOUT_S]: both sides hold exactly one ESTABLISHED IKE SA (of CONN)
# with the same SPIs, and matching INSTALLED CHILD_SAs (our spi_in == their spi_out and back).
assert_established() {
  local conn=${1:-} timeout=${2:-10} out line
  if wait_until "$timeout" _pair_ok "$conn"; then
    out=$(_pair_ok "$conn")
    note "established, SPIs match:"
    while IFS= read -r line; do echo "      $line"; done <<<"$out"
    return 0
  fi
  out=$(_pair_ok "$conn" 2>&1) || true
  fail "SAs not established/matching after ${timeout}s: $out"
}

# assert_algorithms SIDE IKE_PROPOSAL ESP_PROPOSAL [CONN] [CHILD_DH]: algorithms in use on SIDE are
# the first of each kind in the proposals (swanctl keywords; either may be "" to skip).
# CHILD_DH "none": the CHILD_SA must have no DH group (IKEv2's first CHILD_SA, made by IKE_AUTH).
assert_algorithms() {
  local side=$1 ike=$2 esp=$3 conn=${4:-} child_dh=${5:-proposal} f out
  f=$(side_snapshot "$side" algs)
  out=$(_sa_view check-proposal "$f" ${conn:+--conn "$conn"} ${ike:+--ike "$ike"} ${esp:+--esp "$esp"} \
    --child-dh "$child_dh" 2>&1) ||
    fail "algorithms on $side: $out"
  note "algorithms on $side as proposed ($ike / $esp)"
}

# assert_sa SIDE PATH=VALUE...: fields of SIDE's single established IKE SA / installed CHILD_SA,
# e.g. assert_sa right ike.remote_port=4500 child.udp_encap=true ike.remote_host=192.0.2.254
assert_sa() {
  local side=$1 f out
  shift
  f=$(side_snapshot "$side" expect)
  out=$(_sa_view expect "$f" "$@" 2>&1) || fail "SA fields on $side: $out"
  note "$side: $*"
}

sa_get() { # SIDE PATH -> prints the value
  local f
  f=$(side_snapshot "$1" get)
  _sa_view get "$f" "$2"
}

# assert_no_sas SIDE...: nothing ESTABLISHED or INSTALLED (e.g. after an authentication failure).
assert_no_sas() {
  local side f out
  for side in "$@"; do
    f=$(side_snapshot "$side" none)
    out=$(_sa_view none "$f" 2>&1) || fail "$side: $out"
  done
  note "no SA established or installed on: $*"
}

# assert_ping FROM_SIDE DST [SRC] [COUNT]: every echo answered (inner addresses through the tunnel).
assert_ping() {
  local side=$1 dst=$2 src=${3:-} count=${4:-3} out six=""
  [[ "$dst" != *:* ]] || six=-6
  out=$(side_exec "$side" ping $six -n -q -c "$count" -i 0.2 -W 2 ${src:+-I "$src"} "$dst" 2>&1) ||
    fail "ping $src -> $dst from $side: $(tail -2 <<<"$out" | tr '\n' ' ')"
  grep -q " 0% packet loss" <<<"$out" || fail "ping $src -> $dst lost packets: $(grep loss <<<"$out")"
  note "ping $src -> $dst: $count/$count answered"
}

# assert_no_ping FROM_SIDE DST [SRC]: nothing gets through (no tunnel, no leak in clear).
assert_no_ping() {
  local side=$1 dst=$2 src=${3:-} six=""
  [[ "$dst" != *:* ]] || six=-6
  if side_exec "$side" ping $six -n -q -c 2 -i 0.2 -W 1 ${src:+-I "$src"} "$dst" >/dev/null 2>&1; then
    fail "ping $src -> $dst unexpectedly answered"
  fi
  note "ping $src -> $dst: no answer, as expected"
}

# assert_tcp_transfer FROM_SIDE TO_SIDE BYTES SRC DST [PORT]: BYTES sent over TCP from SRC (in
# FROM_SIDE's namespace) to DST (TO_SIDE's), sha256 compared end to end.
assert_tcp_transfer() {
  local from=$1 to=$2 bytes=$3 src=$4 dst=$5 port=${6:-5201} ready spid out
  ready=$SCEN_DIR/tcp-ready.$port
  rm -f "$ready"
  ip netns exec "${SIDE_NS[$to]}" "$PYTHON" "$HARNESS_LIB/tcp_check.py" serve --bind "$dst" --port "$port" \
    --ready "$ready" --timeout 60 >"$SCEN_DIR/tcp-serve.log" 2>&1 &
  spid=$!
  on_cleanup "kill_pid $spid 1"
  wait_until 10 test -f "$ready" || fail "tcp_check server did not start: $(cat "$SCEN_DIR/tcp-serve.log")"
  if ! out=$(side_exec "$from" "$PYTHON" "$HARNESS_LIB/tcp_check.py" send --src "$src" --dst "$dst" \
    --port "$port" --bytes "$bytes" --timeout 60 2>&1); then
    kill_pid "$spid" 1
    fail "TCP transfer $src -> $dst: $out"
  fi
  wait "$spid" 2>/dev/null || true
  note "$out"
}

# counters_snapshot SIDE TAG -> path of a snapshot for assert_counters_increased.
counters_snapshot() { side_snapshot "$1" "counters-$2"; }

# assert_counters_increased SIDE BEFORE_SNAPSHOT [MIN_BYTES]: bytes and packets in and out of the
# installed CHILD_SAs grew (by MIN_BYTES at least).
assert_counters_increased() {
  local side=$1 before=$2 min=${3:-1} after out
  after=$(side_snapshot "$side" counters-after)
  out=$(_sa_view counters-increased "$before" "$after" --min-bytes "$min" 2>&1) ||
    fail "$side: $out"
  note "$side $out"
}

# assert_log SIDE REGEX [TIMEOUT_S]: a line of SIDE's log matches the extended REGEX.
assert_log() {
  local side=$1 re=$2 timeout=${3:-5} log
  log=$(side_log "$side")
  wait_until "$timeout" grep -Eq -- "$re" "$log" || fail "$side log has no line matching /$re/ ($log)"
  note "$side log: $(grep -Em1 -- "$re" "$log" | cut -c1-160)"
}

assert_no_log() { # SIDE REGEX
  local log
  log=$(side_log "$1")
  if grep -Eq -- "$2" "$log"; then fail "$1 log unexpectedly matches /$2/: $(grep -Em1 -- "$2" "$log")"; fi
}

# assert_eq WHAT EXPECTED ACTUAL
assert_eq() { [[ "$2" == "$3" ]] || fail "$1: expected '$2', got '$3'"; }
assert_ne() { [[ "$2" != "$3" ]] || fail "$1: expected something other than '$2'"; }
