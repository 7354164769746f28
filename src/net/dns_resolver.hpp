// DnsResolver: the daemon's NameResolver. getaddrinfo blocks (up to resolv.conf's timeouts when a
// DNS server does not answer), so it runs on a small pool of its own, never on the loop thread and
// never on the crypto workers, whose DH and signatures must not wait behind a slow DNS server.
// The answer is posted back to the loop.
#pragma once

#include <optional>
#include <string>

#include "common/name_resolver.hpp"
#include "net/event_loop.hpp"
#include "net/worker_pool.hpp"

namespace oakley::net {

// getaddrinfo(name) for UDP, addresses of `family` (nullopt: both) in getaddrinfo's order (RFC
// 6724 destination address selection, which also prefers destinations this host has a source
// address for), duplicates removed. Blocks. The error is gai_strerror's text.
NameResolver::Addresses resolve_name_blocking(const std::string& name,
                                              std::optional<IpAddress::Family> family);

class DnsResolver final : public NameResolver {
 public:
  // Two threads: a lookup that waits for a dead DNS server does not hold up the next name. The
  // resolver must be destroyed before `loop`; its destructor waits for the lookups running then.
  explicit DnsResolver(EventLoop& loop, unsigned threads = 2);

  void resolve(const std::string& name, std::optional<IpAddress::Family> family,
               Done done) override;

 private:
  WorkerPool pool_;
};

}  // namespace oakley::net
