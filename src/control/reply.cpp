#include "control/reply.hpp"

#include <fmt/format.h>

namespace oakley::control {

Reply::Reply(std::uint64_t id, std::string command, LineSink sink)
    : id_(id), command_(std::move(command)), sink_(std::move(sink)) {}

Reply::~Reply() {
  if (!active_) return;
  sink_(error_line(id_,
                   fmt::format("internal error: command '{}' ended without an answer", command_)),
        true);
  active_ = false;
  for (auto& hook : close_hooks_)
    hook();
}

void Reply::event(const Json& event) {
  if (!active_) return;
  if (!sink_(event_line(id_, event), false)) cancel();
}

void Reply::log(log::Level level, std::string_view subsystem, std::string_view message) {
  event(log_event(level, subsystem, message));
}

bool Reply::stream(const Json& event, std::size_t max_backlog) {
  if (!active_) return true;
  if (backlog() > max_backlog) {
    this->event({{"event", "overflow"}});
    fail(fmt::format("overflow: the client read too slowly (over {} KiB of events queued)",
                     max_backlog >> 10));
    return false;
  }
  this->event(event);
  return true;
}

void Reply::ok(const Json& result) {
  if (!active_) return;
  sink_(ok_line(id_, result), true);
  finish(false);
}

void Reply::fail(std::string_view message) {
  if (!active_) return;
  sink_(error_line(id_, message), true);
  finish(false);
}

void Reply::cancel() {
  if (active_) finish(true);
}

void Reply::on_cancel(std::function<void()> hook) {
  if (cancelled_) {
    hook();
  } else if (active_) {
    cancel_hooks_.push_back(std::move(hook));
  }
}

void Reply::on_close(std::function<void()> hook) {
  if (active_) {
    close_hooks_.push_back(std::move(hook));
  } else {
    hook();
  }
}

void Reply::finish(bool cancelled) {
  active_ = false;
  cancelled_ = cancelled;
  // A hook may drop the last reference to this Reply: take the hooks out and touch no member
  // after the first one runs.
  auto cancel_hooks = std::move(cancel_hooks_);
  auto close_hooks = std::move(close_hooks_);
  if (cancelled) {
    for (auto& hook : cancel_hooks)
      hook();
  }
  for (auto& hook : close_hooks)
    hook();
}

}  // namespace oakley::control
