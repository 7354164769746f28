#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# oakload end to end: the load generator against an oakleyd responder and a charon responder in
# network namespaces, with a small N so it fits a CI run: every SA established, the JSON summary's
# counts right, the responder holding what oakload says it made; CHILD and IKE rekeys and deletes;
# the spoofed-source flood. Needs root; skips (77) when oakload or oakleyd is not built.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../interop/lib/harness.sh
source "$here/../interop/lib/harness.sh"
# shellcheck source=lib/load.sh
source "$here/lib/load.sh"

N=${OAKLOAD_TEST_COUNT:-50}
C=${OAKLOAD_TEST_CONCURRENCY:-10}

oakload_failed() { # OUT STATUS
  fail "oakload exited $2: $(tail -5 "${1%.json}.stderr"; cat "$1")"
}

# every SA up, the counts in the summary add up, and the responder lists them all
establish_scenario() { # oakley|charon
  require_oakload
  topo_pair
  load_start_responder "$1"
  local out=$SCEN_DIR/summary.json rc=0
  load_run "$out" "$N" "$C" || rc=$?
  ((rc == 0)) || oakload_failed "$out" "$rc"
  load_check "$out" "s['count'] == $N and s['established'] == $N and s['failed'] == 0"
  load_check "$out" "s['failures'] == {} and s['concurrency'] == $C and s['sas_per_second'] > 0"
  load_check "$out" "0 < s['latency_ms']['p50'] <= s['latency_ms']['p90'] <= s['latency_ms']['p99']"
  load_check "$out" "s['engine']['ike_established'] == $N and s['engine']['child_installed'] == $N"
  wait_until 10 test "$(load_established_count)" -eq "$N" ||
    fail "responder lists $(load_established_count) established SAs, oakload made $N"
  note "$(load_field "$out" "'%d SAs at %.0f/s, p99 %.0f ms' % (s['established'], s['sas_per_second'], s['latency_ms']['p99'])")"
}

# CHILD rekey, IKE rekey and delete of every SA: all done, nothing left on the responder
operations_scenario() {
  require_oakload
  topo_pair
  load_start_responder oakley
  local out=$SCEN_DIR/summary.json n=20 rc=0
  load_run "$out" "$n" "$C" --rekey-child --rekey-ike --delete || rc=$?
  ((rc == 0)) || oakload_failed "$out" "$rc"
  load_check "$out" "s['established'] == $n and s['failed'] == 0"
  load_check "$out" "s['rekey_child'] == {'done': $n, 'failed': 0}"
  load_check "$out" "s['rekey_ike'] == {'done': $n, 'failed': 0}"
  load_check "$out" "s['delete'] == {'done': $n, 'failed': 0}"
  load_check "$out" "s['engine']['ike_rekeyed'] == $n and s['engine']['child_rekeyed'] == $n"
  wait_until 10 test "$(load_established_count)" -eq 0 ||
    fail "responder still lists $(load_established_count) SAs after the deletes"
}

# spoofed IKE_SA_INIT from 198.18.0.0/16 beside the real initiators: the flood reaches the
# responder and the real SAs still come up
flood_scenario() {
  require_oakload
  topo_pair
  ip -n "$NS_R" route add 198.18.0.0/16 via "$ADDR_L" # the responder's answers go nowhere
  load_start_responder oakley
  local out=$SCEN_DIR/summary.json rc=0
  load_run "$out" "$N" "$C" --flood-rate 300 --flood-from 198.18.0.0/16 || rc=$?
  ((rc == 0)) || oakload_failed "$out" "$rc"
  load_check "$out" "s['established'] == $N and s['failed'] == 0 and s['flood']['sent'] > 0"
  oakctl_side right stats --json >"$SCEN_DIR/stats.json"
  local half_open
  half_open=$(load_field "$SCEN_DIR/stats.json" "s['ike_sas']['ikev2_half_open']")
  note "flood: $(load_field "$out" "s['flood']['sent']") spoofed requests sent, responder holds $half_open half-open IKE SAs"
  ((half_open > 0)) || fail "the spoofed requests left no half-open IKE SA on the responder"
}

harness_init ot-load
run_scenario oakley-establish establish_scenario oakley
run_scenario oakley-operations operations_scenario
run_scenario oakley-flood flood_scenario
run_scenario charon-establish establish_scenario charon
harness_finish
