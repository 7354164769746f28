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
# IKEv1: the responder cannot decrypt MM5 and says AUTHENTICATION-FAILED in the clear
OAKLEY_V1_AUTH_FAIL_RESPONDER="most likely the peer's pre-shared key differs from ours"
OAKLEY_V1_AUTH_FAIL_INITIATOR='peer refused Phase 1 with AUTHENTICATION-FAILED'
OAKLEY_V2_UNTRUSTED_INITIATOR='does not chain to "C=CH, O=Oakley Test, CN=Oakley Test CA"'
OAKLEY_V2_UNTRUSTED_RESPONDER='peer reports AUTHENTICATION_FAILED'
OAKLEY_V1_UNTRUSTED_INITIATOR='does not chain to "C=CH, O=Oakley Test, CN=Oakley Test CA"'
OAKLEY_V1_UNTRUSTED_RESPONDER='peer refused our Phase 1 authentication with AUTHENTICATION-FAILED|ISAKMP SA .* deleted: deleted by the peer'
# disjoint proposals: the responder names both sides' proposals, the initiator what it offered
NOPROP_L2=aes128gcm16-prfsha256-x25519 NOPROP_R2=aes256-sha384-ecp384
NOPROP_L1=aes128-sha256-modp2048 NOPROP_R1=aes256-sha384-ecp384
OAKLEY_NOPROP2_RESPONDER='no common proposal: peer offered AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519; we accept AES_CBC_256/PRF_HMAC_SHA2_384/HMAC_SHA2_384_192/ECP_384'
OAKLEY_NOPROP2_INITIATOR='peer answered NO_PROPOSAL_CHOSEN \(we offered AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519\)'
OAKLEY_NOPROP1_RESPONDER='no acceptable proposal: peer offered AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048 .*; we accept AES_CBC_256/PRF_HMAC_SHA2_384/HMAC_SHA2_384_192/ECP_384'
OAKLEY_NOPROP1_INITIATOR='peer refused Phase 1 with NO-PROPOSAL-CHOSEN \(we offered AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048'
both=(left=oakley right=oakley)
fail_logs() { # KIND -> fail_log_left=OAKLEY_KIND_INITIATOR fail_log_right=OAKLEY_KIND_RESPONDER
  local i=OAKLEY_${1}_INITIATOR r=OAKLEY_${1}_RESPONDER
  echo "fail_log_left=${!i}"
  echo "fail_log_right=${!r}"
}

# ---- IKEv2 ----
run_scenario ikev2-gcm-x25519 tunnel_scenario "${both[@]}" \
  version=2 proposals=aes128gcm16-prfsha256-x25519 esp_proposals=aes128gcm16 rekey_child=yes

run_scenario ikev2-cbc-sha256-pfs-rekeys tunnel_scenario "${both[@]}" \
  version=2 proposals=aes128-sha256-x25519 esp_proposals=aes128-sha256-x25519 \
  rekey_child=yes rekey_ike=yes

run_scenario ikev2-aes256-sha256-modp2048 tunnel_scenario "${both[@]}" \
  version=2 proposals=aes256-sha256-modp2048 esp_proposals=aes256-sha256

run_scenario ikev2-aes256gcm-ecp384 tunnel_scenario "${both[@]}" \
  version=2 proposals=aes256gcm16-prfsha384-ecp384 esp_proposals=aes256gcm16

run_scenario ikev2-chacha20poly1305-x25519 tunnel_scenario "${both[@]}" \
  version=2 proposals=chacha20poly1305-prfsha256-x25519 esp_proposals=chacha20poly1305

run_scenario ikev2-rekey-by-responder tunnel_scenario "${both[@]}" \
  version=2 rekey_child=yes rekey_from=right tcp_bytes=0

run_scenario ikev2-delete-by-responder tunnel_scenario "${both[@]}" \
  version=2 terminate_from=right tcp_bytes=0

run_scenario ikev2-rekey-during-transfer tunnel_scenario "${both[@]}" \
  version=2 tcp_bytes=0 rekey_child=yes rekey_during_transfer=yes

run_scenario ikev2-nat tunnel_scenario "${both[@]}" topology=nat version=2 rekey_child=yes

run_scenario ikev2-forced-encap tunnel_scenario "${both[@]}" version=2 encap=yes tcp_bytes=0

run_scenario ikev2-ipv6 tunnel_scenario "${both[@]}" family=6 version=2

