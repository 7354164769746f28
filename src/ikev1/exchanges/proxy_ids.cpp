#include "ikev1/exchanges/proxy_ids.hpp"

#include <fmt/format.h>

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

TrafficSelector resolve(const config::TrafficSelectorSpec& spec, const IpAddress& self) {
  TrafficSelector ts = spec.selector;
  if (spec.dynamic) ts.start = ts.end = self;
  return ts;
}

bool negotiable(const config::Child& c) {
  return c.mode == config::ChildMode::kTunnel || c.mode == config::ChildMode::kTransport;
}

}  // namespace

std::string describe(const SelectorPair& p) {
  return p.local.to_string() + " === " + p.remote.to_string();
}

std::vector<SelectorPair> selector_pairs(const config::Child& child, const IpAddress& local,
                                         const IpAddress& remote) {
  std::vector<SelectorPair> out;
  for (const auto& l : child.local_ts) {
    for (const auto& r : child.remote_ts) {
      auto ls = resolve(l, local);
      auto rs = resolve(r, remote);
      if (ls.family() != rs.family()) continue;
      // The "%any" default gives both families; the IKE addresses' family is the one that works.
      out.push_back({ls, rs});
    }
  }
  return out;
}

Result<std::optional<ProxyIds>> read_proxy_ids(const Payloads& payloads) {
  auto ids = w::find_all<w::IdPayload>(payloads);
  if (ids.empty()) return std::optional<ProxyIds>{};
  if (ids.size() != 2) {
    return make_error(
        fmt::format("Quick Mode carries {} ID payload(s), expected IDci and IDcr", ids.size()));
  }
  auto i = ids[0]->to_traffic_selector();
  auto r = ids[1]->to_traffic_selector();
  if (!i || !r) {
    return make_error("a Quick Mode ID is not an address, subnet or range (type " +
                      std::to_string(static_cast<int>((i ? ids[1] : ids[0])->id_type)) + ")");
  }
  return std::optional<ProxyIds>{ProxyIds{*i, *r}};
}

void append_proxy_ids(const ProxyIds& ids, Payloads& out) {
  out.push_back(w::Payload{w::IdPayload::from_traffic_selector(ids.initiator)});
  out.push_back(w::Payload{w::IdPayload::from_traffic_selector(ids.responder)});
}

std::optional<ProxyMatch> match_proxy_ids(const config::Connection& conn, const IpAddress& local,
                                          const IpAddress& remote, const ProxyIds& proposed,
                                          std::string* why) {
  std::optional<ProxyMatch> partial;
  std::string configured;
  for (const auto& child : conn.children) {
    if (!negotiable(child)) continue;
    auto pairs = selector_pairs(child, local, remote);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
      const auto& p = pairs[i];
      configured +=
          fmt::format("{}{}: {}", configured.empty() ? "" : ", ", child.name, describe(p));
      // The initiator's proxy is the peer's side for us.
      if (p.remote.contains(proposed.initiator) && p.local.contains(proposed.responder)) {
        return ProxyMatch{&child, i, {proposed.responder, proposed.initiator}, false};
      }
      auto r = p.remote.intersect(proposed.initiator);
      auto l = p.local.intersect(proposed.responder);
      if (r && l && !partial) partial = ProxyMatch{&child, i, {*l, *r}, true};
    }
  }
  if (partial) return partial;
  if (why) {
    *why =
        fmt::format("proxy IDs {} === {} (ours === theirs) match no child of '{}': configured {}",
                    proposed.responder.to_string(), proposed.initiator.to_string(), conn.name,
                    configured.empty() ? "(no tunnel or transport children)" : configured);
  }
  return std::nullopt;
}

}  // namespace oakley::ikev1
