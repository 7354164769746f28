#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# Throughput baselines between two network namespaces on this machine, in one run:
#   veth            the plain veth, no tunnel (the ceiling)
#   charon-gcm      strongSwan charon, kernel-libipsec (userspace ESP in UDP), IKEv2, ESP AES-GCM-128
#   charon-cbc      the same with ESP AES-CBC-128 + HMAC-SHA-256-128
#   wireguard-go    wireguard-go (userspace), ChaCha20-Poly1305
#   oakley-gcm      oakleyd <-> oakleyd, ESP AES-GCM-128 (only when OAKLEYD is built; else a note)
# Each path: iperf3 TCP, BENCH_SECONDS (10) per run, BENCH_RUNS (5) runs; median and all values.
# CPU: utime+stime (/proc/PID/stat) of the tunnel daemons of both sides over each run, per GB
# (1e9 bytes) received by iperf3; iperf3's own CPU (its JSON, client + server) separately.
# Output: a Markdown table fragment (stdout and $BENCH_OUT, default /tmp/oakley-bench/throughput.md).
#
#   sudo bench/throughput/run.sh                   # everything
#   BENCH_PATHS="veth charon-gcm" BENCH_RUNS=3 sudo -E bench/throughput/run.sh
#
# Not a ctest test: it takes minutes and its numbers depend on what else the 2 cores are doing.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../tests/interop/lib/harness.sh
source "$here/../../tests/interop/lib/harness.sh"

RUNS=${BENCH_RUNS:-5}
SECS=${BENCH_SECONDS:-10}
PATHS=${BENCH_PATHS:-"veth charon-gcm charon-cbc wireguard-go oakley-gcm"}
OUT=${BENCH_OUT:-/tmp/oakley-bench/throughput.md}
CMDLINE="$(printf '%q ' "$0" "$@")"
[[ -z "${BENCH_RUNS:-}${BENCH_SECONDS:-}${BENCH_PATHS:-}" ]] ||
  CMDLINE="BENCH_RUNS=$RUNS BENCH_SECONDS=$SECS BENCH_PATHS=\"$PATHS\" $CMDLINE"

OAKLEY_INTEROP_WORKDIR=${OAKLEY_INTEROP_WORKDIR:-/tmp/oakley-bench/throughput}
harness_init ob-tp
require_tools iperf3 swanctl wireguard-go wg
RESULTS=$WORK/results
mkdir -p "$RESULTS" "$(dirname "$OUT")"
CLK_TCK=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# iperf_runs NAME SRC DST PID...: RUNS iperf3 clients (left -> right) while measuring the CPU of
# the given daemon PIDs; one TSV line per run into $RESULTS/NAME.tsv:
#   mbit_per_s  bytes_received  daemon_cpu_s  iperf_client_cpu_s  iperf_server_cpu_s
iperf_runs() {
  local name=$1 src=$2 dst=$3
  shift 3
  local pids=("$@") spid i t0 t1 p json
  # started directly (not through a shell function) so that $! is iperf3 itself
  ip netns exec "${SIDE_NS[right]}" iperf3 -s -B "$dst" >"$SCEN_DIR/iperf3-server.log" 2>&1 &
  spid=$!
  on_cleanup "kill_pid $spid 2"
  wait_until 5 side_exec left iperf3 -c "$dst" -B "$src" -t 1 -P 1 >/dev/null 2>&1 ||
    fail "iperf3 cannot reach $dst from $src"
  for ((i = 1; i <= RUNS; i++)); do
    t0=0
    for p in "${pids[@]}"; do t0=$((t0 + $(proc_cpu_ticks "$p"))); done
    json=$SCEN_DIR/iperf3-run$i.json
    side_exec left iperf3 -c "$dst" -B "$src" -t "$SECS" -J >"$json" || fail "iperf3 run $i failed"
    t1=0
    for p in "${pids[@]}"; do t1=$((t1 + $(proc_cpu_ticks "$p"))); done
    "$PYTHON" - "$json" "$((t1 - t0))" "$CLK_TCK" "${#pids[@]}" >>"$RESULTS/$name.tsv" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
ticks, hz, npids = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rx = d["end"]["sum_received"]
secs = rx["seconds"]
cpu = d["end"]["cpu_utilization_percent"]
daemon = f"{ticks / hz:.2f}" if npids else "-"
print(f"{rx['bits_per_second'] / 1e6:.0f}\t{rx['bytes']}\t{daemon}\t"
      f"{cpu['host_total'] / 100 * secs:.2f}\t{cpu['remote_total'] / 100 * secs:.2f}")
EOF
    note "$name run $i: $(tail -1 "$RESULTS/$name.tsv" | awk -F'\t' '{printf "%s Mbit/s, %.2f GB, daemons %s CPU-s", $1, $2 / 1e9, $3}')"
  done
}

bench_veth() {
  topo_pair
  side_define left charon "$NS_L" # the kind is unused here: only the namespaces matter
  side_define right charon "$NS_R"
  iperf_runs veth "$ADDR_L" "$ADDR_R"
}

bench_charon() { # NAME ESP_PROPOSAL
  local name=$1 esp=$2
  scenario version=2 proposals=aes128-sha256-x25519 esp_proposals="$esp" capture=no
  scenario_up
  side_initiate left t net 30 || fail "charon tunnel did not come up"
  assert_established t
  iperf_runs "$name" "$INNER_L" "$INNER_R" "$(side_pid left)" "$(side_pid right)"
}

