#!/usr/bin/env bash
# shellcheck disable=SC2154 # SC[...] are keys of scenario.sh's associative array
# updown scripts side by side with charon: charon and oakleyd run the same updown script for the
# same CHILD_SA, and the environments they give it must agree variable by variable
# (lib/updown_compare.py). Each case runs twice with the same configuration: charon left
# (initiating, so oakleyd is the responder), then oakleyd left (initiating); the script saves
# every call's PLUTO_* environment, so each side's environment from charon is compared with the
# same side's from oakleyd, and within each tunnel the two sides must mirror each other (SPIs,
# addresses, clients, identities, virtual IPs). Cases: IPv4 tunnel, IPv6 tunnel, host-to-host
# (up-host/down-host: the selectors are the outer addresses), a virtual IP from a pool.
# Skips (exit 77) without charon or without oakleyd/oakctl. Run as root:
#   sudo tests/interop/updown_charon_test.sh        (OAKLEY_INTEROP_ONLY=REGEX picks scenarios)
set -euo pipefail
# shellcheck source=lib/harness.sh
source "$(dirname "$0")/lib/harness.sh"
[[ -x "$CHARON_BIN" ]] || { echo "charon not installed ($CHARON_BIN): skipped"; exit 77; }
harness_init oi-ud
require_tools swanctl
CHARON_PLUGINS+=" updown"

# The script both daemons run: `updown = UPDOWN FOLDER`; every call appends its verb to
# FOLDER/calls and saves its PLUTO_* variables in FOLDER/VERB.env.
UPDOWN=$WORK/updown.sh
cat >"$UPDOWN" <<'SH'
#!/bin/sh
env | grep '^PLUTO_' | sort >"$1/$PLUTO_VERB.env"
echo "$PLUTO_VERB" >>"$1/calls"
SH
chmod 755 "$UPDOWN"

_calls() { # FOLDER COUNT: FOLDER/calls holds COUNT lines
  [[ -f "$1/calls" && $(wc -l <"$1/calls") -ge $2 ]]
}

# updown_scenario KEY=VALUE...: brings the tunnel up from left and takes it down again; both
# sides' calls end up in $SCEN_DIR/env-left and env-right.
updown_scenario() {
  # charon exports the DNS servers it received only with the updown plugin's dns_handler;
  # oakleyd always does (issue 14), so the comparison runs charon with it
  local charon="plugins {; updown {; dns_handler = yes; }; }"
  scenario tcp_bytes=0 capture=no charon_extra="$charon" "$@"
  if [[ "${SC[host_ts]}" != no ]]; then
    # The side facing the host routes the peer's own address into its TUN device. charon refuses
    # that ("conflicts with IKE traffic") unless allow_peer_ts, with its own packets marked to
    # bypass table 220 (as strongSwan documents for kernel-libipsec); oakleyd marks its own
    # packets by default (fwmark, routing_table). No traffic is sent in this test: only the
    # CHILD_SAs and their scripts matter.
    SC[charon_extra]="$charon; plugins {; kernel-libipsec {; allow_peer_ts = yes; }; socket-default {; fwmark = 0x42; }; kernel-netlink {; fwmark = !0x42; }; }"
  fi
  local s
  for s in left right; do
    mkdir -p "$SCEN_DIR/env-$s"
    SC[child_extra_$s]="updown = $UPDOWN $SCEN_DIR/env-$s"
  done
  scenario_up
  side_initiate left "${SC[conn]}" "${SC[child]}" 20 ||
    fail "initiate from left failed: $(tail -5 "${SIDE_DIR[left]}/initiate.log")"
  assert_established "${SC[conn]}"
  for s in left right; do
    _child_spis "$s" >"$SCEN_DIR/spis-$s"  # "IN OUT" as the daemon lists them
    wait_until 10 _calls "$SCEN_DIR/env-$s" 1 || fail "no updown call on $s (${SIDE_KIND[$s]})"
  done
  side_terminate left "${SC[conn]}" || fail "terminate from left failed"
  for s in left right; do
    wait_until 10 _calls "$SCEN_DIR/env-$s" 2 || fail "no second updown call on $s (${SIDE_KIND[$s]})"
  done
  wait_until 10 _no_sas_now left right || fail "SAs left after terminate"
  note "left (${SIDE_KIND[left]}): $(tr '\n' ' ' <"$SCEN_DIR/env-left/calls")"
  note "right (${SIDE_KIND[right]}): $(tr '\n' ' ' <"$SCEN_DIR/env-right/calls")"
}

# compare_scenario CASE: charon's environment against oakleyd's, per side and verb.
compare_scenario() {
  "$PYTHON" "$HARNESS_LIB/updown_compare.py" "$WORK/$1-charon-left" "$WORK/$1-oakley-left" ||
    fail "updown environments of charon and oakleyd differ ($1)"
}

updown_case() { # CASE KEY=VALUE...
  local name=$1
  shift
  run_scenario "$name-charon-left" updown_scenario left=charon right=oakley "$@"
  run_scenario "$name-oakley-left" updown_scenario left=oakley right=charon "$@"
  run_scenario "$name-compare" compare_scenario "$name"
}

updown_case ipv4-tunnel family=4
updown_case ipv6-tunnel family=6
# charon's kernel-libipsec refuses a tunnel whose remote selector holds the peer's IKE address,
# so one side at a time is the host (up-host there, up-client on the other side).
updown_case host-left family=4 host_ts=left
updown_case host-right-v6 family=6 host_ts=right
updown_case virtual-ip family=4 vip=yes

harness_finish
