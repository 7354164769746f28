// Rekeying the IKE SA with CREATE_CHILD_SA (RFC 7296 1.3.2, 2.18): a new IKE SA with fresh SPIs
// and keys from SK_d and a new DH (plus the RFC 9370 additional key exchanges of its
// IKE_FOLLOWUP_KE exchanges, further steps of the same task: followup_ke.hpp), the CHILD_SAs move
// over, the old SA is deleted by the rekey's initiator; simultaneous rekeys resolved by nonces
// (2.8.1, 2.25.2), or refused with TEMPORARY_FAILURE while additional key exchanges are to come.
#pragma once

#include <memory>

#include "crypto/dh.hpp"
#include "ike/proposal.hpp"
#include "ikev2/exchanges/dh_preparation.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

class IkeRekeyTask final : public Task {
 public:
  explicit IkeRekeyTask(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "IKE_REKEY"; }
  wire::ikev2::ExchangeType exchange() const override {
    return followup_.in_chain() ? wire::ikev2::ExchangeType::kIkeFollowupKe
                                : wire::ikev2::ExchangeType::kCreateChildSa;
  }
  std::function<void()> prepare_for(IkeSa& sa) override;
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;
  void abort(IkeSa& sa, std::string_view why) override;

 private:
  Step fail(IkeSa& sa, const std::string& why);
  Step process_followup(IkeSa& sa, const Payloads& payloads);
  // The new SA's keys are known: creates it, resolves a collision, moves the CHILD_SAs.
  Step complete(IkeSa& old, IkeKeyResult& keys, const ike::Proposal& proposal, std::uint64_t spi_r,
                const Bytes& nonce_r);

  ExchangeContext& ctx_;
  DhId group_ = DhId::kNone;
  std::unique_ptr<crypto::DhKeyPair> dh_;
  DhPreparation prepared_;  // dh_ generated on a worker (background_preparation)
  std::uint64_t new_spi_i_ = 0;
  Bytes nonce_i_;
  std::vector<ike::Proposal> offered_;
  // RFC 9370: the additional key exchanges after the CREATE_CHILD_SA, and what it settled.
  FollowupInitiator followup_;
  ike::Proposal chosen_;
  std::uint64_t spi_r_ = 0;
  Bytes nonce_r_;
  SecretBytes sk0_;
};

std::unique_ptr<Task> make_ike_rekey_task(ExchangeContext& ctx);

// The peer's CREATE_CHILD_SA that rekeys the IKE SA: part of CreateChildSaResponder, which owns
// the exchange type and decides which SA states admit it, and hands IKE SA rekeys over.
class IkeRekeyResponder {
 public:
  explicit IkeRekeyResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  Reply respond(IkeSa& sa, const Request& request);

 private:
  // What the request settles about the new IKE SA.
  struct NewSa {
    ike::Proposal proposal;
    std::uint64_t spi_i = 0, spi_r = 0;
    Bytes nonce_i, nonce_r;
  };
  static std::optional<std::string> busy_with(const IkeSa& sa);
  static Reply refuse(IkeSa& sa, wire::ikev2::NotifyType type, const std::string& why,
                      Bytes data = {});
  Reply at_once(IkeSa& sa, NewSa next, DhId group, const Bytes& peer_public);
  Reply with_followups(NewSa next, DhId group, const Bytes& peer_public);

  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
