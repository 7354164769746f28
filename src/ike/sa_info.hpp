// A snapshot of an IKE SA and its CHILD_SAs for `oakctl list-sas` (the control layer turns it
// into JSON). Durations are whole seconds; nullopt = not applicable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace oakley::ike {

struct ChildSaInfo {
  std::string name;
  std::uint32_t id = 0;
  std::uint32_t reqid = 0;
  std::string state;
  std::string mode;  // TUNNEL / TRANSPORT
  std::string protocol = "ESP";
  bool udp_encap = false;
  std::uint32_t spi_in = 0, spi_out = 0;
  std::string encr;
  unsigned encr_key_bits = 0;
  std::optional<std::string> integ, dh;
  std::vector<std::string> additional_kes;  // RFC 9370: "KE1_ECP_384", ... (NONE left out)
  bool esn = false;
  std::uint64_t bytes_in = 0, packets_in = 0, bytes_out = 0, packets_out = 0;
  std::uint64_t installed_seconds = 0;
  std::optional<std::int64_t> rekey_in_seconds, expire_in_seconds;
  std::vector<std::string> local_ts, remote_ts;
};

struct IkeSaInfo {
  std::uint32_t id = 0;
  std::string connection;
  int version = 2;
  std::string state;
  std::string role;           // initiator / responder (of this SA: after a rekey, of the rekey)
  std::string local, remote;  // "192.0.2.1[500]"
  std::string local_id, remote_id;
  // IKEv1: the negotiated method ("PSK", "RSA_SIG", "ECDSA_256"); IKEv2: how the peer proved its
  // identity ("PSK", "ECDSA SHA-256 (RFC 7427)").
  std::string auth;
  std::vector<std::string> local_vips, remote_vips;  // virtual IPs: ours, and leased to the peer
  std::uint64_t spi_i = 0, spi_r = 0;
  std::string encr;
  unsigned encr_key_bits = 0;
  std::optional<std::string> integ, prf, dh;
  std::vector<std::string> additional_kes;  // RFC 9370: "KE1_ECP_384", ... (NONE left out)
  std::optional<std::int64_t> established_seconds, rekey_in_seconds, reauth_in_seconds;
  bool nat_local = false, nat_remote = false;
  // An SA that is not up: what it waits for and since when (ike/diagnosis); empty when up.
  std::string summary;
  std::vector<ChildSaInfo> children;
};

}  // namespace oakley::ike
