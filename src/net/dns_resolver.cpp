#include "net/dns_resolver.hpp"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "sockio/sockaddr.hpp"

namespace oakley::net {

namespace {

std::string gai_error(int rc, int saved_errno) {
  if (rc == EAI_SYSTEM) return std::strerror(saved_errno);
  return gai_strerror(rc);
}

}  // namespace

NameResolver::Addresses resolve_name_blocking(const std::string& name,
                                              std::optional<IpAddress::Family> family) {
  addrinfo hints{};
  hints.ai_family = family ? sockio::address_family(*family) : AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;  // one entry per address, not one per socket type
  addrinfo* list = nullptr;
  int rc = getaddrinfo(name.c_str(), nullptr, &hints, &list);
  if (rc != 0) return make_error(gai_error(rc, errno));
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> owner(list, &freeaddrinfo);
  std::vector<IpAddress> out;
  for (const addrinfo* ai = list; ai; ai = ai->ai_next) {
    auto endpoint = sockio::from_sockaddr(ai->ai_addr, ai->ai_addrlen);
    if (!endpoint || (family && endpoint->address.family() != *family)) continue;
    if (std::find(out.begin(), out.end(), endpoint->address) == out.end()) {
      out.push_back(endpoint->address);
    }
  }
  if (out.empty()) return make_error("no address of the wanted family");
  return out;
}

DnsResolver::DnsResolver(EventLoop& loop, unsigned threads) : pool_(loop, threads) {}

void DnsResolver::resolve(const std::string& name, std::optional<IpAddress::Family> family,
                          Done done) {
  auto result = std::make_shared<std::optional<Addresses>>();
  pool_.submit([result, name, family] { *result = resolve_name_blocking(name, family); },
               [result, done = std::move(done)] {
                 done(*result ? std::move(**result) : make_error("the lookup did not complete"));
               });
}

}  // namespace oakley::net
