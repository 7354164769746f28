// What Main Mode and Aggressive Mode share: the material one Phase 1 negotiation gathers, the
// pre-shared key lookup, our ID payload, SKEYID and the keys derived from it, HASH_I/HASH_R
// (RFC 2409 5, 5.4), and their signatures with certificates (RFC 2409 5.1, RFC 4754, RFC 4945).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "credentials/store.hpp"
#include "ike/identity.hpp"
#include "ikev1/dh_work.hpp"
#include "ikev1/exchange.hpp"
#include "ikev1/isakmp_sa.hpp"
#include "ikev1/phase1_proposals.hpp"

namespace oakley::ikev1 {

class ExchangeContext;

struct Phase1Material {
  std::vector<Phase1Transform> offered;  // ours (both roles: the responder's acceptable set)
  Phase1Transform chosen;
  Bytes sa_i_b;      // the initiator's SA payload body, as sent
  Bytes ni_b, nr_b;  // Nonce payload bodies
  Bytes g_xi, g_xr;  // KE payload bodies
  std::shared_ptr<DhWork> dh;
  SecretBytes psk;
  std::string psk_name;  // the secrets section that gave it, for logs
  SecretBytes skeyid;
  Bytes our_id_b;               // our ID payload body, as sent
  bool cert_requested = false;  // the peer sent a CERTREQ (send_cert = ifasked)
};

// --- signatures ---

// Remembers whether a Phase 1 message of the peer carried a CERTREQ.
void note_certreq(Phase1Material& m, const Payloads& payloads);

// CERTREQ payloads naming the CAs we trust for the peer (RFC 4945 3.2.4), or none for PSK.
Payloads certreq_payloads(const IsakmpSa& sa);

// Our authentication payloads for MM5/MM6 (and Aggressive Mode): HASH for a pre-shared key;
// CERT (unless send_cert = never) and SIG over the hash for signatures. `then` gets them on the
// loop: at once for a HASH, after a worker made the signature otherwise (an RSA signature costs
// a millisecond or more, and Aggressive Mode signs for peers not yet authenticated).
using AfterOurAuth = std::function<Outcome(IsakmpSa&, Result<Payloads>)>;
Outcome with_our_auth(IsakmpSa& sa, const Phase1Material& m, ByteView id_b, AfterOurAuth then);

// The part of a signature check that may take long - the peer's certificate chain, its SIG and
// the chain's revocation status (OCSP responders, CRL servers) - as a job for a worker. It holds
// copies of what it needs and the configuration snapshot, never the SA.
struct Phase1SignatureJob {
  std::shared_ptr<const credentials::LoadedConfig> config;
  const config::Connection* conn = nullptr;
  config::Identity peer;
  credentials::PeerCertificates received;
  AuthMethod method{};
  Bytes expected_hash;  // HASH_I or HASH_R, which the SIG signs
  Bytes signature;
  Status result = make_error("the signature check did not run");
  void run();
};

// Checks the peer's HASH, or its certificate and SIG, over its ID payload body, and continues
// with `then` and the outcome: at once for a HASH (or a refusal that needs no work), after a
// worker ran the job for a signature.
using AfterPeerAuth = std::function<Outcome(IsakmpSa&, const Status&)>;
Outcome with_peer_auth(IsakmpSa& sa, const Phase1Material& m, ByteView peer_id_b,
                       const wire::ikev1::IdPayload& peer_id, const Payloads& payloads,
                       AfterPeerAuth then);

// The PSK for `conn` between our address and the peer's: the peer's identity is its ID payload
// when known (Aggressive Mode, or MM5), else the connection's remote id, else (remote id %any) its
// address, as Main Mode must do before MM5. nullopt with the reason in `why`.
std::optional<SecretBytes> find_psk(const config::Config& cfg, const config::Connection& conn,
                                    const IpAddress& local, const IpAddress& peer,
                                    const std::optional<ike::WireId>& peer_id, std::string* name,
                                    std::string* why);

// Our ID payload (configured id, or our address when it is %any); sets sa.local_id.
Result<wire::ikev1::IdPayload> our_id(ExchangeContext& ctx, IsakmpSa& sa);
ike::WireId to_wire_id(const wire::ikev1::IdPayload& id);

// Applies the chosen transform to the SA (algorithms, lifetime).
void adopt_transform(IsakmpSa& sa, const Phase1Transform& t);

// After the DH job: SKEYID and its descendants, the cipher, the Phase 1 IV (into the M-ID 0
// exchange). An error means the peer's KE value was unusable.
Status derive_keys(IsakmpSa& sa, Phase1Material& m, const SecretBytes& g_xy);

Result<Bytes> compute_hash_i(const IsakmpSa& sa, const Phase1Material& m, ByteView id_ii_b);
Result<Bytes> compute_hash_r(const IsakmpSa& sa, const Phase1Material& m, ByteView id_ir_b);

// Verifies the peer's HASH (HASH_R from the initiator's view, HASH_I from the responder's) over
// its ID payload body; the error explains the likely cause (a different PSK).
Status verify_peer_hash(const IsakmpSa& sa, const Phase1Material& m, ByteView peer_id_b,
                        const wire::ikev1::HashPayload* hash);

// The peer's identity: checked against the connection's remote id, stored on the SA. A mismatch
// is recorded for diagnose with both identities.
Status accept_peer_id(ExchangeContext& ctx, IsakmpSa& sa, const wire::ikev1::IdPayload& id);

// RFC 2407 4.6.3.3: INITIAL-CONTACT goes with our identity when we hold no other SA with this
// peer, so it can drop stale state of an earlier life of ours.
bool is_first_contact(ExchangeContext& ctx, const IsakmpSa& sa);
wire::ikev1::Payload initial_contact_payload(const IsakmpSa& sa);

// The nonce of `size` bytes as a payload.
wire::ikev1::Payload make_nonce(std::size_t size, Bytes& body_out);

}  // namespace oakley::ikev1
