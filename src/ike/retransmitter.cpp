#include "ike/retransmitter.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace oakley::ike {

RetransmitSettings retransmit_from(const config::DaemonSettings& d) {
  RetransmitSettings s;
  s.tries = d.retransmit_tries;
  s.timeout_s = std::chrono::duration<double>(d.retransmit_timeout).count();
  s.base = d.retransmit_base;
  s.jitter = d.retransmit_jitter / 100.0;
  s.limit_s = std::chrono::duration<double>(d.retransmit_limit).count();
  return s;
}

Duration RetransmitSettings::wait_after(unsigned n, double random_unit) const {
  double wait = timeout_s * std::pow(base, n);
  if (limit_s > 0) wait = std::min(wait, limit_s);
  wait -= wait * std::clamp(jitter, 0.0, 1.0) * random_unit;
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(wait));
}

void Retransmitter::start(std::function<void()> send, std::function<void()> give_up) {
  stop();
  send_ = std::move(send);
  give_up_ = std::move(give_up);
  sends_ = 0;
  send_();
  ++sends_;
  arm();
}

void Retransmitter::stop() {
  if (timer_) timers_.cancel(timer_);
  timer_ = 0;
}

void Retransmitter::arm() {
  double unit = 0.0;
  if (settings_.jitter > 0) {
    // Jitter only spreads retransmissions of many SAs apart; it needs no cryptographic quality.
    static thread_local std::minstd_rand rng{std::random_device{}()};
    unit = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  }
  timer_ = timers_.schedule(settings_.wait_after(sends_ - 1, unit), [this] { on_timeout(); });
}

void Retransmitter::on_timeout() {
  timer_ = 0;
  if (sends_ > settings_.tries) {
    auto give_up = std::move(give_up_);
    send_ = nullptr;
    if (give_up) give_up();
    return;
  }
  send_();
  ++sends_;
  arm();
}

}  // namespace oakley::ike
