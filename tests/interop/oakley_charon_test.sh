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

# How oakleyd words a failed initiation in its log (the real messages; see scenario.sh for charon's).
OAKLEY_AUTH_FAIL_RESPONDER=${OAKLEY_AUTH_FAIL_RESPONDER:-'AUTHENTICATION_FAILED|[Aa]uthentication.*fail'}
OAKLEY_AUTH_FAIL_INITIATOR=${OAKLEY_AUTH_FAIL_INITIATOR:-'AUTHENTICATION_FAILED'}
# IKEv1: oakley as responder cannot decrypt MM5; as initiator it cannot read charon's encrypted answer
OAKLEY_V1_AUTH_FAIL_RESPONDER="most likely the peer's pre-shared key differs from ours"
OAKLEY_V1_AUTH_FAIL_INITIATOR='encrypted notify we cannot read .*most likely its pre-shared key differs from ours'
# the responder's certificate is from a CA the initiator does not trust
OAKLEY_V2_UNTRUSTED_INITIATOR='does not chain to "C=CH, O=Oakley Test, CN=Oakley Test CA"'
OAKLEY_V2_UNTRUSTED_RESPONDER='.'  # charon deletes the IKE_SA it refused; nothing to log here
OAKLEY_V1_UNTRUSTED_INITIATOR='does not chain to "C=CH, O=Oakley Test, CN=Oakley Test CA"'
OAKLEY_V1_UNTRUSTED_RESPONDER='peer refused our Phase 1 authentication with AUTHENTICATION-FAILED|ISAKMP SA .* deleted: deleted by the peer'
# disjoint proposals: the responder names both sides' proposals, the initiator what it offered
NOPROP_L2=aes128gcm16-prfsha256-x25519 NOPROP_R2=aes256-sha384-ecp384
NOPROP_L1=aes128-sha256-modp2048 NOPROP_R1=aes256-sha384-ecp384
OAKLEY_NOPROP2_RESPONDER='no common proposal: peer offered AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519; we accept AES_CBC_256/PRF_HMAC_SHA2_384/HMAC_SHA2_384_192/ECP_384'
OAKLEY_NOPROP2_INITIATOR='peer answered NO_PROPOSAL_CHOSEN \(we offered AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519\)'
OAKLEY_NOPROP1_RESPONDER='no acceptable proposal: peer offered AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048 .*; we accept AES_CBC_256/PRF_HMAC_SHA2_384/HMAC_SHA2_384_192/ECP_384'
OAKLEY_NOPROP1_INITIATOR='peer refused Phase 1 with NO-PROPOSAL-CHOSEN \(we offered AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048'
# charon as an IKEv1 initiator ignores the unprotected AUTHENTICATION-FAILED notify and retransmits
# MM5 until it gives up: make that quick
CHARON_FEW_RETRANSMITS="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 2"

