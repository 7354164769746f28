#!/usr/bin/env bash
# Revocation against a real OCSP responder, oakleyd <-> oakleyd, IKEv2 and IKEv1 Main Mode.
#
# openssl makes a CA, an OCSP signer (id-kp-OCSPSigning) and, per side, a good and a revoked
# certificate with the same names whose authorityInfoAccess points at `openssl ocsp`, which runs
# in the right namespace on 192.0.2.2:8880 and answers from an index.txt that lists the revoked
# ones. Both sides use revocation = strict. One pair of daemons runs the three cases, swapping
# certificates with `oakctl load` in between:
#   1. both good: IKEv2 and IKEv1 establish (and the OCSP counters in `oakctl stats` moved);
#   2. the initiator's (left) certificate revoked: the responder refuses it in both versions,
#      "revoked" in its log and in its `oakctl diagnose`;
#   3. the responder's (right) certificate revoked: the initiator refuses it, "revoked" in its
#      log and its `oakctl diagnose`.
# A second scenario puts strongSwan's charon on the right (revocation and curl plugins, revocation
# = strict) against oakleyd on the left: charon accepts oakley's good certificate and refuses the
# revoked one, asking the same responder (IKEv2 and IKEv1).
# The CRL path (x509crl/) is covered by the unit tests (tests/credentials/revocation_test.cpp).
# Exit 77 (skip) while oakleyd/oakctl are not built.
set -euo pipefail
# shellcheck source=lib/harness.sh
source "$(dirname "$0")/lib/harness.sh"
harness_init oi-rv
require_tools openssl

OCSP_PORT=8880

# ---- the PKI ------------------------------------------------------------------------------------

_ext() { # FILE LINES...: an openssl extension file with section [v3]
  local f=$1
  shift
  printf '[v3]\n' >"$f"
  printf '%s\n' "$@" >>"$f"
}

# pki_issue DIR NAME SUBJECT SERIAL EXTFILE: NAME.key and NAME.pem signed by DIR/ca.
pki_issue() {
  local dir=$1 name=$2 subject=$3 serial=$4 ext=$5
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/$name.key" 2>/dev/null
  openssl req -new -key "$dir/$name.key" -subj "$subject" -out "$dir/$name.csr"
  openssl x509 -req -in "$dir/$name.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -set_serial "$serial" -days 30 -sha256 -extfile "$ext" -extensions v3 -out "$dir/$name.pem" 2>/dev/null
}

# pki_make DIR: ca, ocsp (signer), {left,right}-{good,revoked} and the responder's index.txt.
pki_make() {
  local dir=$1 side kind serial=16 expiry revoked_at
  mkdir -p "$dir"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$dir/ca.key" 2>/dev/null
  openssl req -x509 -new -key "$dir/ca.key" -subj "/C=CH/O=Oakley Test/CN=Oakley OCSP Test CA" \
    -days 30 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$dir/ca.pem"
  _ext "$dir/ocsp.ext" "keyUsage = critical, digitalSignature" "extendedKeyUsage = OCSPSigning"
  pki_issue "$dir" ocsp "/C=CH/O=Oakley Test/CN=Oakley OCSP Responder" 15 "$dir/ocsp.ext"
  : >"$dir/index.txt"
  expiry=$(date -u -d '+30 days' +%y%m%d%H%M%SZ)
  revoked_at=$(date -u -d '-1 hour' +%y%m%d%H%M%SZ)
  for side in left right; do
    _ext "$dir/$side.ext" "keyUsage = critical, digitalSignature" \
      "subjectAltName = DNS:$side.oakley.test" \
      "authorityInfoAccess = OCSP;URI:http://192.0.2.2:$OCSP_PORT/"
    for kind in good revoked; do
      serial=$((serial + 1))
      pki_issue "$dir" "$side-$kind" "/C=CH/O=Oakley Test/CN=$side.oakley.test" "$serial" "$dir/$side.ext"
      # openssl ca's index format: status, expiry, revocation time[,reason], serial, file, subject
      if [[ "$kind" == good ]]; then
        printf 'V\t%s\t\t%02X\tunknown\t/C=CH/O=Oakley Test/CN=%s.oakley.test\n' "$expiry" "$serial" "$side"
      else
        printf 'R\t%s\t%s,keyCompromise\t%02X\tunknown\t/C=CH/O=Oakley Test/CN=%s.oakley.test\n' \
          "$expiry" "$revoked_at" "$serial" "$side"
      fi >>"$dir/index.txt"
    done
  done
  printf 'unique_subject = no\n' >"$dir/index.txt.attr"
}

