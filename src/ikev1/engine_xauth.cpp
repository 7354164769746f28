// XAuth on an ISAKMP SA: between Phase 1 authentication and the SA's use. The gateway starts
// it; the client waits for it. Until it succeeds neither side lets the SA carry Mode Config or
// Quick Mode (engine_receive.cpp), and a Phase 1 that never completes XAuth is deleted.
#include <fmt/format.h>

#include "common/log.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/xauth.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

void Engine::begin_xauth(IsakmpSa& sa) {
  arm_half_open_timer(sa);  // Phase 1's ran out when it completed; XAuth gets a fresh one
  if (sa.xauth_server()) {
    start_exchange(sa, new_message_id(sa), std::make_unique<XauthRequest>(exchange_context()));
  } else {
    sa_log(sa, log::Level::kInfo, "waiting for the gateway's XAuth request");
  }
}

void Engine::on_xauth_checked(IsakmpSa& sa, bool accepted, const std::string& why) {
  if (!sa.xauth_pending()) return;
  sa_log(sa, accepted ? log::Level::kInfo : log::Level::kWarn, "XAuth: {} {}",
         accepted ? "accepted" : "refused:", why);
  start_exchange(sa, new_message_id(sa),
                 std::make_unique<XauthStatus>(exchange_context(), accepted, why));
}

void Engine::on_xauth_done(IsakmpSa& sa, const Status& status) {
  if (!sa.xauth_pending()) return;
  if (sa.half_open_timer) deps_.timers.cancel(sa.half_open_timer);
  sa.half_open_timer = 0;
  if (status) {
    sa.xauth = XauthState::kSucceeded;
    sa_log(sa, log::Level::kInfo, "XAuth of user '{}' succeeded; ISAKMP SA {}[{}] is ready",
           sa.xauth_user, sa.name(), sa.id);
    complete_phase1(sa);
    return;
  }
  sa.xauth = XauthState::kFailed;
  std::string why = status.error().message;
  sa_log(sa, log::Level::kWarn, "{}", why);
  // The operator hears this reason, not the peer's DELETE that may overtake our own cleanup.
  fail_waiting_operations(sa, why);
  send_informational(sa, {delete_isakmp_payload(sa)});
  // Not from inside the exchange that reported it: the caller still holds the SA.
  std::uint32_t id = sa.id;
  schedule_detached(Duration::zero(), [this, id, why] {
    if (IsakmpSa* s = find_sa(id)) destroy_sa(*s, why, true);
  });
}

void Engine::fail_waiting_operations(IsakmpSa& sa, const std::string& why) {
  sa.failure = why;
  note_failure(sa, why);
  auto pending = std::move(sa.pending_children);
  for (auto& p : pending) {
    if (p.done) p.done(make_error(why));
  }
  sas_.ike_completions().complete(sa.id, make_error(why));
}

}  // namespace oakley::ikev1
