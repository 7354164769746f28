#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# IKE setup-rate baseline: an IKEv2 PSK responder in one namespace, N initiators' IKE SAs (each with
# one CHILD_SA) from the other, and the responder's cost: CPU-seconds (utime+stime from
# /proc/PID/stat) and resident memory (VmRSS) before and after, and the wall time to get all N up.
#
#   responder   charon (default) or oakleyd (BENCH_RESPONDER=oakley, when built): IKEv2,
#               aes128-sha256-x25519, CHILD_SA aes128gcm16 (installed in kernel-libipsec for
#               charon), one connection for every initiator: remote id *@load.test, one PSK
#               without owner ids, dos_protection = no (cookies and the per-address half-open
#               limit would throttle a load from one address)
#   load        BENCH_DRIVER=charon (default): a second charon with N connections c1..cN (identity
#               c<i>@load.test, inner address 10.128.x.y/32), all initiated at once over vici
#               without waiting (tests/interop/lib/vici.py initiate-many); BENCH_DRIVER=oakload: the
#               future load generator (see drive_oakload: a placeholder until src/tools/oakload exists)
#
#   sudo bench/ike/run.sh                      # N = 1000
#   BENCH_IKE_COUNTS="500 2000" sudo -E bench/ike/run.sh
#
# The initiator shares the 2 cores with the responder, so the wall-clock rate is a lower bound;
# the responder's CPU per SA does not depend on that. Not a ctest test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../../tests/interop/lib/harness.sh
source "$here/../../tests/interop/lib/harness.sh"

COUNTS=${BENCH_IKE_COUNTS:-1000}
RESPONDER=${BENCH_RESPONDER:-charon}
DRIVER=${BENCH_DRIVER:-charon}
TIMEOUT=${BENCH_IKE_TIMEOUT:-300}
OUT=${BENCH_OUT:-/tmp/oakley-bench/ike.md}
PSK="load-test-psk-0123456789abcdef"
CMDLINE="$(printf '%q ' "$0" "$@")"
[[ -z "${BENCH_IKE_COUNTS:-}${BENCH_RESPONDER:-}${BENCH_DRIVER:-}" ]] ||
  CMDLINE="BENCH_IKE_COUNTS=\"$COUNTS\" BENCH_RESPONDER=$RESPONDER BENCH_DRIVER=$DRIVER $CMDLINE"

OAKLEY_INTEROP_WORKDIR=${OAKLEY_INTEROP_WORKDIR:-/tmp/oakley-bench/ike}
harness_init ob-ike
require_tools swanctl
RESULTS=$WORK/results
mkdir -p "$RESULTS" "$(dirname "$OUT")"
CLK_TCK=$(getconf CLK_TCK)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

responder_conf() { # the connections and secrets of the responder (swanctl.conf syntax)
  cat <<EOF
connections {
    load {
        version = 2
        local_addrs = $ADDR_R
        remote_addrs = %any
        proposals = aes128-sha256-x25519
        local {
            auth = psk
            id = responder@load.test
        }
        remote {
            auth = psk
            id = *@load.test
        }
        children {
            net {
                local_ts = $NET_R
                remote_ts = 10.128.0.0/9
                esp_proposals = aes128gcm16
            }
        }
    }
}
secrets {
    ike-load {
        secret = "$PSK"
    }
}
EOF
}

initiator_conf() { # N: connections c1..cN for the charon load driver
  local n=$1 i
  echo "connections {"
  for ((i = 1; i <= n; i++)); do
    cat <<EOF
    c$i {
        version = 2
        local_addrs = $ADDR_L
        remote_addrs = $ADDR_R
        proposals = aes128-sha256-x25519
        local {
            auth = psk
            id = c$i@load.test
        }
        remote {
            auth = psk
            id = responder@load.test
        }
        children {
            net {
                local_ts = 10.128.$((i / 256)).$((i % 256))/32
                remote_ts = $NET_R
                esp_proposals = aes128gcm16
            }
        }
    }
EOF
  done
  echo "}"
  echo "secrets {"
  echo "    ike-load {"
  echo "        secret = \"$PSK\""
  echo "    }"
  echo "}"
}

_stats() { "$PYTHON" "$HARNESS_LIB/vici.py" "${SIDE_DIR[$1]}/charon.vici" stats; }

# established_count SIDE: IKE SAs that are ESTABLISHED with an INSTALLED CHILD_SA.
established_count() {
  local side=$1 f=$SCEN_DIR/count.json
  side_sas "$side" "$f" >/dev/null 2>&1 || { echo 0; return; }
  "$PYTHON" - "$f" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
print(sum(1 for s in v["ike_sas"] if s["state"] == "ESTABLISHED"
          and any(c["state"] == "INSTALLED" for c in s["children"])))
EOF
}

# responder_total: IKE SAs the responder holds (charon: vici stats, cheap to poll; oakley: listing).
responder_total() {
  if [[ "${SIDE_KIND[right]}" == charon ]]; then
    _stats right | "$PYTHON" -c 'import json,sys; d=json.load(sys.stdin)["ikesas"]; print(int(d["total"]) - int(d["half-open"]))'
  else
    established_count right
  fi
}

drive_charon() { # N
  local n=$1 names=() i
  for ((i = 1; i <= n; i++)); do names+=("c$i"); done
  "$PYTHON" "$HARNESS_LIB/vici.py" "${SIDE_DIR[left]}/charon.vici" initiate-many net "${names[@]}" \
    >"$SCEN_DIR/initiate.log" 2>&1 || fail "initiate-many: $(tail -3 "$SCEN_DIR/initiate.log")"
}

