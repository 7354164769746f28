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
  std::uint32_t id = sa.id;
  auto timeout = std::chrono::duration_cast<Duration>(config_->daemon.half_open_timeout);
  sa.half_open_timer = deps_.timers.schedule(timeout, [this, id] {
    IsakmpSa* s = find_sa(id);
    if (!s) return;
    s->half_open_timer = 0;
    if (s->xauth_pending()) {
      on_xauth_done(*s, make_error("XAuth did not complete within half_open_timeout"));
    }
  });
  if (sa.xauth_server()) {
    start_exchange(sa, new_message_id(sa), std::make_unique<XauthRequest>(*this));
  } else {
    sa_log(sa, log::Level::kInfo, "waiting for the gateway's XAuth request");
  }
}

void Engine::on_xauth_checked(IsakmpSa& sa, bool accepted, const std::string& why) {
  if (!sa.xauth_pending()) return;
  sa_log(sa, accepted ? log::Level::kInfo : log::Level::kWarn, "XAuth: {} {}",
         accepted ? "accepted" : "refused:", why);
  start_exchange(sa, new_message_id(sa), std::make_unique<XauthStatus>(*this, accepted, why));
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
  auto range = phase1_completions_.equal_range(sa.id);
  std::vector<Completion> done;
  for (auto it = range.first; it != range.second; ++it)
    done.push_back(std::move(it->second));
  phase1_completions_.erase(range.first, range.second);
  for (auto& d : done) {
    if (d) d(make_error(why));
  }
}

}  // namespace oakley::ikev1
