#include "ikev2/exchanges/responders.hpp"

#include "ikev2/exchanges/child_create.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/exchanges/ike_auth.hpp"
#include "ikev2/exchanges/ike_intermediate.hpp"
#include "ikev2/exchanges/informational.hpp"

namespace oakley::ikev2 {

std::map<wire::ikev2::ExchangeType, std::unique_ptr<Responder>> make_responders(
    ExchangeContext& ctx) {
  std::map<wire::ikev2::ExchangeType, std::unique_ptr<Responder>> all;
  auto add = [&all](std::unique_ptr<Responder> r) {
    auto type = r->exchange();
    all.emplace(type, std::move(r));
  };
  add(std::make_unique<IkeAuthResponder>(ctx));
  add(std::make_unique<IkeIntermediateResponder>(ctx));
  add(std::make_unique<CreateChildSaResponder>(ctx));
  add(std::make_unique<FollowupKeResponder>(ctx));
  add(std::make_unique<InformationalResponder>(ctx));
  return all;
}

}  // namespace oakley::ikev2
