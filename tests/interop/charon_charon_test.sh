#!/usr/bin/env bash
# charon <-> charon through the interop harness. It proves the harness (topologies, daemon control,
# SA views, assertions, captures) before oakleyd exists, and records how charon behaves here:
# kernel-libipsec fakes NAT, so IKE floats to 4500 and ESP travels in UDP even without a NAT.
# Run as root:  tests/interop/charon_charon_test.sh      (OAKLEY_INTEROP_ONLY=REGEX picks scenarios)
set -euo pipefail
# shellcheck source=lib/harness.sh
source "$(dirname "$0")/lib/harness.sh"
harness_init oi-cc
require_tools swanctl tcpdump tshark ping

# IKEv2 PSK, AEAD everywhere: ping both ways, checksummed TCP transfer, counters, CHILD_SA rekey
# (without and with PFS) and an IKE SA rekey.
run_scenario ikev2-psk-gcm-x25519 tunnel_scenario \
  version=2 proposals=aes128gcm16-prfsha256-x25519 esp_proposals=aes128gcm16 \
  rekey_child=yes

run_scenario ikev2-cbc-sha256-pfs-rekeys tunnel_scenario \
  version=2 proposals=aes128-sha256-x25519 esp_proposals=aes128-sha256-x25519 \
  rekey_child=yes rekey_ike=yes

# The responder initiates the CHILD_SA rekey: a role the initiator tests miss.
run_scenario ikev2-rekey-by-responder tunnel_scenario \
  version=2 rekey_child=yes rekey_from=right tcp_bytes=0

# Left behind a masquerading NAT (ports translated): right sees 192.0.2.254:4xxxx, ESP in UDP.
run_scenario ikev2-nat tunnel_scenario topology=nat version=2 rekey_child=yes

run_scenario ikev2-ipv6 tunnel_scenario family=6 version=2

# IKEv1 Main Mode PSK, Quick Mode with and without PFS.
run_scenario ikev1-main-mode tunnel_scenario \
  version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 rekey_child=yes

run_scenario ikev1-main-mode-nat-pfs tunnel_scenario topology=nat \
  version=1 proposals=aes256-sha256-modp2048 esp_proposals=aes128gcm16-modp2048

# Mismatched PSK: nothing installed, nothing passes, both logs say why.
run_scenario ikev2-auth-failure auth_failure_scenario version=2

# 20 % of IKE packets dropped in both directions: retransmissions still get the SA up.
run_scenario ikev2-ike-loss tunnel_scenario version=2 loss=20 tcp_bytes=0 \
  charon_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6"

harness_finish
