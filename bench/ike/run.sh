#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# IKE SA setup rate, oakleyd next to charon: the same load generator (oakload) against each
# responder in a network namespace, one after the other in one run, and the responder's cost.
#
#   responder   oakleyd and charon 5.9.8 (kernel-libipsec), configured alike (tests/tools/lib/load.sh):
#               IKEv2 PSK aes128-sha256-x25519, one CHILD_SA aes128gcm16 per SA installed in each
#               one's userspace data plane, one connection for every initiator (remote id
#               *@load.test, one PSK without owner ids), dos_protection = no; oakleyd logs at
#               warn, charon at level 0
#   load        oakload in the other namespace: N IKE SAs from identities c<i>@load.test, all from
#               one source address, each proposing its own inner address 10.128.x.y/32, at most C
#               in flight; its JSON summary gives SAs/s and latency
#   measured    responder CPU-seconds (utime+stime of /proc/PID/stat) over the run, per SA; VmRSS
#               once the N SAs are up minus VmRSS idle, per SA
#   flood       the same load (BENCH_FLOOD_COUNT SAs) while oakload --flood-rate sends spoofed
#               IKE_SA_INIT requests from random addresses of 198.18.0.0/16 (routed back to the
#               initiator's namespace, where the answers die). The rate is 2 x the responder's
#               median SAs/s without flood, i.e. as many spoofed requests as real ones (2 per SA)
#               at that pace: half the traffic. The share actually reached is reported.
#
#   sudo bench/ike/run.sh                          # N = 1000 and 10000, C = 200, 3 rounds, flood
#   sudo BENCH_IKE_COUNTS=1000 BENCH_REPEAT=1 BENCH_FLOOD=no bench/ike/run.sh
#   sudo BENCH_RESPONDERS=oakley bench/ike/run.sh
#
# Rounds alternate the responders so that drifting machine load hits both. The initiator shares
# the 2 cores with the responder: the wall-clock rate is a lower bound; CPU and memory per SA do
# not depend on it. Not a ctest test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../tests/interop/lib/harness.sh
source "$here/../../tests/interop/lib/harness.sh"
# shellcheck source=../../tests/tools/lib/load.sh
source "$here/../../tests/tools/lib/load.sh"

COUNTS=${BENCH_IKE_COUNTS:-"1000 10000"}
RESPONDERS=${BENCH_RESPONDERS:-"oakley charon"}
CONCURRENCY=${BENCH_CONCURRENCY:-200}
REPEAT=${BENCH_REPEAT:-3}
FLOOD=${BENCH_FLOOD:-yes}
FLOOD_COUNT=${BENCH_FLOOD_COUNT:-1000}
FLOOD_FROM=198.18.0.0/16
OUT=${BENCH_OUT:-/tmp/oakley-bench/ike.md}
CMDLINE="$(printf '%q ' "$0" "$@")"
for v in BENCH_IKE_COUNTS BENCH_RESPONDERS BENCH_CONCURRENCY BENCH_REPEAT BENCH_FLOOD BENCH_FLOOD_COUNT; do
  [[ -z "${!v:-}" ]] || CMDLINE="$v=\"${!v}\" $CMDLINE"
done

OAKLEY_INTEROP_WORKDIR=${OAKLEY_INTEROP_WORKDIR:-/tmp/oakley-bench/ike}
harness_init ob-ike
require_tools swanctl
RESULTS=$WORK/results
mkdir -p "$RESULTS" "$(dirname "$OUT")"
: >"$RESULTS/runs.tsv"
CLK_TCK=$(getconf CLK_TCK)
UPTIME_BEFORE=$(uptime)

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# bench_run RESPONDER N KIND [OAKLOAD_ARGS...]: one measured run; appends a line to runs.tsv.
bench_run() {
  local kind=$1 n=$2 variant=$3 rpid cpu0 cpu1 rss0 rss1 got rc=0
  shift 3
  require_oakload
  topo_pair
  ip -n "$NS_R" route add "$FLOOD_FROM" via "$ADDR_L" # answers to spoofed sources die in NS_L
  CHARON_LOGDEFAULT=0 CHARON_LOGLEVELS="ike = 0" load_start_responder "$kind" warn
  rpid=$(side_pid right)
  sleep 1 # let the responder settle after loading
  cpu0=$(proc_cpu_ticks "$rpid")
  rss0=$(rss_kb "$rpid")
  local out=$SCEN_DIR/summary.json
  load_run "$out" "$n" "$CONCURRENCY" --timeout 120 --progress 5 "$@" || rc=$?
  cpu1=$(proc_cpu_ticks "$rpid")
  sleep 1 # CHILD_SA installation may trail the last IKE_AUTH answer slightly
  rss1=$(rss_kb "$rpid")
  ((rc == 0)) || note "oakload exited $rc: $(load_field "$out" "s['failures']" 2>/dev/null)"
  [[ -s "$out" ]] || fail "oakload wrote no summary: $(tail -5 "${out%.json}.stderr")"
  got=$(load_established_count)
  "$PYTHON" - "$out" "$kind" "$n" "$variant" "$((cpu1 - cpu0))" "$CLK_TCK" "$rss0" "$rss1" "$got" \
    >>"$RESULTS/runs.tsv" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
kind, n, variant, ticks, hz, rss0, rss1, got = sys.argv[2:]
share = 0.0
if s["flood"]["sent"]:
    share = s["flood"]["sent"] / (s["flood"]["sent"] + s["engine"]["messages_out"])
print("\t".join(str(x) for x in [
    kind, n, variant, s["established"], s["failed"], s["sas_per_second"], s["establish_seconds"],
    int(ticks) / int(hz), rss0, rss1, got, s["latency_ms"]["p50"], s["latency_ms"]["p99"],
    s["flood"]["rate"], s["flood"]["sent"], round(share, 3), json.dumps(s["failures"])]))
PY
  note "$kind N=$n $variant: $(tail -1 "$RESULTS/runs.tsv" | cut -f4-13)"
}

# median SAs/s of RESPONDER at N without flood, from the runs so far
median_rate() {
  "$PYTHON" - "$RESULTS/runs.tsv" "$1" "$2" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
rates = [float(r[5]) for r in rows if r[0] == sys.argv[2] and r[1] == sys.argv[3] and r[2] == "plain"]
print(statistics.median(rates) if rates else 0)
PY
}

for ((round = 1; round <= REPEAT; round++)); do
  for n in $COUNTS; do
    for kind in $RESPONDERS; do
      run_scenario "$kind-$n-r$round" bench_run "$kind" "$n" plain
    done
  done
done
if [[ "$FLOOD" == yes ]]; then
  for ((round = 1; round <= REPEAT; round++)); do
    for kind in $RESPONDERS; do
      rate=$(median_rate "$kind" "$FLOOD_COUNT")
      [[ "$rate" != 0 ]] || rate=$(median_rate "$kind" "$(echo "$COUNTS" | awk '{print $1}')")
      rate=$(awk -v r="$rate" 'BEGIN {printf "%d", 2 * r}')
      ((rate > 0)) || continue
      run_scenario "$kind-flood-r$round" bench_run "$kind" "$FLOOD_COUNT" flood \
        --flood-rate "$rate" --flood-from "$FLOOD_FROM"
    done
  done
fi

UPTIME_AFTER=$(uptime)
"$PYTHON" "$here/report.py" "$RESULTS/runs.tsv" "$CMDLINE" "$UPTIME_BEFORE" "$UPTIME_AFTER" \
  "$CONCURRENCY" >"$OUT"
echo
cat "$OUT"
harness_finish
