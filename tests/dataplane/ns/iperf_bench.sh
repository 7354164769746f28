#!/usr/bin/env bash
# Throughput of the TUN data plane: iperf3 TCP through oak-dp-test between two namespaces (no IKE),
# next to the plain veth for reference. Prints the median of RUNS runs of SECONDS each.
#   iperf_bench.sh OAK_DP_TEST [oak-dp-test args, e.g. --alg aes256gcm16 --udp-encap 4500:4500]
# Environment: RUNS (3), SECONDS_PER_RUN (10), PARALLEL (1, iperf3 -P), BASELINE (1: also veth).
set -euo pipefail
OAK_DP_TEST=${1:?usage: iperf_bench.sh path/to/oak-dp-test [args]}
shift
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$HERE/lib.sh"
trap dp_cleanup EXIT
RUNS=${RUNS:-3}
SECS=${SECONDS_PER_RUN:-10}
PARALLEL=${PARALLEL:-1}

iperf_runs() { # SERVER_ADDR CLIENT_BIND: prints one Gbit/s figure per run
  local i
  ip netns exec "$(dp_ns r)" iperf3 -s -1 -B "$1" >/dev/null 2>&1 &
  for ((i = 0; i < RUNS; i++)); do
    sleep 0.3
    dp_exec l iperf3 -c "$1" -B "$2" -t "$SECS" -P "$PARALLEL" -J |
      python3 -c 'import json,sys; print("%.3f" % (json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9))'
    ip netns exec "$(dp_ns r)" iperf3 -s -1 -B "$1" >/dev/null 2>&1 &
  done
  kill %% 2>/dev/null || true
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

dp_pair_up
if [[ ${BASELINE:-1} == 1 ]]; then
  base=$(iperf_runs 192.0.2.2 192.0.2.1 | tee /dev/stderr | median)
  dp_log "plain veth: median ${base} Gbit/s"
fi
dp_start l "$@"
dp_start r "$@"
dp_exec l ping -c 1 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "no connectivity through the tunnel"
tunnel=$(iperf_runs 10.2.0.1 10.1.0.1 | tee /dev/stderr | median)
dp_log "oakley TUN data plane ($*): median ${tunnel} Gbit/s"
dp_stop l
dp_stop r
dp_log "left: $(tr -d '\n ' <"$DP_WORK/l.stats")"
