// Retransmission of an outstanding request with exponential backoff (RFC 7296 2.1, RFC 2408 5.6):
// send, wait timeout * base^n, resend, ... and give up after `tries` resends. Only the side that
// sent a request retransmits; responders answer retransmitted requests from their cache.
#pragma once

#include <functional>

#include "common/timer_service.hpp"
#include "config/config.hpp"

namespace oakley::ike {

struct RetransmitSettings {
  unsigned tries = 5;      // resends after the first send (charon's retransmit_tries)
  double timeout_s = 4.0;  // first wait (retransmit_timeout)
  double base = 1.8;       // growth per resend (retransmit_base)
  double jitter = 0.0;     // fraction of each wait removed at random (retransmit_jitter, 0..1)
  double limit_s = 0.0;    // cap on one wait (retransmit_limit), 0 = none

  // The wait after send number `n` (0 = the first send).
  Duration wait_after(unsigned n, double random_unit = 0.0) const;
};

// The settings of the configuration's retransmit_* keys (strongSwan's charon.retransmit_*).
RetransmitSettings retransmit_from(const config::DaemonSettings& daemon);

class Retransmitter {
 public:
  Retransmitter(TimerService& timers, const RetransmitSettings& settings)
      : timers_(timers), settings_(settings) {}
  ~Retransmitter() { stop(); }
  Retransmitter(const Retransmitter&) = delete;
  Retransmitter& operator=(const Retransmitter&) = delete;

  // Calls `send` now and again on each timeout; calls `give_up` once the last wait expires.
  void start(std::function<void()> send, std::function<void()> give_up);
  void stop();
  bool active() const { return timer_ != 0; }
  unsigned sends() const { return sends_; }

 private:
  void arm();
  void on_timeout();

  TimerService& timers_;
  const RetransmitSettings& settings_;
  std::function<void()> send_;
  std::function<void()> give_up_;
  TimerId timer_ = 0;
  unsigned sends_ = 0;
};

}  // namespace oakley::ike
