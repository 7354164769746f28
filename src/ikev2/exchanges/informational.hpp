// INFORMATIONAL exchanges (RFC 7296 1.4, 2.4): deleting CHILD_SAs and IKE SAs, liveness checks
// (an empty request), and error notifies a peer sends outside of a request/response pair.
#pragma once

#include <memory>

#include "ikev2/ike_sa.hpp"
#include "ikev2/responder.hpp"
#include "ikev2/task.hpp"

namespace oakley::ikev2 {

class Engine;

std::unique_ptr<Task> make_child_delete_task(Engine& engine, std::uint32_t child_id);
std::unique_ptr<Task> make_ike_delete_task(Engine& engine);
std::unique_ptr<Task> make_liveness_task(Engine& engine);

// The peer's INFORMATIONAL requests: DELETEs (answered with ours for the same CHILD_SAs), liveness
// checks, error notifies.
class InformationalResponder final : public Responder {
 public:
  explicit InformationalResponder(Engine& engine) : engine_(engine) {}
  std::string_view name() const override { return "INFORMATIONAL"; }
  wire::ikev2::ExchangeType exchange() const override {
    return wire::ikev2::ExchangeType::kInformational;
  }
  bool accepts(const IkeSa& sa) const override {
    return sa.state != IkeState::kCreated && sa.state != IkeState::kConnecting;
  }
  Reply respond(IkeSa& sa, const Request& request) override;

 private:
  Engine& engine_;
};

// On shutdown: one DELETE for the IKE SA, sent once without waiting for the answer.
void send_delete_ike_now(Engine& engine, IkeSa& sa);
// RFC 7296 2.21.2: the initiator rejects the responder's IKE_AUTH, which already holds the IKE
// SA as up: AUTHENTICATION_FAILED with a Delete, once, without waiting for the answer.
void send_auth_failed_now(Engine& engine, IkeSa& sa);

}  // namespace oakley::ikev2
