#include "ikev1/engine_dos.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "common/log_summary.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

std::size_t AddressHash::operator()(const IpAddress& a) const noexcept {
  auto b = a.bytes();
  return std::hash<std::string_view>{}(
      std::string_view(reinterpret_cast<const char*>(b.data()), b.size()));
}

std::optional<std::uint32_t> HalfOpenIndex::find(std::uint64_t icookie,
                                                 const Endpoint& peer) const {
  auto it = by_key_.find({icookie, peer});
  if (it == by_key_.end()) return std::nullopt;
  return it->second;
}

void HalfOpenIndex::add(std::uint64_t icookie, const Endpoint& peer, std::uint32_t sa_id) {
  remove(sa_id);
  Key key{icookie, peer};
  if (auto it = by_key_.find(key); it != by_key_.end()) remove(it->second);
  by_key_[key] = sa_id;
  unverified_.push_back(sa_id);
  by_sa_[sa_id] = Entry{key, std::prev(unverified_.end())};
  ++per_address_[peer.address];
}

void HalfOpenIndex::mark_verified(std::uint32_t sa_id) {
  auto it = by_sa_.find(sa_id);
  if (it == by_sa_.end() || it->second.unverified == unverified_.end()) return;
  unverified_.erase(it->second.unverified);
  it->second.unverified = unverified_.end();
}

std::optional<std::uint32_t> HalfOpenIndex::oldest_unverified() const {
  if (unverified_.empty()) return std::nullopt;
  return unverified_.front();
}

void HalfOpenIndex::remove(std::uint32_t sa_id) {
  auto it = by_sa_.find(sa_id);
  if (it == by_sa_.end()) return;
  const Key& key = it->second.key;
  if (it->second.unverified != unverified_.end()) unverified_.erase(it->second.unverified);
  by_key_.erase(key);
  if (auto n = per_address_.find(key.second.address); n != per_address_.end() && --n->second == 0)
    per_address_.erase(n);
  by_sa_.erase(it);
}

std::size_t HalfOpenIndex::from(const IpAddress& address) const {
  auto it = per_address_.find(address);
  return it == per_address_.end() ? 0 : it->second;
}

bool DhRateLimiter::take(TimePoint now, std::uint32_t per_second) {
  if (per_second == 0) return true;
  double burst = per_second;  // at most one second's worth saved up
  if (!last_) {
    tokens_ = burst;
  } else if (now > *last_) {
    double elapsed = std::chrono::duration<double>(now - *last_).count();
    tokens_ = std::min(burst, tokens_ + elapsed * per_second);
  }
  last_ = now;
  if (tokens_ < 1) return false;
  tokens_ -= 1;
  return true;
}

void VerifiedSources::add(const IpAddress& address) {
  if (!set_.insert(address).second) return;
  order_.push_back(address);
  if (order_.size() > kCapacity) {
    set_.erase(order_.front());
    order_.pop_front();
  }
}

// ---- the engine's admission checks ------------------------------------------------------------

namespace {

// Anyone can trigger these at any rate: each at debug, a summary line now and then.
void note_drop(log::EventSummary& summary, std::uint64_t& counter, const Endpoint& remote,
               const std::string& why) {
  ++counter;
  log::debug("ike", "dropping IKEv1 message from {}: {}", remote.to_string(), why);
  summary.record_with([&] { return fmt::format("{}: {}", remote.to_string(), why); });
}

}  // namespace

bool Engine::admit_phase1_request(const wire::ikev1::Header& h, const Endpoint& remote) {
  const auto& d = config_->daemon;
  if (d.dos_protection && d.block_threshold) {
    std::size_t mine = half_open_.from(remote.address);
    if (mine >= d.block_threshold) {
      static log::EventSummary dropped(
          log::Level::kInfo, "ike",
          "Phase 1 requests dropped: too many half-open ISAKMP SAs from one address");
      note_drop(dropped, stats_.dropped_busy, remote,
                fmt::format("{} half-open ISAKMP SAs from it (block_threshold {})", mine,
                            d.block_threshold));
      return false;
    }
  }
  std::size_t half_open = half_open_.size();
  bool aggressive = h.exchange_type == wire::ikev1::ExchangeType::kAggressive;
  // Aggressive Mode answers AM1 with our DH value and our signature or PSK hash at once, with no
  // proof that the source is real: under load, only for addresses that returned our cookie.
  if (aggressive && d.dos_protection && d.cookie_threshold && half_open >= d.cookie_threshold &&
      !verified_.contains(remote.address)) {
    static log::EventSummary dropped(
        log::Level::kInfo, "ike",
        "Aggressive Mode requests dropped: unverified source above cookie_threshold");
    note_drop(dropped, stats_.aggressive_unverified_dropped, remote,
              fmt::format("{} half-open ISAKMP SAs (cookie_threshold {}), and the address never "
                          "returned one of our cookies",
                          half_open, d.cookie_threshold));
    return false;
  }
  if (d.ikev1_half_open_limit && half_open_.size() >= d.ikev1_half_open_limit &&
      !evict_unverified_half_open()) {
    static log::EventSummary dropped(log::Level::kInfo, "ike",
                                     "Phase 1 requests dropped: ikev1_half_open_limit reached");
    note_drop(dropped, stats_.phase1_dropped_half_open_limit, remote,
              fmt::format("{} half-open ISAKMP SAs, none of them replaceable "
                          "(ikev1_half_open_limit {})",
                          half_open_.size(), d.ikev1_half_open_limit));
    return false;
  }
  return !aggressive || admit_dh(remote);
}

// At the global cap, the oldest half-open SA whose peer never returned our cookie makes room: a
// spoofed source never does, a real peer does within a round trip.
bool Engine::evict_unverified_half_open() {
  auto victim = half_open_.oldest_unverified();
  IsakmpSa* sa = victim ? find_sa(*victim) : nullptr;
  if (!sa) return false;
  ++stats_.half_open_evicted;
  // The victim's line, not the datagram's that made room (its peer's trace shows it).
  sa_log(*sa, log::Level::kDebug,
         "evicting half-open ISAKMP SA #{} of {}: ikev1_half_open_limit reached", sa->id,
         sa->remote.to_string());
  destroy_sa(*sa, "replaced by a newer request at ikev1_half_open_limit", false);
  return true;
}

bool Engine::admit_dh(const Endpoint& remote) {
  const auto& d = config_->daemon;
  if (dh_rate_.take(deps_.timers.now(), d.ikev1_dh_rate)) return true;
  static log::EventSummary dropped(log::Level::kInfo, "ike",
                                   "Phase 1 messages dropped: ikev1_dh_rate reached");
  note_drop(dropped, stats_.dh_rate_limited, remote,
            fmt::format("more than {} new Phase 1 DH computations per second (ikev1_dh_rate)",
                        d.ikev1_dh_rate));
  return false;
}

}  // namespace oakley::ikev1
