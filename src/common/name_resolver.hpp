// How the IKE engines turn the DNS names of local_addrs/remote_addrs into addresses: an interface
// of common types, like TimerService and WorkPool, so that net resolves with getaddrinfo on a
// thread of its own (net/dns_resolver.hpp) and tests answer from a table without blocking.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley {

class NameResolver {
 public:
  // The addresses in the resolver's order of preference (getaddrinfo sorts by RFC 6724), without
  // duplicates and never empty; or why the name did not resolve, in the resolver's words
  // ("Name or service not known").
  using Addresses = Result<std::vector<IpAddress>>;
  using Done = std::function<void(Addresses)>;

  virtual ~NameResolver() = default;
  // Resolves `name` to addresses of `family` (nullopt: either). Returns at once; `done` runs later
  // on the loop thread, never from inside resolve().
  virtual void resolve(const std::string& name, std::optional<IpAddress::Family> family,
                       Done done) = 0;
};

}  // namespace oakley
