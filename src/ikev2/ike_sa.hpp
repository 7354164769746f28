// One IKEv2 SA: identities, keys, message-ID state, the queue of exchanges we initiate, the cached
// last response, its CHILD_SAs and timers. All of it is touched only on the engine's loop thread.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/secret.hpp"
#include "config/config.hpp"
#include "credentials/loaded_config.hpp"
#include "crypto/dh.hpp"
#include "ike/completions.hpp"
#include "ike/identity.hpp"
#include "ike/proposal.hpp"
#include "ike/retransmitter.hpp"
#include "ikev2/child_sa.hpp"
#include "ikev2/followup_state.hpp"
#include "ikev2/intermediate_state.hpp"
#include "ikev2/reassembly.hpp"
#include "ikev2/sk_crypter.hpp"
#include "wire/ikev2/message.hpp"

namespace oakley::ikev2 {

class Task;

enum class IkeState : std::uint8_t {
  kCreated,      // responder: IKE_SA_INIT answered, waiting for IKE_AUTH
  kConnecting,   // initiator: IKE_SA_INIT / IKE_AUTH under way
  kEstablished,  // authenticated
  kRekeying,     // an IKE rekey is under way
  kRekeyed,      // replaced by a new IKE SA; waiting for its deletion
  kDeleting,     // we sent (or got) a DELETE for it
};
std::string_view ike_state_name(IkeState s);

struct SentRequest {
  std::uint32_t message_id = 0;
  wire::ikev2::ExchangeType exchange{};
  std::vector<Bytes> packets;  // one, or the fragments
};

struct CachedResponse {
  std::uint32_t message_id = 0;
  wire::ikev2::ExchangeType exchange{};
  std::vector<Bytes> packets;
};

class IkeSa {
 public:
  IkeSa(std::uint32_t sa_id, bool initiator, TimerService& timers,
        const ike::RetransmitSettings& retransmit)
      : id(sa_id), original_initiator(initiator), retransmitter(timers, retransmit) {}
  ~IkeSa();
  IkeSa(const IkeSa&) = delete;
  IkeSa& operator=(const IkeSa&) = delete;

  // --- identity of the SA ---
  const std::uint32_t id;  // unique in the process, for oakctl (#n)
  bool original_initiator;
  std::uint64_t spi_i = 0;
  std::uint64_t spi_r = 0;
  std::uint64_t our_spi() const { return original_initiator ? spi_i : spi_r; }
  std::shared_ptr<const credentials::LoadedConfig> config_snapshot;  // keeps `connection` alive
  const config::Connection* connection = nullptr;
  std::string name() const { return connection ? connection->name : std::string("?"); }

  IkeState state = IkeState::kCreated;
  Endpoint local;
  Endpoint remote;
  bool nat_local = false;   // we are behind a NAT
  bool nat_remote = false;  // the peer is behind a NAT (or fakes it, as charon's libipsec does)
  bool nat_any() const { return nat_local || nat_remote; }
  bool peer_supports_fragmentation = false;
  // RFC 7427: the hash algorithms the peer announced in SIGNATURE_HASH_ALGORITHMS (empty: none,
  // so signatures use the classic methods 1 and 9-11).
  std::vector<std::uint16_t> peer_signature_hashes;
  bool peer_requested_cert = false;  // a CERTREQ arrived (send_cert = ifasked)
  bool peer_requested_ocsp = false;  // a CERTREQ with OCSP content arrived (RFC 4806)

  // --- negotiated ---
  ike::Proposal proposal;  // selected IKE proposal
  PrfId prf{};
  SecretBytes sk_d, sk_pi, sk_pr;
  std::optional<SkCrypter> crypter;
  ike::WireId local_id, remote_id;
  config::Identity remote_identity;  // printable form of remote_id
  std::string peer_auth;             // how the peer proved it ("PSK", "Ed25519 (RFC 7427)")

