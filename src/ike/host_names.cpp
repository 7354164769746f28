#include "ike/host_names.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"

namespace oakley::ike {

namespace {

int family_key(std::optional<IpAddress::Family> family) {
  return family ? static_cast<int>(*family) : 0;
}

std::string address_list(const std::vector<IpAddress>& addresses) {
  std::string out;
  for (const auto& a : addresses)
    out += (out.empty() ? "" : ", ") + a.to_string();
  return out;
}

}  // namespace

HostNames::HostNames(NameResolver& resolver, TimerService& timers, Duration refresh)
    : resolver_(resolver), timers_(timers), refresh_(refresh) {}

HostNames::~HostNames() {
  if (refresh_timer_) timers_.cancel(refresh_timer_);
}

void HostNames::resolve(const std::string& name, std::optional<IpAddress::Family> family,
                        NameResolver::Done done) {
  Key key{name, family_key(family)};
  auto& waiting = pending_[key];
  waiting.push_back(std::move(done));
  if (waiting.size() > 1) return;  // a lookup of this name and family is already running
  std::weak_ptr<HostNames*> self = self_;
  resolver_.resolve(name, family, [self, key, family](NameResolver::Addresses result) {
    if (auto alive = self.lock()) (*alive)->answer(key, family, result);
  });
}

void HostNames::answer(const Key& key, std::optional<IpAddress::Family> family,
                       const NameResolver::Addresses& result) {
  ++counters_.lookups;
  if (!result) ++counters_.lookup_failures;
  store(key.first, family, result);
  auto it = pending_.find(key);
  if (it == pending_.end()) return;
  auto waiting = std::move(it->second);
  pending_.erase(it);
  for (auto& done : waiting) {
    if (done) done(result);
  }
}

// Logged when something changed, so a name that stays unresolvable is not a warning a minute.
void HostNames::store(const std::string& name, std::optional<IpAddress::Family> family,
                      const NameResolver::Addresses& result) {
  auto& entry = known_[name];
  if (!result) {
    if (entry.last_error != result.error().message) {
      log::warn("ike", "DNS name {} does not resolve: {}{}", name, result.error().message,
                entry.addresses.empty()
                    ? ""
                    : fmt::format(" (still matching {})", address_list(entry.addresses)));
    }
    entry.last_error = result.error().message;
    return;
  }
  entry.last_error.clear();
  auto before = entry.addresses;
  std::erase_if(entry.addresses,
                [&](const IpAddress& a) { return !family || a.family() == *family; });
  for (const auto& a : *result) {
    if (std::find(entry.addresses.begin(), entry.addresses.end(), a) == entry.addresses.end()) {
      entry.addresses.push_back(a);
    }
  }
  auto sorted = [](std::vector<IpAddress> v) {
    std::sort(v.begin(), v.end());
    return v;
  };
  if (sorted(before) != sorted(entry.addresses)) {
    log::info("ike", "DNS name {} resolves to {}", name, address_list(entry.addresses));
  }
}

bool HostNames::contains(std::string_view name, const IpAddress& address) const {
  auto it = known_.find(name);
  if (it == known_.end()) return false;
  const auto& list = it->second.addresses;
  return std::find(list.begin(), list.end(), address) != list.end();
}

std::vector<IpAddress> HostNames::addresses(std::string_view name) const {
  auto it = known_.find(name);
  return it == known_.end() ? std::vector<IpAddress>{} : it->second.addresses;
}

std::string HostNames::describe(std::string_view name) const {
  auto it = known_.find(name);
  if (it == known_.end()) return fmt::format("DNS name {} has not been resolved yet", name);
  const auto& e = it->second;
  std::string known = e.addresses.empty() ? fmt::format("DNS name {} has never resolved", name)
                                          : fmt::format("DNS name {} resolved to {}", name,
                                                        address_list(e.addresses));
  if (e.last_error.empty()) return known;
  return fmt::format("{} (last lookup failed: {})", known, e.last_error);
}

void HostNames::watch(const config::Config& config) {
  std::set<std::string, std::less<>> names;
  for (const auto& c : config.connections) {
    for (const auto* list : {&c.local_addrs, &c.remote_addrs}) {
      for (const auto& spec : *list) {
        if (spec.is_name()) names.insert(spec.name);
      }
    }
  }
  std::erase_if(known_, [&](const auto& kv) { return !names.contains(kv.first); });
  watched_ = std::move(names);
  if (refresh_timer_) timers_.cancel(refresh_timer_);
  refresh_timer_ = 0;
  refresh_all();
}

void HostNames::refresh_all() {
  for (const auto& name : watched_)
    resolve(name, std::nullopt, nullptr);
  schedule_refresh();
}

void HostNames::schedule_refresh() {
  if (watched_.empty()) return;
  refresh_timer_ = timers_.schedule(refresh_, [this] {
    refresh_timer_ = 0;
    refresh_all();
  });
}

std::vector<std::string> describe_names(const HostNames* names, const config::Connection& conn) {
  std::vector<std::string> out;
  for (const auto* list : {&conn.local_addrs, &conn.remote_addrs}) {
    for (const auto& spec : *list) {
      if (!spec.is_name()) continue;
      out.push_back(names ? "info: " + names->describe(spec.name)
                          : fmt::format("error: DNS name {} cannot be resolved here", spec.name));
    }
  }
  return out;
}

}  // namespace oakley::ike
