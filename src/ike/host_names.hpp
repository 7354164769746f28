// The DNS names of the connections' local_addrs/remote_addrs and what they resolved to last.
//
// Initiators resolve a name afresh at every initiation, retry and reconnect
// (initiation_addresses.hpp calls resolve()), so a peer whose dynamic DNS name moved is followed.
// Responders cannot wait for DNS while an IKE_SA_INIT or Main Mode message waits: they match the
// peer's address against the addresses each name resolved to last (contains()), which watch() keeps
// current by resolving every configured name when a configuration is applied and again every
// refresh interval, besides what initiations resolve. A name that never resolved matches no
// address; one that stops resolving keeps its last addresses (a DNS outage does not cut off a known
// peer), until it resolves again or leaves the configuration.
//
// One table for both engines (the daemon's Engines owns the watching); loop thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip_address.hpp"
#include "common/name_resolver.hpp"
#include "common/timer_service.hpp"
#include "config/config.hpp"

namespace oakley::ike {

struct HostNameCounters {
  std::uint64_t lookups = 0;            // answers received, either way
  std::uint64_t lookup_failures = 0;    // answers that were errors
  std::uint64_t initiate_failures = 0;  // initiations refused because a name did not resolve
};

class HostNames {
 public:
  static constexpr Duration kRefreshInterval = std::chrono::seconds(60);

  HostNames(NameResolver& resolver, TimerService& timers, Duration refresh = kRefreshInterval);
  ~HostNames();
  HostNames(const HostNames&) = delete;
  HostNames& operator=(const HostNames&) = delete;

  // Resolves `name` now (addresses of `family`; nullopt: either). A successful answer replaces
  // the name's known addresses of that family (all of them for nullopt); then `done` runs, on the
  // loop thread, never from inside resolve(). Requests for a name and family already being
  // resolved wait for that answer instead of asking again.
  void resolve(const std::string& name, std::optional<IpAddress::Family> family,
               NameResolver::Done done);

  // Whether `name` last resolved to `address`.
  bool contains(std::string_view name, const IpAddress& address) const;
  std::vector<IpAddress> addresses(std::string_view name) const;
  // For oakctl diagnose: "vpn.example.org resolved to 192.0.2.2 (last lookup: ...)".
  std::string describe(std::string_view name) const;

  // The DNS names of `config`'s connections: resolved now, in the background, and every refresh
  // interval until the next watch(). Names no longer configured are forgotten.
  void watch(const config::Config& config);
  std::size_t watched() const { return watched_.size(); }

  void count_initiate_failure() { ++counters_.initiate_failures; }
  const HostNameCounters& counters() const { return counters_; }

 private:
  struct Entry {
    std::vector<IpAddress> addresses;
    std::string last_error;  // of the latest lookup; empty when it succeeded
  };
  using Key = std::pair<std::string, int>;  // name, family (0: either)

  void answer(const Key& key, std::optional<IpAddress::Family> family,
              const NameResolver::Addresses& result);
  void store(const std::string& name, std::optional<IpAddress::Family> family,
             const NameResolver::Addresses& result);
  void refresh_all();
  void schedule_refresh();

  NameResolver& resolver_;
  TimerService& timers_;
  Duration refresh_;
  TimerId refresh_timer_ = 0;
  std::set<std::string, std::less<>> watched_;
  std::map<std::string, Entry, std::less<>> known_;
  std::map<Key, std::vector<NameResolver::Done>> pending_;
  // Answers that arrive after we are gone find this expired.
  std::shared_ptr<HostNames*> self_ = std::make_shared<HostNames*>(this);
  HostNameCounters counters_;
};

// oakctl diagnose: one "info: DNS name ..." line per name of `conn` (what it resolved to last,
// or why it did not); `names` nullptr: that nothing resolves names here.
std::vector<std::string> describe_names(const HostNames* names, const config::Connection& conn);

}  // namespace oakley::ike
