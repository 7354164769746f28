# shellcheck shell=bash disable=SC2153 # SIDE_* and the topology variables come from the harness
# oakload against a responder in a network namespace, shared by tests/tools/oakload_test.sh and
# bench/ike/run.sh. Source after tests/interop/lib/harness.sh; call inside a scenario after
# topo_pair (the responder is side "right" in $NS_R, oakload runs in $NS_L).
#
#   load_start_responder oakley|charon [OAKLEY_LOG_LEVEL]   one connection for every initiator
#   load_run OUT.json N C [OAKLOAD_ARGS...]                 oakload's JSON summary into OUT.json
#   load_check OUT.json PYTHON_EXPRESSION                   assert on the summary (as `s`)
#   load_established_count                                  responder's IKE SAs with a CHILD_SA
#
# The responder: IKEv2, aes128-sha256-x25519, CHILD_SA aes128gcm16, remote id *@load.test (charon
# matches the wildcard against c<i>@load.test), one PSK without owner ids, dos_protection = no:
# cookies and the per-address half-open limit would throttle a load that comes from one address.
# Each initiator proposes its own inner address 10.128.x.y/32 (oakload --ts-pool), since both
# responders install every CHILD_SA in their userspace data plane (charon: kernel-libipsec).

OAKLOAD=${OAKLOAD:-$OAKLEY_REPO/build/dev/src/tools/oakload/oakload}
LOAD_PSK=${LOAD_PSK:-load-test-psk-0123456789abcdef}
LOAD_PROPOSALS=aes128-sha256-x25519
LOAD_ESP=aes128gcm16
LOAD_POOL=10.128.0.0/9

require_oakload() { [[ -x "$OAKLOAD" ]] || skip "oakload not built ($OAKLOAD)"; }

load_responder_conf() {
  cat <<EOF
connections {
    load {
        version = 2
        local_addrs = $ADDR_R
        remote_addrs = %any
        proposals = $LOAD_PROPOSALS
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
                remote_ts = $LOAD_POOL
                esp_proposals = $LOAD_ESP
            }
        }
    }
}
secrets {
    ike-load {
        secret = "$LOAD_PSK"
    }
}
EOF
}

load_oakley_section() { # LOG_LEVEL
  cat <<EOF
oakley {
    control_socket = $(_oakley_sock right)
    listen = $ADDR_R
    port = 500
    port_nat_t = 4500
    dataplane = tun
    tun_name = oak
    dos_protection = no
    log_level = ${1:-info}
}
EOF
}

# load_start_responder KIND [OAKLEY_LOG_LEVEL]: charon logs at CHARON_LOGDEFAULT/CHARON_LOGLEVELS
# (the caller's environment, e.g. level 0 for benchmarks).
load_start_responder() {
  local kind=$1
  side_define right "$kind" "$NS_R"
  if [[ "$kind" == charon ]]; then
    charon_write_conf right "dos_protection = no"
    load_responder_conf >"${SIDE_DIR[right]}/swanctl.conf"
  else
    { load_responder_conf; load_oakley_section "${2:-info}"; } >"${SIDE_DIR[right]}/oakley.conf"
  fi
  side_start right
}

# load_run OUT N C [ARGS...]: exit status is oakload's (0: every SA did all its work); progress
# lines and errors go to OUT without .json plus .stderr.
load_run() {
  local out=$1 n=$2 c=$3
  shift 3
  ip netns exec "$NS_L" "$OAKLOAD" --remote "$ADDR_R" --source "$ADDR_L" --count "$n" \
    --concurrency "$c" --psk "$LOAD_PSK" --proposals "$LOAD_PROPOSALS" --esp "$LOAD_ESP" \
    --id-domain load.test --remote-id responder@load.test --ts-pool "$LOAD_POOL" \
    --remote-ts "$NET_R" --json "$@" >"$out" 2>"${out%.json}.stderr"
}

# load_check OUT EXPRESSION [MESSAGE]: EXPRESSION is Python over the summary `s`.
load_check() {
  local out=$1 expr=$2
  "$PYTHON" - "$out" "$expr" <<'PY' || fail "${3:-summary check failed}: $expr"
import json, sys
s = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2], {"s": s})
if not ok:
    print(json.dumps(s, indent=1), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}

# load_field OUT PYTHON_EXPRESSION: prints a value of the summary `s`.
load_field() {
  "$PYTHON" -c 'import json, sys; s = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"
}

# load_established_count: the responder's ESTABLISHED IKE SAs with an INSTALLED CHILD_SA.
load_established_count() {
  local f=$SCEN_DIR/count.json
  side_sas right "$f" >/dev/null 2>&1 || { echo 0; return; }
  "$PYTHON" - "$f" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
print(sum(1 for s in v["ike_sas"] if s["state"] == "ESTABLISHED"
          and any(c["state"] == "INSTALLED" for c in s["children"])))
PY
}
