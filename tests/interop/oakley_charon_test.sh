#!/usr/bin/env bash
# oakleyd <-> strongSwan charon: every scenario runs twice, with oakley as initiator (left) and as
# responder (right), so each exchange is exercised in both roles against the reference.
# charon's kernel-libipsec always fakes NAT detection (its NAT_DETECTION_SOURCE_IP never matches),
# so oakley sees charon as "behind a NAT": IKE moves to 4500 after IKE_SA_INIT and ESP must travel
# in UDP 4500 (RFC 3948) in every scenario, with or without the NAT topology.
# Skips (exit 77) while oakleyd/oakctl are not built (OAKLEYD / OAKCTL override the paths).
set -euo pipefail
# shellcheck source=lib/harness.sh
source "$(dirname "$0")/lib/harness.sh"
harness_init oi-oc
require_tools swanctl tcpdump tshark ping

# How oakleyd words an authentication failure in its log (>>> LEAD: adjust to the real messages).
OAKLEY_AUTH_FAIL_RESPONDER=${OAKLEY_AUTH_FAIL_RESPONDER:-'AUTHENTICATION_FAILED|[Aa]uthentication.*fail'}
OAKLEY_AUTH_FAIL_INITIATOR=${OAKLEY_AUTH_FAIL_INITIATOR:-'AUTHENTICATION_FAILED'}

for tag in oak-init oak-resp; do
  if [[ "$tag" == oak-init ]]; then roles=(left=oakley right=charon); else roles=(left=charon right=oakley); fi

  run_scenario "$tag-ikev2-gcm-x25519" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes128gcm16-prfsha256-x25519 esp_proposals=aes128gcm16 rekey_child=yes

  run_scenario "$tag-ikev2-cbc-sha256-pfs-rekeys" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes128-sha256-x25519 esp_proposals=aes128-sha256-x25519 \
    rekey_child=yes rekey_ike=yes

  run_scenario "$tag-ikev2-aes256gcm-ecp256" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes256gcm16-prfsha384-ecp256 esp_proposals=aes256gcm16 tcp_bytes=0

  run_scenario "$tag-ikev2-rekey-by-responder" tunnel_scenario "${roles[@]}" \
    version=2 rekey_child=yes rekey_from=right tcp_bytes=0

  run_scenario "$tag-ikev2-nat" tunnel_scenario "${roles[@]}" topology=nat version=2 rekey_child=yes

  run_scenario "$tag-ikev2-ipv6" tunnel_scenario "${roles[@]}" family=6 version=2

  run_scenario "$tag-ikev1-main-mode" tunnel_scenario "${roles[@]}" \
    version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 rekey_child=yes

  run_scenario "$tag-ikev1-aggressive" tunnel_scenario "${roles[@]}" \
    version=1 aggressive=yes proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

  run_scenario "$tag-ikev1-nat-pfs" tunnel_scenario "${roles[@]}" topology=nat \
    version=1 proposals=aes256-sha256-modp2048 esp_proposals=aes128gcm16-modp2048

  if [[ "$tag" == oak-init ]]; then
    fail_logs=(fail_log_left="$OAKLEY_AUTH_FAIL_INITIATOR")
  else
    fail_logs=(fail_log_right="$OAKLEY_AUTH_FAIL_RESPONDER")
  fi
  run_scenario "$tag-ikev2-auth-failure" auth_failure_scenario "${roles[@]}" version=2 "${fail_logs[@]}"

  run_scenario "$tag-ikev2-ike-loss" tunnel_scenario "${roles[@]}" version=2 loss=20 tcp_bytes=0 \
    charon_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6" \
    oakley_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6"
done

harness_finish
