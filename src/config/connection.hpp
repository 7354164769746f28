// The connection model: what swanctl.conf's connections section says, validated, typed and with
// strongSwan's defaults and derived values applied. Field names follow swanctl.conf's keys.
// Every object keeps the file:line it came from, for the engines' log lines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/address.hpp"
#include "config/identity.hpp"
#include "config/location.hpp"
#include "config/proposal.hpp"
#include "config/pubkey_constraints.hpp"
#include "config/traffic_selector.hpp"
#include "config/values.hpp"

namespace oakley::config {

enum class IkeVersion : std::uint8_t {
  kAny = 0,
  kIkev1 = 1,
  kIkev2 = 2
};  // 0: respond to both,
    // initiate IKEv2
enum class AuthClass : std::uint8_t { kPubkey, kPsk, kXauth, kEap, kNull };

// One local<suffix> or remote<suffix> section: an authentication round.
struct AuthRound {
  std::string name;  // "local", "local-xauth", "remote2"
  SourceLocation location;
  std::uint32_t round = 0;  // sort key; rounds are sorted by it, then by file order
  AuthClass auth = AuthClass::kPubkey;
  std::string auth_text = "pubkey";  // as written: "psk", "eap-mschapv2", "xauth-pam", "ecdsa-384"
  std::string method;  // "mschapv2" for eap-mschapv2, "pam" for xauth-pam, "" otherwise
  // pubkey rounds: the constraints in auth_text ("pubkey-sha256"); remote: what the peer's chain
  // and AUTH must satisfy; local: the IKEv2 signature schemes we may use.
  PubkeyConstraints constraints;
  // Local: our identity; unset (%any) means the IKE address, as strongSwan does.
  // Remote: the identity the peer must prove; %any or a wildcard pattern accepts many.
  Identity id = Identity::any();
  std::optional<Identity> eap_id;    // defaults to id
  std::optional<Identity> aaa_id;    // local only
  std::optional<Identity> xauth_id;  // local only; defaults to id
  std::optional<Identity> ca_id;     // remote only: a CA the peer's chain must contain
  std::vector<std::string> certs;    // file names (x509 folder) or absolute paths
  std::vector<std::string> cacerts;  // remote only
  std::vector<std::string> pubkeys;
  std::vector<std::string> cert_policy;  // remote only: OIDs the peer's certificate must have
  // strongSwan's semantics: relaxed fails only on a revoked certificate, ifuri also when a CRL or
  // OCSP URI exists but no status could be had, strict whenever the status is not known good.
  enum class Revocation : std::uint8_t {
    kRelaxed,
    kIfUri,
    kStrict
  } revocation = Revocation::kRelaxed;
};

enum class ChildMode : std::uint8_t { kTunnel, kTransport, kPass, kDrop };
// dpd_action / close_action. strongSwan calls "clear" ACTION_NONE.
enum class ChildAction : std::uint8_t { kClear, kTrap, kRestart };
enum class CopyDscp : std::uint8_t { kOut, kIn, kYes, kNo };

struct StartAction {
  bool trap = false;   // install trap policies: traffic triggers the tunnel
  bool start = false;  // initiate when the configuration is loaded
  bool operator==(const StartAction&) const = default;
};

// XFRM interface ids: a number, or %unique / %unique-dir (a fresh one per CHILD_SA/direction).
struct InterfaceId {
  enum class Kind : std::uint8_t { kFixed, kUnique, kUniqueDir } kind = Kind::kFixed;
  std::uint32_t value = 0;
  bool operator==(const InterfaceId&) const = default;
};

struct Child {
  std::string name;
  SourceLocation location;
  std::vector<TrafficSelectorSpec> local_ts;   // default: dynamic
  std::vector<TrafficSelectorSpec> remote_ts;  // default: dynamic
  std::vector<Proposal> esp_proposals;         // default: ESP default (unless ah_proposals is set)
  std::vector<Proposal> ah_proposals;          // default: none
  ChildMode mode = ChildMode::kTunnel;
  StartAction start_action;
  ChildAction dpd_action = ChildAction::kClear;
  ChildAction close_action = ChildAction::kClear;
  // Lifetimes after strongSwan's derivation: life = rekey + 10% unless set, rand = life - rekey
  // unless set. 0 disables that limit.
  Seconds rekey_time{3600};
  Seconds life_time{3960};
  Seconds rand_time{360};
  std::uint64_t rekey_bytes = 0, life_bytes = 0, rand_bytes = 0;
  std::uint64_t rekey_packets = 0, life_packets = 0, rand_packets = 0;
  std::uint32_t replay_window = 64;  // unset: the oakley section's replay_window
  bool policies = true;
  bool policies_fwd_out = false;
  Seconds inactivity{0};
  std::uint32_t reqid = 0;  // 0: allocated dynamically
  std::uint32_t priority = 0;
  std::string interface;
  // A command run by /bin/sh when a CHILD_SA comes up or goes down (strongSwan's updown plugin
  // environment); empty: none. `hostaccess` only sets PLUTO_HOST_ACCESS=1 for it.
  std::string updown;
  bool hostaccess = false;
  // XFRM interface ids: only the default (0) loads, the TUN data plane has no interfaces.
  InterfaceId if_id_in, if_id_out;
  bool copy_df = true;
  bool copy_ecn = true;
  CopyDscp copy_dscp = CopyDscp::kOut;
  // charon's sha256_96: a negotiated HMAC_SHA2_256_128 is installed with a 96-bit ICV, for peers
  // with the pre-RFC 4868 Linux truncation. Not negotiated; both sides must agree.
  bool sha256_96 = false;
  bool has_pfs() const;  // a DH group in the ESP/AH proposals
};

enum class Fragmentation : std::uint8_t { kNo, kAccept, kYes, kForce };
enum class Childless : std::uint8_t { kAllow, kForce, kNever };
enum class SendCert : std::uint8_t { kIfAsked, kAlways, kNever };
enum class Unique : std::uint8_t { kNo, kNever, kKeep, kReplace };
// RFC 4806 OCSP content in IKEv2 (strongSwan 6's `ocsp`): request the peer's OCSP response with a
// CERTREQ, and/or send ours in a CERT when the peer asks.
enum class OcspMode : std::uint8_t { kNo, kRequest, kReply, kBoth };

struct Connection {
  std::string name;
  SourceLocation location;
  IkeVersion version = IkeVersion::kAny;
  std::vector<AddressSpec> local_addrs;   // default: %any
  std::vector<AddressSpec> remote_addrs;  // default: %any
  std::uint16_t local_port = 500;
  std::uint16_t remote_port = 500;
  std::vector<Proposal> proposals;  // default: the IKE default proposals
  std::vector<IpAddress> vips;      // virtual IPs to request (0.0.0.0 / :: for any)
  bool aggressive = false;
  bool pull = true;
  std::uint8_t dscp = 0;  // 6 bits, for outgoing IKE packets
  bool encap = false;     // force UDP encapsulation by faking NAT detection
  bool mobike = true;     // strongSwan's default; MOBIKE is not implemented (never offered)
  Seconds dpd_delay{0};
  Seconds dpd_timeout{0};  // IKEv1 only
  Fragmentation fragmentation = Fragmentation::kYes;
  Childless childless = Childless::kAllow;
  bool send_certreq = true;
  SendCert send_cert = SendCert::kIfAsked;
  OcspMode ocsp = OcspMode::kReply;
  std::uint32_t keyingtries = 1;  // 0: forever
  Unique unique = Unique::kNo;
  // After strongSwan's derivation: rekey 4h unless reauth_time is set (then 0); over_time = 10%
  // of the longer of rekey/reauth; rand_time = min(over_time, half the shorter non-zero one).
  Seconds reauth_time{0};
  Seconds rekey_time{14400};
  Seconds over_time{1440};
  Seconds rand_time{1440};
  std::vector<std::string> pools;   // names from the pools section
  InterfaceId if_id_in, if_id_out;  // only the default loads (see Child)
  std::vector<AuthRound> local;     // sorted by round; at least one
  std::vector<AuthRound> remote;    // sorted by round; at least one
  std::vector<Child> children;

  const Child* find_child(std::string_view child_name) const;
  // The first remote address that names one host: where an initiator sends IKE_SA_INIT.
  std::optional<IpAddress> remote_host() const;
  // remote_addrs names a peer to initiate to: a single address or a DNS name.
  bool can_initiate() const;
  // local_addrs or remote_addrs has a DNS name (the engines resolve it, never the loader).
  bool has_dns_names() const;
};

}  // namespace oakley::config