for tag in oak-init oak-resp; do
  if [[ "$tag" == oak-init ]]; then
    roles=(left=oakley right=charon)
    oak=left
  else
    roles=(left=charon right=oakley)
    oak=right
  fi
  # fail_logs KIND: fail_log_<oakley's side>=OAKLEY_KIND_INITIATOR or _RESPONDER, by its role
  fail_logs() {
    local var=OAKLEY_${1}_RESPONDER
    [[ "$oak" != left ]] || var=OAKLEY_${1}_INITIATOR
    echo "fail_log_$oak=${!var}"
  }

  # ---- IKEv2 ----
  run_scenario "$tag-ikev2-gcm-x25519" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes128gcm16-prfsha256-x25519 esp_proposals=aes128gcm16 rekey_child=yes

  run_scenario "$tag-ikev2-cbc-sha256-pfs-rekeys" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes128-sha256-x25519 esp_proposals=aes128-sha256-x25519 \
    rekey_child=yes rekey_ike=yes

  run_scenario "$tag-ikev2-aes256-sha256-modp2048" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes256-sha256-modp2048 esp_proposals=aes256-sha256

  run_scenario "$tag-ikev2-aes256gcm-ecp256" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes256gcm16-prfsha384-ecp256 esp_proposals=aes256gcm16 tcp_bytes=0

  run_scenario "$tag-ikev2-aes256gcm-ecp384" tunnel_scenario "${roles[@]}" \
    version=2 proposals=aes256gcm16-prfsha384-ecp384 esp_proposals=aes256gcm16

  run_scenario "$tag-ikev2-chacha20poly1305-x25519" tunnel_scenario "${roles[@]}" \
    version=2 proposals=chacha20poly1305-prfsha256-x25519 esp_proposals=chacha20poly1305

  # Camellia (RFC 5529) and Brainpool (RFC 6954) against charon's openssl, ccm and ctr plugins:
  # IKE_AUTH under Camellia-CCM (oakley composes it, OpenSSL 3.0 has none) and ESP Camellia-CTR
  # through libipsec (whose ESP has no CCM, and no HMAC_SHA2_256_96 signer for sha256_96 either).
  CHARON_PLUGINS="$CHARON_PLUGINS ctr ccm" \
    run_scenario "$tag-ikev2-camellia-brainpool" tunnel_scenario "${roles[@]}" \
    version=2 proposals=camellia256ccm16-prfsha384-ecp384bp esp_proposals=camellia128ctr-sha256 \
    tcp_bytes=0

  # The legacy-provider ciphers, opt-in on oakley's side: CAST-128 for IKE, Blowfish for ESP,
  # with an RFC 5114 group.
  run_scenario "$tag-ikev2-cast-blowfish" tunnel_scenario "${roles[@]}" \
    version=2 proposals=cast128-sha256-modp2048s224 esp_proposals=blowfish256-sha1 \
    oakley_extra="legacy_ciphers = blowfish, cast" tcp_bytes=0

  run_scenario "$tag-ikev2-rekey-by-responder" tunnel_scenario "${roles[@]}" \
    version=2 rekey_child=yes rekey_from=right tcp_bytes=0

  run_scenario "$tag-ikev2-delete-by-responder" tunnel_scenario "${roles[@]}" \
    version=2 terminate_from=right tcp_bytes=0

  run_scenario "$tag-ikev2-rekey-during-transfer" tunnel_scenario "${roles[@]}" \
    version=2 tcp_bytes=0 rekey_child=yes rekey_during_transfer=yes

  run_scenario "$tag-ikev2-nat" tunnel_scenario "${roles[@]}" topology=nat version=2 rekey_child=yes

  run_scenario "$tag-ikev2-ipv6" tunnel_scenario "${roles[@]}" family=6 version=2

  run_scenario "$tag-ikev2-auth-failure" auth_failure_scenario "${roles[@]}" version=2 "$(fail_logs AUTH_FAIL)"

  run_scenario "$tag-ikev2-no-proposal" no_proposal_scenario "${roles[@]}" version=2 \
    proposals_left=$NOPROP_L2 proposals_right=$NOPROP_R2 "$(fail_logs NOPROP2)"

  run_scenario "$tag-ikev2-ike-loss" tunnel_scenario "${roles[@]}" version=2 loss=20 tcp_bytes=0 \
    charon_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6" \
    oakley_extra="retransmit_timeout = 1.0; retransmit_base = 1.4; retransmit_tries = 6"

  # IKE_AUTH with certificates: DN identities, CERT/CERTREQ, RFC 7427 signatures
  run_scenario "$tag-ikev2-rsa-certificates" tunnel_scenario "${roles[@]}" \
    version=2 auth=rsa tcp_bytes=0
  run_scenario "$tag-ikev2-ecdsa-certificates" tunnel_scenario "${roles[@]}" \
    version=2 auth=ecdsa384 proposals=aes256gcm16-prfsha384-ecp384 esp_proposals=aes256gcm16 tcp_bytes=0
  run_scenario "$tag-ikev2-ed25519-certificates" tunnel_scenario "${roles[@]}" \
    version=2 auth=ed25519 tcp_bytes=0
  run_scenario "$tag-ikev2-untrusted-certificate" untrusted_cert_scenario "${roles[@]}" version=2 \
    "$(fail_logs V2_UNTRUSTED)"

  # road warrior: left asks for a virtual IP, right leases it from a pool (CP, RFC 7296 2.19)
  run_scenario "$tag-ikev2-virtual-ip" virtual_ip_scenario "${roles[@]}" version=2

  # DNS names in remote_addrs on both sides, from each namespace's own hosts file: the initiator
  # resolves the peer's name, the responder matches the connection by what its name resolves to
  run_scenario "$tag-ikev2-dns-names" tunnel_scenario "${roles[@]}" version=2 tcp_bytes=0 \
    remote_addrs_left=right.interop.test remote_addrs_right=left.interop.test \
    hosts_left="192.0.2.2 right.interop.test" hosts_right="192.0.2.1 left.interop.test"

  # start_action = trap without a peer address (%any in IKEv2, a range in IKEv1): oakley initiates
  # to the destination of the packet that hit the trap (charon's behaviour), here charon itself
  if [[ "$tag" == oak-init ]]; then
    run_scenario "$tag-ikev2-trap-any" trap_any_scenario left=oakley right=charon version=2
    run_scenario "$tag-ikev1-trap-range" trap_any_scenario left=oakley right=charon version=1 \
      proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 remote_addrs_left=192.0.2.0/24
  fi

  # ---- IKEv1 ----
  # Quick Mode without PFS; the Phase 2 rekey runs while a ping (every 50 ms) loses nothing
  run_scenario "$tag-ikev1-main-mode" tunnel_scenario "${roles[@]}" \
    version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 rekey_child=yes rekey_ping=yes

  run_scenario "$tag-ikev1-3des-sha1-modp1024" tunnel_scenario "${roles[@]}" \
    version=1 proposals=3des-sha1-modp1024 esp_proposals=3des-sha1

  # Camellia-CBC in Main Mode and Quick Mode (RFC 4312), an RFC 5114 group (subgroup-checked) for
  # Phase 1 and P-224 for PFS
  run_scenario "$tag-ikev1-camellia-rfc5114" tunnel_scenario "${roles[@]}" \
    version=1 proposals=camellia256-sha256-modp2048s256 esp_proposals=camellia128-sha1-ecp224 \
    tcp_bytes=0

  run_scenario "$tag-ikev1-aggressive" tunnel_scenario "${roles[@]}" \
    version=1 aggressive=yes proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

  # Quick Mode with PFS
  run_scenario "$tag-ikev1-nat-pfs" tunnel_scenario "${roles[@]}" topology=nat \
    version=1 proposals=aes256-sha256-modp2048 esp_proposals=aes128gcm16-modp2048

  run_scenario "$tag-ikev1-two-children" tunnel_scenario "${roles[@]}" \
    version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 second_child=yes tcp_bytes=0

  run_scenario "$tag-ikev1-delete-by-responder" tunnel_scenario "${roles[@]}" \
    version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 terminate_from=right \
    tcp_bytes=0

  run_scenario "$tag-ikev1-dpd-dead-peer" dpd_scenario "${roles[@]}" \
    version=1 proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

  # charon (5.9.8) neither sends nor applies RESPONDER-LIFETIME in IKEv1. As responder it keeps
  # its own (shorter) lifetime for its SAs and answers without the notify ("received 2400s
  # lifetime, configured 1200s"), so oakley keeps its 2400 s; as initiator it ignores oakley's
  # RESPONDER-LIFETIME and keeps 2400 s, while oakley lowers its own SAs to 1200 s.
  if [[ "$tag" == oak-init ]]; then
    life=(lifetime_log_right='received 2400s lifetime, configured 1200s')
  else
    life=(lifetime_log_right='CHILD_SA net: peer proposed 2400s, our limit is 1200s: lowering it with RESPONDER-LIFETIME')
  fi
  run_scenario "$tag-ikev1-lifetime-lowering" lifetime_scenario "${roles[@]}" \
    life_initiator=2400 life_responder=1200 expect_life_left=2400 expect_life_right=1200 "${life[@]}"

  run_scenario "$tag-ikev1-auth-failure" auth_failure_scenario "${roles[@]}" version=1 \
    proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 charon_extra="$CHARON_FEW_RETRANSMITS" \
    "$(fail_logs V1_AUTH_FAIL)"

  # Main Mode with certificates: DN identities, CERT/CERTREQ, RSA and ECDSA (RFC 4754) signatures
  run_scenario "$tag-ikev1-rsa-certificates" tunnel_scenario "${roles[@]}" \
    version=1 auth=rsa proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 tcp_bytes=0

  run_scenario "$tag-ikev1-ecdsa-certificates" tunnel_scenario "${roles[@]}" \
    version=1 auth=ecdsa256 proposals=aes256-sha256-ecp256 esp_proposals=aes128gcm16 tcp_bytes=0

  run_scenario "$tag-ikev1-untrusted-certificate" untrusted_cert_scenario "${roles[@]}" version=1 \
    proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 \
    charon_extra="$CHARON_FEW_RETRANSMITS" "$(fail_logs V1_UNTRUSTED)"

  # road warrior over Mode Config (pull): the virtual IP is the client's Quick Mode proxy ID
  run_scenario "$tag-ikev1-virtual-ip" virtual_ip_scenario "${roles[@]}" version=1 \
    proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256

  # remote access with user authentication: XAuth (generic) after Main Mode, then Mode Config
  run_scenario "$tag-ikev1-xauth" virtual_ip_scenario "${roles[@]}" version=1 xauth=yes \
    proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256
  run_scenario "$tag-ikev1-xauth-wrong-password" xauth_failure_scenario "${roles[@]}" version=1 \
    proposals=aes128-sha256-modp2048 esp_proposals=aes128-sha256 charon_extra="$CHARON_FEW_RETRANSMITS"

  run_scenario "$tag-ikev1-no-proposal" no_proposal_scenario "${roles[@]}" version=1 \
    proposals_left=$NOPROP_L1 proposals_right=$NOPROP_R1 esp_proposals=aes128-sha256 "$(fail_logs NOPROP1)"
done

harness_finish
