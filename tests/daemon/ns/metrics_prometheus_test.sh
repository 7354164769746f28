#!/usr/bin/env bash
# The metrics endpoint as Prometheus sees it: two oakleyd in namespaces bring an IKEv2 tunnel up
# and ping through it; a real prometheus (Debian's package) in the left namespace scrapes the left
# daemon every second, and PromQL queries through its HTTP API must return the SA, the ESP
# traffic and the IKE messages. promtool checks the page too. Needs root.
#   metrics_prometheus_test.sh OAKLEYD OAKCTL
set -euo pipefail
OAKLEYD=${1:?usage: metrics_prometheus_test.sh OAKLEYD OAKCTL}
OAKCTL=${2:?usage: metrics_prometheus_test.sh OAKLEYD OAKCTL}
[[ $EUID -eq 0 ]] || { echo "needs root (namespaces, TUN)"; exit 77; }
DP_PREFIX=opm-$$
HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=od_lib.sh
source "$HERE/od_lib.sh"
trap 'rc=$?; ((rc == 0)) || od_dump_logs; od_cleanup; exit $rc' EXIT
command -v prometheus >/dev/null && command -v promtool >/dev/null ||
  dp_fail "prometheus and promtool are missing (scripts/setup installs them)"

conn() { # SIDE: the connection and secret of one side
  local me=$1 peer=r peer_addr=192.0.2.2 local_ts=10.1.0.0/24 remote_ts=10.2.0.0/24
  [[ $me == r ]] && peer=l peer_addr=192.0.2.1 local_ts=10.2.0.0/24 remote_ts=10.1.0.0/24
  cat <<CONF
connections {
  t {
    version = 2
    remote_addrs = $peer_addr
    proposals = aes128gcm16-prfsha256-x25519
    local {
      auth = psk
      id = $me.metrics.test
    }
    remote {
      auth = psk
      id = $peer.metrics.test
    }
    children {
      net {
        local_ts = $local_ts
        remote_ts = $remote_ts
        esp_proposals = aes128gcm16
      }
    }
  }
}
secrets {
  ike-t {
    id-l = l.metrics.test
    id-r = r.metrics.test
    secret = "metrics-prometheus-test-psk"
  }
}
CONF
}

dp_pair_up
od_start l "metrics = 127.0.0.1:9101" "$(conn l)"
od_start r "" "$(conn r)"
od_ctl l initiate t/net --timeout 20 >"$DP_WORK/initiate.log" 2>&1 ||
  { cat "$DP_WORK/initiate.log"; dp_fail "initiate"; }
dp_exec l ping -c 5 -i 0.2 -W 2 -I 10.1.0.1 10.2.0.1 >/dev/null || dp_fail "ping through the tunnel"
dp_log "tunnel up, 5 pings through it"

# promtool on the page as served.
dp_exec l curl -sf http://127.0.0.1:9101/metrics >"$DP_WORK/page.txt" || dp_fail "scrape"
dp_exec l curl -s -o /dev/null -w '%{http_code}' -X POST http://127.0.0.1:9101/metrics \
  >"$DP_WORK/post.code" || true
[[ $(cat "$DP_WORK/post.code") == 405 ]] || dp_fail "POST answered $(cat "$DP_WORK/post.code")"
promtool check metrics <"$DP_WORK/page.txt" || dp_fail "promtool check metrics"
dp_log "promtool check metrics: clean"

cat >"$DP_WORK/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: oakley
    static_configs:
      - targets: ['127.0.0.1:9101']
YML
ip netns exec "$(dp_ns l)" prometheus --config.file="$DP_WORK/prometheus.yml" \
  --storage.tsdb.path="$DP_WORK/tsdb" --web.listen-address=127.0.0.1:9190 \
  >"$DP_WORK/prometheus.log" 2>&1 &
DP_PIDS+=($!)

# query PROMQL: the first result's value ("" when none yet).
query() {
  dp_exec l curl -sf --get --data-urlencode "query=$1" http://127.0.0.1:9190/api/v1/query |
    python3 -c 'import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null || true
}

# expect PROMQL VALUE: polls until Prometheus has scraped what makes PROMQL return VALUE.
expect() {
  local got="" i
  for ((i = 0; i < 40; i++)); do
    got=$(query "$1")
    [[ $got == "$2" ]] && { dp_log "  $1 = $got"; return 0; }
    sleep 0.5
  done
  tail -5 "$DP_WORK/prometheus.log"
  dp_fail "$1: expected $2, Prometheus says '${got}'"
}

expect 'oakley_ike_sas{version="2",state="established"}' 1
expect 'oakley_child_sas{version="2",state="installed"}' 1
expect 'oakley_child_sa_packets_total{connection="t",child="net",direction="out"}' 5
expect 'oakley_child_sa_packets_total{connection="t",child="net",direction="in"}' 5
expect 'oakley_ike_messages_total{version="2",exchange="IKE_AUTH",direction="out",result="sent"}' 1
expect 'oakley_ike_messages_total{version="2",exchange="IKE_AUTH",direction="in",result="processed"}' 1
expect 'sum(oakley_dataplane_thread_packets_total{direction="out"})' 5
expect 'up{job="oakley"}' 1
dp_log "PASS"
