// oakley's own daemon settings, from the "oakley { }" section of swanctl.conf. strongSwan keeps
// these in strongswan.conf's charon section; the names and defaults follow charon's where it has
// the same setting (retransmit_*, cookie_threshold, block_threshold, keep_alive, ...).
// examples/README.md documents every key.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/algorithm_ids.hpp"
#include "common/ip_address.hpp"
#include "common/log.hpp"
#include "config/location.hpp"
#include "config/values.hpp"

namespace oakley::config {

enum class Dataplane : std::uint8_t { kTun, kXfrm, kNone };

struct DaemonSettings {
  SourceLocation location;  // of the oakley section, if present
  std::vector<IpAddress> listen = {IpAddress::any(IpAddress::Family::kV4),
                                   IpAddress::any(IpAddress::Family::kV6)};
  std::uint16_t port = 500;
  std::uint16_t port_nat_t = 4500;
  // IKE retransmission (charon's formula): timeout * base^(n-1), at most `limit` (0: no limit),
  // minus up to `jitter` percent, `tries` times.
  std::uint32_t retransmit_tries = 5;
  std::chrono::milliseconds retransmit_timeout{4000};
  double retransmit_base = 1.8;
  std::uint32_t retransmit_jitter = 0;  // percent
  std::chrono::milliseconds retransmit_limit{0};
  Seconds half_open_timeout{30};
  bool dos_protection = true;
  std::uint32_t cookie_threshold = 30;     // half-open IKE SAs before cookies are demanded
  std::uint32_t cookie_threshold_ip = 3;   // ... from one peer address
  std::uint32_t block_threshold = 5;       // half-open IKE SAs allowed per peer address
  std::uint32_t init_limit_half_open = 0;  // drop IKE_SA_INIT beyond this many half-open (0: off)
  // IKEv1 has no cookie exchange: MM1/AM1 beyond this many half-open ISAKMP SAs are dropped, and
  // responders start at most this many DH computations per second (0: no limit, either).
  std::uint32_t ikev1_half_open_limit = 1000;
  std::uint32_t ikev1_dh_rate = 100;
  bool aggressive_mode_psk = false;  // i_dont_care_about_security_and_use_aggressive_mode_psk
  // As charon's option: announce RFC 7427 (SIGNATURE_HASH_ALGORITHMS) in IKEv2. Off, peers sign
  // with the classic methods (RSA with SHA-1, ECDSA per RFC 4754) for us.
  bool signature_authentication = true;
  std::string control_socket = "/run/oakley/oakley.ctl";
  std::uint32_t replay_window = 64;  // default for children that do not set replay_window
  Dataplane dataplane = Dataplane::kTun;
  std::string tun_name = "oakley";  // prefix: oakley0, oakley1 ...
  std::uint32_t tun_mtu = 1400;
  std::uint32_t worker_threads = 0;     // crypto workers; 0: one per core
  std::uint32_t dataplane_threads = 0;  // ESP workers; 0: one per core
  bool install_routes = true;
  // Routes into the TUN device go to this table (0 or 254: main), reached by a rule of this
  // priority that packets marked `fwmark` (oakleyd's own IKE and ESP) skip.
  std::uint32_t routing_table = 220;
  std::uint32_t routing_table_prio = 220;
  std::uint32_t fwmark = 0x220;
  Seconds keep_alive{20};              // NAT keepalive interval; 0 disables
  std::uint32_t fragment_size = 1280;  // IKE fragmentation: maximum IKE packet size
  // Largest IKE message we accept, as one datagram or reassembled from fragments (charon's
  // max_packet and its default): what one peer can make us hold per message.
  std::uint32_t max_packet = 10000;
  std::uint32_t max_fragments = 32;  // Total Fragments accepted in one IKEv2 message (RFC 7383)
  log::Level log_level = log::Level::kInfo;
  std::uint32_t ikesa_table_size = 1024;  // initial IKE SA table buckets
  // Least privilege: once sockets, TUN device and control socket are open, oakleyd switches to
  // this user and group (empty: stays root) keeping only CAP_NET_ADMIN. Read at start only.
  std::string user;
  std::string group;
  // Drop cleartext packets from a protected remote subnet to a protected local one that did not
  // come through the tunnel (nftables table "inet oakley_<device>"), as a kernel IPsec policy
  // would.
  bool drop_cleartext = true;
  // Revocation checking: one HTTP fetch (OCSP request or CRL download) gives up after this; all
  // fetches for one peer authentication together after twice this (the responder's half-open
  // IKE SA lives 30 s by default).
  std::chrono::milliseconds fetch_timeout{10000};
  // Weak ciphers from OpenSSL's legacy provider that proposals may use: single DES, Blowfish,
  // CAST-128 (legacy_ciphers = des, blowfish, cast). None by default.
  std::vector<EncrId> legacy_ciphers;
  // The Prometheus endpoint (GET /metrics) on this address and port; unset: off.
  std::optional<Endpoint> metrics;
  // Wireshark key export (secrets). On, the keys of SAs set up from then on are kept (wiped when
  // the SA goes) so `oakctl export-keys` can write them; with a folder, its ikev2_decryption_table,
  // ikev1_decryption_table and esp_sa files are rewritten on every change.
  bool export_keys = false;
  std::string export_keys_dir;
  bool keys_exported() const { return export_keys || !export_keys_dir.empty(); }
};

std::string_view dataplane_name(Dataplane d);

}  // namespace oakley::config