# ---- configuration ------------------------------------------------------------------------------

# connections_conf SIDE: an IKEv2 and an IKEv1 connection (swanctl.conf, for both daemons).
connections_conf() {
  local s=$1 o me peer lts=$NET_L rts=$NET_R
  o=$(other_side "$s")
  me=${ADDR_L} peer=${ADDR_R}
  [[ "$s" == left ]] || { me=$ADDR_R peer=$ADDR_L lts=$NET_R rts=$NET_L; }
  # Subnets, not the hosts: charon's kernel-libipsec cannot route host selectors of the IKE
  # addresses through its TUN device.
  cat <<EOF
connections {
    v2 {
        version = 2
        local_addrs = $me
        remote_addrs = $peer
        proposals = aes128gcm16-prfsha256-x25519
        local {
            auth = pubkey
            certs = me.pem
            id = $s.oakley.test
        }
        remote {
            auth = pubkey
            id = $o.oakley.test
            revocation = strict
        }
        children {
            net {
                local_ts = $lts
                remote_ts = $rts
                esp_proposals = aes128gcm16
            }
        }
    }
    v1 {
        version = 1
        local_addrs = $me
        remote_addrs = $peer
        proposals = aes128-sha256-modp2048
        local {
            auth = pubkey
            certs = me.pem
            id = $s.oakley.test
        }
        remote {
            auth = pubkey
            id = $o.oakley.test
            revocation = strict
        }
        children {
            net {
                local_ts = $lts
                remote_ts = $rts
                esp_proposals = aes128-sha256
            }
        }
    }
}
EOF
}

# write_side SIDE: swanctl folders with the good certificate, and oakley.conf.
write_side() {
  local s=$1 dir=${SIDE_DIR[$1]} me=$ADDR_L
  [[ "$s" == left ]] || me=$ADDR_R
  mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private"
  cp "$PKI/ca.pem" "$dir/x509ca/ca.pem"
  use_cert "$s" good
  {
    connections_conf "$s"
    cat <<EOF
oakley {
    control_socket = $(_oakley_sock "$s")
    listen = $me
    dataplane = none
    retransmit_timeout = 1.0
    retransmit_tries = 2
    fetch_timeout = 3s
}
EOF
  } >"$dir/oakley.conf"
}

# use_cert SIDE good|revoked: that certificate and key as SIDE's own.
use_cert() {
  cp "$PKI/$1-$2.pem" "${SIDE_DIR[$1]}/x509/me.pem"
  cp "$PKI/$1-$2.key" "${SIDE_DIR[$1]}/private/me.key"
}

reload() { # SIDE
  oakctl_side "$1" load >>"${SIDE_DIR[$1]}/control.log" 2>&1 || fail "oakctl load on $1 failed"
}

log_lines() { wc -l <"$(side_log "$1")"; }

# assert_log_since SIDE LINE REGEX: a line after LINE of SIDE's log matches.
assert_log_since() {
  local log
  log=$(side_log "$1")
  wait_until 5 bash -c "tail -n +$(($2 + 1)) '$log' | grep -Eq -- '$3'" ||
    fail "$1 log has no line matching /$3/ since line $2"
  note "$1 log: $(tail -n +$(($2 + 1)) "$log" | grep -Em1 -- "$3" | cut -c1-200)"
}

assert_diagnose() { # SIDE CONN REGEX
  local out
  out=$(oakctl_side "$1" diagnose "$2" 2>&1 || true)
  grep -Eq -- "$3" <<<"$out" || fail "oakctl diagnose $2 on $1 does not match /$3/: $out"
  note "$1 diagnose $2: $(grep -Em1 -- "$3" <<<"$out" | cut -c1-200)"
}

must_establish() { # CONN
  side_initiate left "$1" net 15 || fail "$1 with good certificates did not establish"
  note "$1 established"
  oakley_terminate left "$1"
  wait_until 5 _none_left || true
}
_none_left() { ! grep -q '"ike_sas": *\[ *{' <<<"$(oakctl_side left list-sas --json)"; }

must_fail() { # CONN
  if side_initiate left "$1" net 15; then fail "$1 established with a revoked certificate"; fi
  note "$1 refused as expected"
}

# ---- the scenarios ------------------------------------------------------------------------------

