// RFC 9370 additional key exchanges during IKE SA establishment: IKE_SA_INIT negotiates the
// ADDKE1..7 transforms and carries the first key exchange only; then one IKE_INTERMEDIATE
// exchange (RFC 9242) per additional key exchange, each mixing its shared secret into new keys:
//   SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr), keys = prf+(SKEYSEED(n), Ni | Nr | SPIi | SPIr)
// and each message chained into the IntAuth values that IKE_AUTH's AUTH payloads cover
// (ikev2/int_auth.hpp). Both peers announce INTERMEDIATE_EXCHANGE_SUPPORTED in IKE_SA_INIT.
#pragma once

#include <memory>
#include <vector>

#include "ike/proposal.hpp"
#include "ikev2/exchanges/dh_preparation.hpp"
#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

wire::ikev2::Payload intermediate_supported_notify();

// Initiator, IKE_SA_INIT answered: what the chosen proposal needs. An error when it has
// additional key exchanges but the responder did not announce IKE_INTERMEDIATE support.
Status note_intermediate_exchanges(IkeSa& sa, const Payloads& init_response);
// Initiator, IKE_SA_INIT keys in place: puts one IKE_INTERMEDIATE task per additional key
// exchange ahead of IKE_AUTH.
void queue_intermediate_exchanges(ExchangeContext& ctx, IkeSa& sa);

// Proposals as they can be done without additional key exchanges: a proposal that requires one
// is dropped, optional ones (NONE among them) are reduced to NONE. Used where no additional key
// exchange can follow: IKE_SA_INIT without INTERMEDIATE_EXCHANGE_SUPPORTED. (CREATE_CHILD_SA
// does them in IKE_FOLLOWUP_KE exchanges, followup_ke.hpp.)
std::vector<ike::Proposal> without_additional_ke(std::vector<ike::Proposal> ps);

// Responder: the initiator's proposals it can accept. Without INTERMEDIATE_EXCHANGE_SUPPORTED a
// proposal that requires an additional key exchange cannot be done, and optional ones (NONE
// among them) are reduced to NONE.
std::vector<ike::Proposal> acceptable_without_intermediate(std::vector<ike::Proposal> theirs,
                                                           const Payloads& init_request);

// The IKE_AUTH message ID's part of AUTH (RFC 9242 3.3.2): sets sa.intermediate.auth_octets.
void prepare_intermediate_auth(IkeSa& sa, std::uint32_t ike_auth_mid);

class IkeIntermediateTask final : public Task {
 public:
  IkeIntermediateTask(ExchangeContext& ctx, DhId group) : ctx_(ctx), group_(group) {}
  std::string_view name() const override { return "IKE_INTERMEDIATE"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeIntermediate;
  }
  std::function<void()> background_preparation() override { return dh_prep_.job(group_); }
  Result<Payloads> build_request(IkeSa& sa) override;
  Step process_response(IkeSa& sa, const Payloads& payloads, ByteView raw) override;

 private:
  ExchangeContext& ctx_;
  DhId group_;
  DhPreparation dh_prep_;
  std::unique_ptr<crypto::DhKeyPair> dh_;
};

// Responder: an IKE_INTERMEDIATE request on a half-open SA. The answer goes out under the keys
// the request came with; the new keys apply after it.
class IkeIntermediateResponder final : public Responder {
 public:
  explicit IkeIntermediateResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "IKE_INTERMEDIATE"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kIkeIntermediate;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state == IkeState::kCreated && !sa.original_initiator;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