bench_wireguard() {
  topo_pair
  side_define left charon "$NS_L"
  side_define right charon "$NS_R"
  local s dir pid
  for s in left right; do
    dir=${SIDE_DIR[$s]}
    (umask 077 && wg genkey >"$dir/wg.key")
    wg pubkey <"$dir/wg.key" >"$dir/wg.pub"
  done
  # interface names must differ: wireguard-go's UAPI socket /run/wireguard/<if>.sock is shared
  declare -A ifname=([left]=wgl [right]=wgr) port=([left]=51820 [right]=51821)
  declare -A wgpid=()
  for s in left right; do
    ip netns exec "${SIDE_NS[$s]}" wireguard-go -f "${ifname[$s]}" >"${SIDE_DIR[$s]}/wireguard-go.log" 2>&1 &
    pid=$!
    wgpid[$s]=$pid
    on_cleanup "kill_pid $pid 5"
    wait_until 5 test -S "/var/run/wireguard/${ifname[$s]}.sock" || fail "wireguard-go ($s) did not start"
    track_pid "$pid"
  done
  side_exec left wg set wgl private-key "${SIDE_DIR[left]}/wg.key" listen-port "${port[left]}" \
    peer "$(cat "${SIDE_DIR[right]}/wg.pub")" allowed-ips "$NET_R" endpoint "$ADDR_R:${port[right]}"
  side_exec right wg set wgr private-key "${SIDE_DIR[right]}/wg.key" listen-port "${port[right]}" \
    peer "$(cat "${SIDE_DIR[left]}/wg.pub")" allowed-ips "$NET_L" endpoint "$ADDR_L:${port[left]}"
  side_exec left ip link set wgl up
  side_exec right ip link set wgr up
  side_exec left ip route add "$NET_R" dev wgl src "$INNER_L"
  side_exec right ip route add "$NET_L" dev wgr src "$INNER_R"
  assert_ping left "$INNER_R" "$INNER_L"
  iperf_runs wireguard-go "$INNER_L" "$INNER_R" "${wgpid[left]}" "${wgpid[right]}"
}

bench_oakley() {
  if ! oakley_available; then
    echo "oakleyd not built ($OAKLEYD): skipped" >"$RESULTS/oakley-gcm.note"
    skip "oakleyd not built ($OAKLEYD)"
  fi
  scenario left=oakley right=oakley version=2 proposals=aes128gcm16-prfsha256-x25519 \
    esp_proposals=aes128gcm16 capture=no
  scenario_up
  side_initiate left t net 30 || fail "oakley tunnel did not come up"
  assert_established t
  iperf_runs oakley-gcm "$INNER_L" "$INNER_R" "$(side_pid left)" "$(side_pid right)"
}

for p in $PATHS; do
  case "$p" in
  veth) run_scenario veth bench_veth ;;
  charon-gcm) run_scenario charon-gcm bench_charon charon-gcm aes128gcm16 ;;
  charon-cbc) run_scenario charon-cbc bench_charon charon-cbc aes128-sha256 ;;
  wireguard-go) run_scenario wireguard-go bench_wireguard ;;
  oakley-gcm) run_scenario oakley-gcm bench_oakley ;;
  *) echo "unknown path $p" >&2 ;;
  esac
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
"$PYTHON" - "$RESULTS" "$RUNS" "$SECS" "$PATHS" "$CMDLINE" "$LOAD_BEFORE" "$LOAD_AFTER" >"$OUT" <<'EOF'
import os, statistics, subprocess, sys
res, runs, secs, paths, cmd, load0, load1 = sys.argv[1:8]
labels = {
    "veth": "plain veth, no tunnel",
    "charon-gcm": "charon 5.9.8 kernel-libipsec, IKEv2, ESP AES-GCM-128 (UDP-encapsulated)",
    "charon-cbc": "charon 5.9.8 kernel-libipsec, IKEv2, ESP AES-CBC-128/HMAC-SHA-256 (UDP-encapsulated)",
    "wireguard-go": "wireguard-go " + subprocess.run(["wireguard-go", "--version"], capture_output=True,
                                                     text=True).stdout.split()[1] + " (ChaCha20-Poly1305)",
    "oakley-gcm": "oakleyd, IKEv2, ESP AES-GCM-128",
}
def med(xs):
    return statistics.median(xs) if xs else None
print(f"| path | iperf3 TCP {secs} s, median Mbit/s | all runs (Mbit/s) | tunnel daemons CPU-s/GB (median) | iperf3 CPU-s/GB (client+server) |")
print("|---|---:|---|---:|---:|")
for p in paths.split():
    f = os.path.join(res, p + ".tsv")
    if not os.path.exists(f):
        note = open(os.path.join(res, p + ".note")).read().strip() if os.path.exists(os.path.join(res, p + ".note")) else "failed (see log)"
        print(f"| {labels.get(p, p)} | – | {note} | – | – |")
        continue
    rows = [l.rstrip("\n").split("\t") for l in open(f) if l.strip()]
    mbit = [float(r[0]) for r in rows]
    gb = [int(r[1]) / 1e9 for r in rows]
    daemon = [float(r[2]) / g for r, g in zip(rows, gb) if r[2] != "-" and g > 0]
    iperf = [(float(r[3]) + float(r[4])) / g for r, g in zip(rows, gb) if g > 0]
    d = f"{med(daemon):.2f}" if daemon else "– (kernel only)"
    print(f"| {labels.get(p, p)} | {med(mbit):.0f} | {', '.join(f'{m:.0f}' for m in mbit)} | {d} | {med(iperf):.2f} |")
print()
print(f"Measured with `{cmd.strip()}` ({runs} runs per path; both peers, iperf3 client and server on one "
      f"2-core machine; load average before {load0}, after {load1}). CPU-s/GB: utime+stime of both sides' "
      f"tunnel daemons over each run divided by the GB (1e9 bytes) iperf3 received.")
EOF
echo
cat "$OUT"
harness_finish