# >>> PLACEHOLDER for the load generator (src/tools/oakload, not written yet). Replace the command
# with oakload's real options once it exists; it must create N IKEv2 SAs with identities
# c<i>@load.test and one CHILD_SA each against $ADDR_R, then exit (or keep them up until killed).
drive_oakload() { # N
  local n=$1 oakload=${OAKLOAD:-$OAKLEY_REPO/build/dev/src/tools/oakload}
  [[ -x "$oakload" ]] || skip "oakload not built ($oakload): the charon driver is the only one for now"
  ip netns exec "$NS_L" "$oakload" --target "$ADDR_R" --count "$n" --id-format 'c%d@load.test' \
    --psk "$PSK" --proposals aes128-sha256-x25519 --esp-proposals aes128gcm16 \
    >"$SCEN_DIR/oakload.log" 2>&1 &
  local pid=$!
  on_cleanup "kill_pid $pid 10"
}

bench_setup_rate() { # N
  local n=$1 rpid cpu0 rss0 cpu1 rss1 t0 t1 got
  topo_pair
  side_define right "$RESPONDER" "$NS_R"
  if [[ "$RESPONDER" == charon ]]; then
    CHARON_LOGDEFAULT=${BENCH_LOGLEVEL:-0} CHARON_LOGLEVELS="ike = ${BENCH_LOGLEVEL:-0}" charon_write_conf right "dos_protection = no"
    responder_conf >"${SIDE_DIR[right]}/swanctl.conf"
  else
    _scenario_addrs_for_bench
    { responder_conf; oakley_daemon_section right; } >"${SIDE_DIR[right]}/oakley.conf"
  fi
  side_start right
  if [[ "$DRIVER" == charon ]]; then
    side_define left charon "$NS_L"
    CHARON_LOGDEFAULT=${BENCH_LOGLEVEL:-0} CHARON_LOGLEVELS="ike = ${BENCH_LOGLEVEL:-0}" charon_write_conf left
    # kernel-libipsec routes each CHILD_SA with a local source address inside its selector
    local i
    for ((i = 1; i <= n; i++)); do echo "addr add 10.128.$((i / 256)).$((i % 256))/32 dev lo"; done |
      ip -n "$NS_L" -batch -
    initiator_conf "$n" >"${SIDE_DIR[left]}/swanctl.conf"
    side_start left
  fi
  rpid=$(side_pid right)
  sleep 1 # let the responder settle after loading
  cpu0=$(proc_cpu_ticks "$rpid")
  rss0=$(rss_kb "$rpid")
  local icpu0=0
  [[ "$DRIVER" != charon ]] || icpu0=$(proc_cpu_ticks "$(side_pid left)")
  t0=$(date +%s.%N)
  "drive_$DRIVER" "$n"
  local deadline=$((SECONDS + TIMEOUT))
  while got=$(responder_total) && ((got < n)); do
    ((SECONDS < deadline)) || fail "only $got of $n IKE SAs after ${TIMEOUT}s"
    sleep 0.2
  done
  t1=$(date +%s.%N)
  sleep 1 # CHILD_SA installation trails the IKE SA count slightly
  cpu1=$(proc_cpu_ticks "$rpid")
  rss1=$(rss_kb "$rpid")
  local icpu1=0
  [[ "$DRIVER" != charon ]] || icpu1=$(proc_cpu_ticks "$(side_pid left)")
  got=$(established_count right)
  ((got == n)) || fail "responder lists $got established IKE SAs with a CHILD_SA, expected $n"
  local wall
  wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f", b - a}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$RESPONDER" "$n" "$wall" \
    "$((cpu1 - cpu0))" "$CLK_TCK" "$rss0" "$rss1" "$((icpu1 - icpu0))" >>"$RESULTS/setup.tsv"
  note "$n SAs in $wall s; responder CPU $(((cpu1 - cpu0) * 10)) ms, RSS $rss0 -> $rss1 kB"
}

# The oakley responder needs the scenario address arrays for its daemon section.
_scenario_addrs_for_bench() {
  scenario_defaults
  _scenario_addrs
}

for n in $COUNTS; do
  run_scenario "setup-$RESPONDER-$n" bench_setup_rate "$n"
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
if [[ -f "$RESULTS/setup.tsv" ]]; then
  "$PYTHON" - "$RESULTS/setup.tsv" "$CMDLINE" "$LOAD_BEFORE" "$LOAD_AFTER" "$DRIVER" >"$OUT" <<'EOF'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
cmd, load0, load1, driver = sys.argv[2:6]
print("| responder | IKE SAs (1 CHILD_SA each) | wall s | SAs/s (wall) | responder CPU-s | CPU ms per SA | RSS before → after (MB) | kB per SA | initiator CPU-s |")
print("|---|---:|---:|---:|---:|---:|---|---:|---:|")
for kind, n, wall, ticks, hz, rss0, rss1, iticks in rows:
    n, wall, cpu = int(n), float(wall), int(ticks) / int(hz)
    rss0, rss1 = int(rss0), int(rss1)
    label = {"charon": "charon 5.9.8 (kernel-libipsec)", "oakley": "oakleyd"}.get(kind, kind)
    print(f"| {label} | {n} | {wall:.2f} | {n / wall:.0f} | {cpu:.2f} | {cpu * 1000 / n:.2f} | "
          f"{rss0 / 1024:.1f} → {rss1 / 1024:.1f} | {(rss1 - rss0) / n:.1f} | {int(iticks) / int(hz):.2f} |")
print()
print(f"Measured with `{cmd.strip()}`: IKEv2 PSK aes128-sha256-x25519 + CHILD_SA aes128gcm16, load driver: "
      f"{driver} (all initiations queued at once over vici); initiator and responder share the 2 cores "
      f"(load average before {load0}, after {load1}).")
EOF
  echo
  cat "$OUT"
fi
harness_finish