  // --- virtual IPs (RFC 7296 2.19, 3.15); an IKE rekey hands them to the new SA ---
  std::vector<IpAddress> local_vips;  // the peer assigned them to us; on our TUN device
  struct PeerVip {
    std::string pool;
    IpAddress address;
  };
  std::vector<PeerVip> peer_vips;   // we leased them to the peer from our pools
  std::vector<IpAddress> peer_dns;  // DNS servers the peer sent (ike::kMaxPeerDns at most)

  // --- IKE_SA_INIT material kept until IKE_AUTH is done ---
  Bytes nonce_i, nonce_r;
  Bytes init_request, init_response;  // the messages as sent/received, for AUTH
  std::unique_ptr<crypto::DhKeyPair> dh;
  SecretBytes shared_secret;
  Bytes cookie;     // initiator: the responder's COOKIE to echo
  DhId ke_group{};  // initiator: the group our KE uses (changes on INVALID_KE_PAYLOAD)
  IntermediateState intermediate;  // RFC 9370 additional key exchanges before IKE_AUTH
  void forget_init_material();

  // --- exchanges we initiate: the queue owns message IDs, retransmission and ordering ---
  std::uint32_t next_request_id = 0;  // our next request's message ID
  std::optional<SentRequest> outstanding;
  std::unique_ptr<Task> active;
  std::deque<std::unique_ptr<Task>> queue;
  ike::Retransmitter retransmitter;

  // --- exchanges the peer initiates ---
  std::uint32_t next_peer_request_id = 0;
  std::optional<CachedResponse> last_response;
  int busy = 0;  // > 0 while a worker computes for this SA; new requests wait for retransmits
  // The peer's CREATE_CHILD_SA whose additional key exchanges (RFC 9370 IKE_FOLLOWUP_KE) are
  // under way: one at a time (exchanges/followup_ke.hpp).
  std::unique_ptr<FollowupResponder> followup;

  // --- fragments being reassembled (RFC 7383): the peer's next request and the response to our
  // outstanding one can both be in flight, so each direction has its own ---
  std::array<std::optional<Reassembly>, 2> reassembly;  // [0] requests, [1] responses
  // One expiry timer per direction that outlives the reassemblies it watches: a peer restarting
  // reassemblies packet by packet must not cost a timer (a heap entry until its deadline) each.
  std::array<TimerId, 2> reassembly_timer{};

  // --- CHILD_SAs ---
  std::vector<std::unique_ptr<ChildSa>> children;
  // Children asked for (trap hits, initiate) while our IKE_AUTH is on its way, with the trapped
  // packet's selectors if any and the operator's completions waiting for them: created once we
  // are up.
  using Trigger = std::pair<TrafficSelector, TrafficSelector>;
  struct ChildAfterAuth {
    std::string name;
    std::optional<Trigger> trigger;
    std::vector<ike::Completions::Completion> waiting;
  };
  std::vector<ChildAfterAuth> children_after_auth;
  ChildSa* find_child_by_spi_in(std::uint32_t spi);
  ChildSa* find_child_by_spi_out(std::uint32_t spi);
  ChildSa* find_child(std::uint32_t id);

  // --- lifetime ---
  TimePoint created_at{};
  TimePoint established_at{};
  TimePoint last_inbound{};   // for liveness checks
  TimePoint last_outbound{};  // for NAT keepalives
  TimerId rekey_timer = 0;
  TimerId reauth_timer = 0;
  TimerId expire_timer = 0;  // over_time after rekey/reauth, or the half-open timeout
  TimerId dpd_timer = 0;
  TimerId keepalive_timer = 0;
  // RFC 7296 2.25.2: the peer rekeyed this SA while our own rekey was under way.
  struct RekeyCollision {
    std::uint32_t peer_sa_id = 0;
    Bytes nonce_i, nonce_r;  // of the peer's exchange
  };
  std::optional<RekeyCollision> rekey_collision;
  std::uint32_t keyingtry = 0;  // initiator: which attempt this is (keyingtries)
  std::string failure;          // why it failed, in words, for logs and `oakctl diagnose`
};

}  // namespace oakley::ikev2
