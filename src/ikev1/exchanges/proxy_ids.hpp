// Quick Mode proxy identities (RFC 2409 5.5, IDci/IDcr) against configured traffic selectors. An
// IKEv1 proxy ID carries one selector per side, so a child with several local_ts/remote_ts is
// negotiated as one Quick Mode (and one IPsec SA pair) per combination, as a policy-based VPN
// expects.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "config/connection.hpp"
#include "ikev1/exchange.hpp"

namespace oakley::ikev1 {

struct SelectorPair {
  TrafficSelector local, remote;
};

// Every local_ts x remote_ts pair of the child, 'dynamic' resolved to the IKE addresses.
std::vector<SelectorPair> selector_pairs(const config::Child& child, const IpAddress& local,
                                         const IpAddress& remote);

// IDci and IDcr of a Quick Mode message; nullopt when it carries none (the proxies are then the
// IKE peers themselves). An error for one ID or IDs that name no address selector.
struct ProxyIds {
  TrafficSelector initiator, responder;
};
Result<std::optional<ProxyIds>> read_proxy_ids(const Payloads& payloads);
void append_proxy_ids(const ProxyIds& ids, Payloads& out);

// Responder: the child (of the connection) whose selector pair contains the proposed proxies;
// if none contains them, the first that overlaps, narrowed. nullopt when nothing fits, with both
// sets named in `why`.
struct ProxyMatch {
  const config::Child* child = nullptr;
  std::size_t pair_index = 0;
  SelectorPair selectors;  // what will be installed (ours: local; the peer's: remote)
  bool narrowed = false;
};
std::optional<ProxyMatch> match_proxy_ids(const config::Connection& conn, const IpAddress& local,
                                          const IpAddress& remote, const ProxyIds& proposed,
                                          std::string* why);

std::string describe(const SelectorPair& p);  // "10.1.0.0/24 === 10.2.0.0/24"

}  // namespace oakley::ikev1
