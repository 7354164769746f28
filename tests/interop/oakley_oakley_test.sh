#!/usr/bin/env bash
# oakleyd <-> oakleyd. Without a NAT (and without charon's faked one) ESP must be plain IP protocol
# 50 on the wire; behind the NAT it must move to UDP 4500. tshark must decode every packet.
# Skips (exit 77) while oakleyd/oakctl are not built (OAKLEYD / OAKCTL override the paths).
set -euo pipefail
# shellcheck source=lib/harness.sh
source "$(dirname "$0")/lib/harness.sh"
harness_init oi-oo
require_tools tcpdump tshark ping

OAKLEY_AUTH_FAIL_RESPONDER=${OAKLEY_AUTH_FAIL_RESPONDER:-'AUTHENTICATION_FAILED|[Aa]uthentication.*fail'}
OAKLEY_AUTH_FAIL_INITIATOR=${OAKLEY_AUTH_FAIL_INITIATOR:-'AUTHENTICATION_FAILED'}
both=(left=oakley right=oakley)

run_scenario ikev2-gcm-x25519 tunnel_scenario "${both[@]}" \
  version=2 proposals=aes128gcm16-prfsha256-x25519 esp_proposals=aes128gcm16 rekey_child=yes

run_scenario ikev2-cbc-sha256-pfs-rekeys tunnel_scenario "${both[@]}" \
  version=2 proposals=aes128-sha256-x25519 esp_proposals=aes128-sha256-x25519 \
  rekey_child=yes rekey_ike=yes

run_scenario ikev2-rekey-by-responder tunnel_scenario "${both[@]}" \
  version=2 rekey_child=yes rekey_from=right tcp_bytes=0

run_scenario ikev2-nat tunnel_scenario "${both[@]}" topology=nat version=2 rekey_child=yes

run_scenario ikev2-forced-encap tunnel_scenario "${both[@]}" version=2 encap=yes tcp_bytes=0

run_scenario ikev2-ipv6 tunnel_scenario "${both[@]}" family=6 version=2

run_scenario ikev1-main-mode tunnel_scenario "${both[@]}" \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 rekey_child=yes

run_scenario ikev1-aggressive tunnel_scenario "${both[@]}" \
  version=1 aggressive=yes proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

run_scenario ikev1-nat-pfs tunnel_scenario "${both[@]}" topology=nat \
  version=1 proposals=aes256-sha256-modp2048 esp_proposals=aes128gcm16-modp2048

run_scenario ikev2-auth-failure auth_failure_scenario "${both[@]}" version=2 \
  fail_log_left="$OAKLEY_AUTH_FAIL_INITIATOR" fail_log_right="$OAKLEY_AUTH_FAIL_RESPONDER"

run_scenario ikev2-ike-loss tunnel_scenario "${both[@]}" version=2 loss=20 tcp_bytes=0 \
  oakley_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6"

harness_finish
