#include "dataplane/sa_table.hpp"

#include <string>

namespace oakley::dataplane {

SaState::SaState(const SaConfig& config)
    : sequence_(config.direction == Direction::kOutbound ? config.initial_sequence : 0),
      replay_(config.direction == Direction::kInbound ? config.replay_window : 0,
              config.direction == Direction::kInbound ? config.initial_sequence : 0) {}

Result<std::shared_ptr<SaState>> SaState::create(const SaConfig& config, unsigned slots) {
  std::shared_ptr<SaState> s(new SaState(config));
  s->crypto_.reserve(slots);
  for (unsigned i = 0; i < slots; ++i) {
    auto c = esp::EspCrypto::create(config.algorithms, config.encr_key, config.integ_key);
    if (!c) return make_error("SA " + config.id().to_string() + ": " + c.error().message);
    s->crypto_.push_back(std::move(c).value());
  }
  return s;
}

SaCounters SaState::counters() const {
  SaCounters c;
  c.packets = packets();
  c.bytes = bytes();
  for (std::size_t i = 0; i < kDropReasonCount; ++i)
    c.errors[i] = errors_[i].load(std::memory_order_relaxed);
  return c;
}

namespace {

void copy_addressing(SaEntry& e, const SaConfig& c) {
  e.id = c.id();
  e.local = c.local;
  e.remote = c.remote;
  e.udp_encap = c.udp_encap;
}

Status check_config(const SaConfig& c) {
  if (c.spi < 256)
    return make_error("SPI " + std::to_string(c.spi) + " is reserved (RFC 4303 2.1: 1-255)");
  if (c.local.family() != c.remote.family())
    return make_error("SA " + c.id().to_string() + ": outer addresses " + c.local.to_string() +
                      " and " + c.remote.to_string() + " are of different families");
  return {};
}

}  // namespace

Result<std::shared_ptr<const SaEntry>> make_sa_entry(const SaConfig& config, unsigned slots,
                                                     std::uint64_t install_order) {
  if (auto s = check_config(config); !s) return s.take_error();
  auto state = SaState::create(config, slots);
  if (!state) return state.take_error();
  auto e = std::make_shared<SaEntry>();
  copy_addressing(*e, config);
  e->reqid = config.reqid;
  e->esp = {config.spi, config.mode, config.algorithms.esn};
  e->algorithms = config.algorithms;
  e->soft_limit = config.soft_limit;
  e->hard_limit = config.hard_limit;
  e->local_ts = config.local_ts;
  e->remote_ts = config.remote_ts;
  e->install_order = install_order;
  e->state = std::move(state).value();
  return std::shared_ptr<const SaEntry>(std::move(e));
}

Result<std::shared_ptr<const SaEntry>> updated_sa_entry(const SaEntry& old,
                                                        const SaConfig& config) {
  if (auto s = check_config(config); !s) return s.take_error();
  const SaAlgorithms& a = config.algorithms;
  if (config.spi != old.id.spi || config.direction != old.id.direction ||
      a.encr != old.algorithms.encr || a.encr_key_bits != old.algorithms.encr_key_bits ||
      a.integ != old.algorithms.integ || a.esn != old.algorithms.esn || config.mode != old.esp.mode)
    return make_error("update of SA " + old.id.to_string() +
                      " may change only addresses and UDP encapsulation");
  auto e = std::make_shared<SaEntry>(old);
  copy_addressing(*e, config);
  return std::shared_ptr<const SaEntry>(std::move(e));
}

}  // namespace oakley::dataplane
