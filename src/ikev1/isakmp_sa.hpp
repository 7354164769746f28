// One ISAKMP SA (IKEv1 Phase 1): its cookies, endpoints, negotiated algorithms and keys, the
// exchanges running on it (Phase 1 under message ID 0, each Quick Mode under its own), and the
// IPsec SA pairs it negotiated. Touched only on the engine's loop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/ip_address.hpp"
#include "common/secret.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/hash.hpp"
#include "ike/identity.hpp"
#include "ike/key_log.hpp"
#include "ike/proposal.hpp"
#include "ike/retransmitter.hpp"
#include "ikev1/child_sa.hpp"
#include "ikev1/crypter.hpp"
#include "ikev1/exchange.hpp"
#include "wire/ikev1/constants.hpp"

namespace oakley::ikev1 {

enum class IsakmpState : std::uint8_t {
  kNegotiating,  // Phase 1 under way
  kEstablished,  // authenticated; Quick Modes and informational exchanges run on it
  kRekeyed,      // a newer ISAKMP SA replaced it; it is being deleted
  kDeleted,      // deleted, but still the home of IPsec SAs that live out their own lifetimes
};
std::string_view isakmp_state_name(IsakmpState s);

// RFC 2409 and RFC 4754: ECDSA's method names the curve (and hash) of the signer's key.
enum class AuthMethod : std::uint8_t { kPsk, kRsaSig, kEcdsa256, kEcdsa384, kEcdsa521 };
inline bool is_signature(AuthMethod m) {
  return m != AuthMethod::kPsk;
}
std::string_view auth_method_name(AuthMethod m);

// XAuth (draft-beaulieu-ike-xauth-02) on top of the Phase 1 method, as its method number says:
// XAUTHInit* make the Phase 1 initiator the XAuth client (the user), XAUTHResp* the responder.
enum class XauthMode : std::uint8_t { kNone, kInitiatorIsClient, kResponderIsClient };
enum class XauthState : std::uint8_t {
  kNotUsed,
  kPending,    // Phase 1 authenticated; the gateway's XAuth transactions still to come
  kSucceeded,  // the gateway accepted the user: Mode Config and Quick Mode may follow
  kFailed,     // refused or never completed: the SA is being deleted
};

// What the peer announced with vendor IDs.
struct PeerFeatures {
  bool nat_t = false;  // RFC 3947
  bool nat_t_draft_only = false;
  bool dpd = false;
  bool xauth = false;
  bool unity = false;
  bool fragmentation = false;
};

// The state of one exchange (one message ID) on the SA.
struct ExchangeRecord {
  ExchangeRecord(std::uint32_t message_id, TimerService& timers,
                 const ike::RetransmitSettings& settings)
      : mid(message_id), retransmitter(timers, settings) {}
  std::uint32_t mid;
  bool we_initiated = false;
  std::unique_ptr<Exchange> handler;  // null once the exchange completed
  Bytes iv;                           // CBC IV for the exchange's next message
  Bytes last_received;                // the last message processed, as received
  Bytes last_sent;                    // our last message, as sent
  bool last_sent_answers = false;     // last_sent answers last_received: resend on a duplicate
  ike::Retransmitter retransmitter;
  TimerId linger_timer = 0;  // a completed Quick Mode stays to answer retransmits, then goes
};

class IsakmpSa {
 public:
  IsakmpSa(std::uint32_t sa_id, bool we_initiate) : id(sa_id), initiator(we_initiate) {}
  IsakmpSa(const IsakmpSa&) = delete;
  IsakmpSa& operator=(const IsakmpSa&) = delete;

  // --- identity of the SA ---
  const std::uint32_t id;  // for oakctl; from the ike::SaIds both engines share
  const bool initiator;
  std::uint64_t icookie = 0;
  std::uint64_t rcookie = 0;
  ike::KeyLog* key_log = nullptr;  // gets the Phase 1 key (Wireshark export)
  std::uint64_t our_cookie() const { return initiator ? icookie : rcookie; }
  bool aggressive = false;
  std::shared_ptr<const credentials::LoadedConfig> config_snapshot;  // keeps `connection` alive
  const config::Connection* connection = nullptr;
  std::string name() const { return connection ? connection->name : std::string("?"); }
  IsakmpState state = IsakmpState::kNegotiating;

  Endpoint local;
  Endpoint remote;
  bool nat_local = false;   // we are behind a NAT
  bool nat_remote = false;  // the peer is behind a NAT (or fakes it, as charon's libipsec does)
  bool nat_any() const { return nat_local || nat_remote; }
  PeerFeatures peer;