# start_responder: the PKI, and openssl's OCSP responder in the right namespace, signing with its
# delegated certificate.
start_responder() {
  PKI=$SCEN_DIR/pki
  pki_make "$PKI"
  setsid ip netns exec "$NS_R" openssl ocsp -index "$PKI/index.txt" -port "$OCSP_PORT" \
    -rsigner "$PKI/ocsp.pem" -rkey "$PKI/ocsp.key" -CA "$PKI/ca.pem" -ignore_err -timeout 5 \
    >"$SCEN_DIR/ocsp.log" 2>&1 </dev/null &
  local responder=$!
  track_pid "$responder"
  on_cleanup "kill_pid $responder 15"
  # Probe with a real request: openssl ocsp serves one connection at a time, and a bare TCP
  # probe that sends nothing would hold it.
  wait_until 5 ip netns exec "$NS_L" timeout 2 openssl ocsp -issuer "$PKI/ca.pem" \
    -cert "$PKI/left-good.pem" -url "http://$ADDR_R:$OCSP_PORT/" -CAfile "$PKI/ca.pem" \
    >"$SCEN_DIR/ocsp-probe.log" 2>&1 || fail "openssl ocsp does not answer on $ADDR_R:$OCSP_PORT"
  note "OCSP responder: openssl ocsp on $ADDR_R:$OCSP_PORT, pid $responder"
}

ocsp_scenario() {
  topo_pair
  start_responder
  side_define left oakley "$NS_L"
  side_define right oakley "$NS_R"
  write_side left
  write_side right
  side_start right
  side_start left

  log "case 1: both certificates good"
  must_establish v2
  must_establish v1
  local stats
  stats=$(oakctl_side left stats --json)
  "$PYTHON" -c 'import json,sys; r=json.loads(sys.argv[1])["revocation"]; sys.exit(0 if r["ocsp_requests"] >= 2 and r["revoked"] == 0 else 1)' "$stats" ||
    fail "left's revocation counters: $stats"
  note "left stats revocation: $("$PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1])["revocation"])' "$stats")"

  log "case 2: the initiator's certificate is revoked"
  use_cert left revoked
  reload left
  local at
  at=$(log_lines right)
  must_fail v2
  assert_log_since right "$at" 'CN=left.oakley.test" was revoked at .*keyCompromise.*OCSP responder http://192.0.2.2:8880/'
  assert_diagnose right v2 'revoked'
  at=$(log_lines right)
  must_fail v1
  assert_log_since right "$at" 'MM5: certificate .*CN=left.oakley.test" was revoked at'
  assert_diagnose right v1 'revoked'

  log "case 3: the responder's certificate is revoked"
  use_cert left good
  reload left
  use_cert right revoked
  reload right
  at=$(log_lines left)
  must_fail v2
  assert_log_since left "$at" 'CN=right.oakley.test" was revoked at .*OCSP responder http://192.0.2.2:8880/'
  assert_diagnose left v2 'revoked'
  at=$(log_lines left)
  must_fail v1
  assert_log_since left "$at" 'MM6: certificate .*CN=right.oakley.test" was revoked at'
  assert_diagnose left v1 'revoked'
  stats=$(oakctl_side left stats --json)
  "$PYTHON" -c 'import json,sys; sys.exit(0 if json.loads(sys.argv[1])["revocation"]["revoked"] >= 2 else 1)' "$stats" ||
    fail "left's revoked counter did not move: $stats"
}

# charon (right, responder) checks oakleyd's certificate with its revocation plugin.
charon_scenario() {
  topo_pair
  start_responder
  side_define left oakley "$NS_L"
  side_define right charon "$NS_R"
  write_side left
  local dir=${SIDE_DIR[right]}
  mkdir -p "$dir/x509" "$dir/x509ca" "$dir/private"
  cp "$PKI/ca.pem" "$dir/x509ca/ca.pem"
  use_cert right good
  connections_conf right >"$dir/swanctl.conf"
  CHARON_PLUGINS="$CHARON_PLUGINS revocation curl constraints" charon_write_conf right
  side_start right
  side_start left

  log "oakley's certificate good: charon accepts it"
  must_establish v2
  must_establish v1
  assert_log right 'certificate status is good'

  log "oakley's certificate revoked: charon refuses it"
  use_cert left revoked
  reload left
  local at
  at=$(log_lines right)
  must_fail v2
  assert_log_since right "$at" 'certificate was revoked on .*reason: key compromise'
  at=$(log_lines right)
  must_fail v1
  assert_log_since right "$at" 'certificate was revoked on'
}

run_scenario ocsp-revocation ocsp_scenario
run_scenario ocsp-revocation-charon-responder charon_scenario

harness_finish
