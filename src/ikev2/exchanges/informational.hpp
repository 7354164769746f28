// INFORMATIONAL exchanges (RFC 7296 1.4, 2.4): deleting CHILD_SAs and IKE SAs, liveness checks
// (an empty request), and error notifies a peer sends outside of a request/response pair.
#pragma once

#include <memory>

#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class ExchangeContext;

std::unique_ptr<Task> make_child_delete_task(ExchangeContext& ctx, std::uint32_t child_id);
std::unique_ptr<Task> make_ike_delete_task(ExchangeContext& ctx);
std::unique_ptr<Task> make_liveness_task(ExchangeContext& ctx);

// The peer's INFORMATIONAL requests: DELETEs (answered with ours for the same CHILD_SAs), liveness
// checks, error notifies.
class InformationalResponder final : public Responder {
 public:
  explicit InformationalResponder(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "INFORMATIONAL"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kInformational;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state != IkeState::kCreated && sa.state != IkeState::kConnecting;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  ExchangeContext& ctx_;
};

}  // namespace oakley::ikev2