  // --- negotiated ---
  ike::Proposal proposal;  // encr, integ (the hash), prf (its HMAC), dh
  AuthMethod auth = AuthMethod::kPsk;
  XauthMode xauth_mode = XauthMode::kNone;
  XauthState xauth = XauthState::kNotUsed;
  std::string xauth_user;  // the user the gateway accepted
  bool xauth_client() const {
    return xauth_mode ==
           (initiator ? XauthMode::kInitiatorIsClient : XauthMode::kResponderIsClient);
  }
  bool xauth_server() const { return xauth_mode != XauthMode::kNone && !xauth_client(); }
  bool xauth_pending() const { return xauth == XauthState::kPending; }
  // Established and, where XAuth is used, the user accepted: the SA may carry Quick Modes.
  bool ready() const {
    return state == IsakmpState::kEstablished &&
           (xauth == XauthState::kNotUsed || xauth == XauthState::kSucceeded);
  }
  // The peer sent INITIAL-CONTACT; acted on once the SA is ready (before XAuth succeeded any
  // holder of a group PSK could have sent it).
  bool initial_contact = false;
  PrfId prf{};
  crypto::HashAlg hash{};
  std::uint64_t lifetime_seconds = 0;  // 0: none
  std::uint64_t lifetime_kilobytes = 0;
  SecretBytes skeyid_d, skeyid_a;
  std::optional<Crypter> crypter;
  Bytes phase1_last_block;  // the last CBC block of Phase 1: base of every Phase 2 IV
  ike::WireId local_id, remote_id;
  config::Identity remote_identity;  // printable form of remote_id
  // Virtual IPs (Mode Config); a Phase 1 rekey hands them to the new SA.
  std::vector<IpAddress> local_vips;  // the peer assigned them to us; on our TUN device
  struct PeerVip {
    std::string pool;
    IpAddress address;
  };
  std::vector<PeerVip> peer_vips;   // we leased them to the peer from our pools
  std::vector<IpAddress> peer_dns;  // DNS servers the peer sent (ike::kMaxPeerDns at most)

  // --- exchanges, by message ID (Phase 1 is 0) ---
  std::map<std::uint32_t, std::unique_ptr<ExchangeRecord>> exchanges;
  ExchangeRecord* exchange(std::uint32_t mid);
  // Every message ID used on the SA, either way: a replayed QM1 or INFORMATIONAL verifies (its
  // HASH covers only the message), so any ID seen before is refused for the SA's whole life.
  // Only authenticated messages add one; at kMaxMessageIds the SA is retired (see Engine).
  static constexpr std::size_t kMaxMessageIds = 10'000;
  std::unordered_set<std::uint32_t> used_mids;
  bool mid_used(std::uint32_t mid) const { return used_mids.contains(mid); }
  bool mids_exhausted() const { return used_mids.size() >= kMaxMessageIds; }
  void remember_mid(std::uint32_t mid) { used_mids.insert(mid); }
  int busy = 0;  // > 0 while a worker computes for this SA

  // Children to negotiate once Phase 1 is up (initiator), with the operator's completion.
  struct PendingChild {
    const config::Child* child = nullptr;
    std::size_t pair_index = 0;
    std::uint32_t rekeying = 0;  // child id this one replaces
    std::function<void(const Status&)> done;
  };
  std::vector<PendingChild> pending_children;
  std::uint32_t replaces = 0;  // Phase 1 rekey: the id of the ISAKMP SA this one replaces

  // --- IPsec SAs ---
  std::vector<std::unique_ptr<ChildSa>> children;
  ChildSa* find_child(std::uint32_t child_id);
  ChildSa* find_child_by_spi_in(std::uint32_t spi);
  ChildSa* find_child_by_spi_out(std::uint32_t spi);

  // --- lifetime and liveness ---
  TimePoint created_at{};
  TimePoint established_at{};
  TimePoint last_inbound{};   // any authenticated message from the peer
  TimePoint last_outbound{};  // for NAT keepalives
  TimePoint rekey_at{};       // when the rekey timer fires (nothing scheduled: epoch)
  TimePoint expire_at{};      // end of the negotiated lifetime
  TimerId rekey_timer = 0;
  TimerId expire_timer = 0;
  TimerId dpd_timer = 0;
  TimerId keepalive_timer = 0;
  TimerId half_open_timer = 0;
  std::uint32_t dpd_sequence = 0;              // the last R-U-THERE we sent
  std::optional<TimePoint> dpd_unacked_since;  // first R-U-THERE without an ACK
  std::uint64_t dpd_inbound_packets = 0;       // ESP packets seen at the last check
  std::string failure;                         // why it failed, for logs and diagnose
};

// Whether `a` and `b` (of one connection) are ISAKMP SAs with the same peer: the same Phase 1
// identity and, on an XAuth gateway, the same accepted user. A group PSK gives every user one
// Phase 1 identity, so for a gateway the identity alone would make all users one peer; an SA
// whose user is not accepted yet is nobody's.
bool same_peer(const IsakmpSa& a, const IsakmpSa& b);

}  // namespace oakley::ikev1
