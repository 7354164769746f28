// What bounds the work unverified IKEv1 initiators can make a responder do. IKEv1 has no cookie
// exchange: an MM1 or AM1 from any (spoofed) address creates a half-open ISAKMP SA, and MM3 and
// AM1 cost a Diffie-Hellman computation (AM1 a signature too) on the crypto workers the IKEv2
// engine shares. So:
// - HalfOpenIndex: responder SAs still in Phase 1 by (initiator cookie, peer), with per-address
//   counts kept as they change, so the per-address and global caps cost no scan per packet;
// - DhRateLimiter: a token bucket of DH computations per second for new Phase 1 responders;
// - VerifiedSources: addresses that returned one of our responder cookies (they receive what we
//   send), the only ones whose Aggressive Mode is answered while many SAs are half-open.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/ip_address.hpp"
#include "common/timer_service.hpp"

namespace oakley::ikev1 {

struct AddressHash {
  std::size_t operator()(const IpAddress& a) const noexcept;
};

class HalfOpenIndex {
 public:
  std::optional<std::uint32_t> find(std::uint64_t icookie, const Endpoint& peer) const;
  void add(std::uint64_t icookie, const Endpoint& peer, std::uint32_t sa_id);
  // The SA is established or gone; nothing when it was not indexed.
  void remove(std::uint32_t sa_id);
  std::size_t size() const { return by_sa_.size(); }
  std::size_t from(const IpAddress& address) const;
  // The peer returned our responder cookie (MM3/AM3): it is reachable, not a spoofed source.
  void mark_verified(std::uint32_t sa_id);
  // The oldest SA whose peer never returned our cookie: what a new request may replace at the
  // global cap, so a spoofed flood cannot lock real peers out (they answer within a round trip
  // and are then never evicted).
  std::optional<std::uint32_t> oldest_unverified() const;

 private:
  using Key = std::pair<std::uint64_t, Endpoint>;
  struct Entry {
    Key key;
    std::list<std::uint32_t>::iterator unverified;  // end(): verified
  };
  std::map<Key, std::uint32_t> by_key_;
  std::unordered_map<std::uint32_t, Entry> by_sa_;
  std::list<std::uint32_t> unverified_;  // oldest first
  std::unordered_map<IpAddress, std::size_t, AddressHash> per_address_;
};

class DhRateLimiter {
 public:
  // One computation may start now (a token is taken); `per_second` 0: always.
  bool take(TimePoint now, std::uint32_t per_second);

 private:
  double tokens_ = 0;
  std::optional<TimePoint> last_;
};

class VerifiedSources {
 public:
  static constexpr std::size_t kCapacity = 4096;  // the oldest is forgotten first
  void add(const IpAddress& address);
  bool contains(const IpAddress& address) const { return set_.contains(address); }
  std::size_t size() const { return set_.size(); }

 private:
  std::unordered_set<IpAddress, AddressHash> set_;
  std::deque<IpAddress> order_;
};

}  // namespace oakley::ikev1