mapfile -t logs < <(fail_logs AUTH_FAIL)
run_scenario ikev2-auth-failure auth_failure_scenario "${both[@]}" version=2 "${logs[@]}"

mapfile -t logs < <(fail_logs NOPROP2)
run_scenario ikev2-no-proposal no_proposal_scenario "${both[@]}" version=2 \
  proposals_left=$NOPROP_L2 proposals_right=$NOPROP_R2 "${logs[@]}"

run_scenario ikev2-ike-loss tunnel_scenario "${both[@]}" version=2 loss=20 tcp_bytes=0 \
  oakley_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6"

# ---- IKEv1 ----
# Quick Mode without PFS; the Phase 2 rekey runs while a ping (every 50 ms) loses nothing
run_scenario ikev1-main-mode tunnel_scenario "${both[@]}" \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 rekey_child=yes rekey_ping=yes

run_scenario ikev1-3des-sha1-modp1024 tunnel_scenario "${both[@]}" \
  version=1 proposals=3des-sha1-modp1024 esp_proposals=3des-sha1

run_scenario ikev1-aggressive tunnel_scenario "${both[@]}" \
  version=1 aggressive=yes proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

# Quick Mode with PFS
run_scenario ikev1-nat-pfs tunnel_scenario "${both[@]}" topology=nat \
  version=1 proposals=aes256-sha256-modp2048 esp_proposals=aes128gcm16-modp2048

run_scenario ikev1-two-children tunnel_scenario "${both[@]}" \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 second_child=yes tcp_bytes=0

run_scenario ikev1-delete-by-responder tunnel_scenario "${both[@]}" \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 terminate_from=right \
  tcp_bytes=0

run_scenario ikev1-dpd-dead-peer dpd_scenario "${both[@]}" \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

# the responder lowers the initiator's 2400 s with RESPONDER-LIFETIME; both sides use 1200 s
run_scenario ikev1-lifetime-lowering lifetime_scenario "${both[@]}" \
  life_initiator=2400 life_responder=1200 expect_life_left=1200 expect_life_right=1200 \
  lifetime_log_right='CHILD_SA net: peer proposed 2400s, our limit is 1200s: lowering it with RESPONDER-LIFETIME' \
  lifetime_log_left='responder lowered the lifetime of CHILD_SA net: proposed 2400s, using 1200s'

mapfile -t logs < <(fail_logs V1_AUTH_FAIL)
run_scenario ikev1-auth-failure auth_failure_scenario "${both[@]}" version=1 \
  proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 "${logs[@]}"

run_scenario ikev2-virtual-ip virtual_ip_scenario "${both[@]}" version=2

run_scenario ikev2-rsa-certificates tunnel_scenario "${both[@]}" version=2 auth=rsa tcp_bytes=0
run_scenario ikev2-ed25519-certificates tunnel_scenario "${both[@]}" version=2 auth=ed25519 tcp_bytes=0
mapfile -t logs < <(fail_logs V2_UNTRUSTED)
run_scenario ikev2-untrusted-certificate untrusted_cert_scenario "${both[@]}" version=2 "${logs[@]}"

run_scenario ikev1-virtual-ip virtual_ip_scenario "${both[@]}" version=1 \
  proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

run_scenario ikev1-xauth virtual_ip_scenario "${both[@]}" version=1 xauth=yes \
  proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256
run_scenario ikev1-xauth-wrong-password xauth_failure_scenario "${both[@]}" version=1 \
  proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

run_scenario ikev1-rsa-certificates tunnel_scenario "${both[@]}" \
  version=1 auth=rsa proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 tcp_bytes=0

run_scenario ikev1-ecdsa384-certificates tunnel_scenario "${both[@]}" \
  version=1 auth=ecdsa384 proposals=aes256-sha384-ecp384 esp_proposals=aes256gcm16 tcp_bytes=0

mapfile -t logs < <(fail_logs V1_UNTRUSTED)
run_scenario ikev1-untrusted-certificate untrusted_cert_scenario "${both[@]}" version=1 \
  proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 "${logs[@]}"

mapfile -t logs < <(fail_logs NOPROP1)
run_scenario ikev1-no-proposal no_proposal_scenario "${both[@]}" version=1 \
  proposals_left=$NOPROP_L1 proposals_right=$NOPROP_R1 esp_proposals=aes128-sha256 "${logs[@]}"

harness_finish
