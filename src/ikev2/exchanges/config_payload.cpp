#include "ikev2/exchanges/config_payload.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ike/virtual_ip_check.hpp"
#include "ikev2/exchange_context.hpp"
#include "ikev2/sa_log.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;
using A = w::CpAttributeType;

namespace {

A address_type(const IpAddress& a) {
  return a.is_v4() ? A::kInternalIp4Address : A::kInternalIp6Address;
}

// Asking for "any" address sends the attribute empty; a specific one sends it as a wish.
w::CpAttribute request_for(const IpAddress& vip) {
  if (vip.is_unspecified()) return w::CpAttribute{address_type(vip), {}};
  if (vip.is_v4()) return w::CpAttribute::address(A::kInternalIp4Address, vip);
  return w::CpAttribute::ip6_prefix(A::kInternalIp6Address, vip, 128);
}

const config::Pool* pool_for(const config::Config& cfg, const config::Connection& conn,
                             IpAddress::Family family) {
  for (const auto& name : conn.pools) {
    const auto* pool = cfg.find_pool(name);
    if (pool && pool->first.family() == family) return pool;
  }
  return nullptr;
}

void add_servers(w::CpPayload& reply, const config::Pool& pool, IpAddress::Family family) {
  const bool v4 = family == IpAddress::Family::kV4;
  for (const auto& dns : pool.dns) {
    if (dns.family() == family)
      reply.attributes.push_back(
          w::CpAttribute::address(v4 ? A::kInternalIp4Dns : A::kInternalIp6Dns, dns));
  }
  for (const auto& nbns : pool.nbns) {
    if (v4 && nbns.is_v4())
      reply.attributes.push_back(w::CpAttribute::address(A::kInternalIp4Nbns, nbns));
  }
}

}  // namespace

std::optional<w::Payload> cp_request(const config::Connection& conn) {
  if (conn.vips.empty()) return std::nullopt;
  w::CpPayload cp{w::CfgType::kRequest, {}};
  for (const auto& vip : conn.vips) {
    cp.attributes.push_back(request_for(vip));
    cp.attributes.push_back(
        w::CpAttribute{vip.is_v4() ? A::kInternalIp4Dns : A::kInternalIp6Dns, {}});
  }
  return w::Payload{std::move(cp), false};
}

namespace {

// What the gateway must not assign us (see ike/virtual_ip_check.hpp): the addresses of this IKE SA
// and the networks our children name as local. Other addresses of this host are not known here.
ike::VirtualIpContext vip_context(const IkeSa& sa) {
  ike::VirtualIpContext ctx;
  ctx.own_addresses = {sa.local.address, sa.remote.address};
  for (const auto& child : sa.connection->children) {
    for (const auto& ts : child.local_ts) {
      const auto& r = ts.selector;
      bool everything =
          r.start == IpAddress::any(r.family()) && r.end == IpAddress::all_ones(r.family());
      if (!ts.dynamic && !everything) ctx.local_networks.push_back(r);
    }
  }
  return ctx;
}

std::vector<IpAddress::Family> requested_families(const config::Connection& conn) {
  std::vector<IpAddress::Family> out;
  for (const auto& v : conn.vips)
    out.push_back(v.family());
  return out;
}

}  // namespace

Status accept_cp_reply(ExchangeContext& ctx, IkeSa& sa, const Payloads& payloads) {
  if (sa.connection->vips.empty()) return {};
  const auto* cp = w::find<w::CpPayload>(payloads);
  if (cp && cp->cfg_type == w::CfgType::kReply) {
    ike::VirtualIpSelection pick(requested_families(*sa.connection), vip_context(sa));
    for (const auto& attr : cp->attributes) {
      if (attr.type != A::kInternalIp4Address && attr.type != A::kInternalIp6Address) continue;
      auto address = attr.as_address();
      if (!address) continue;
      if (auto why = pick.offer(*address)) {
        ++ctx.mutable_stats().vips_refused;
        sa_log(sa, log::Level::kWarn, "ignoring virtual IP {} assigned by the peer: {}",
               address->to_string(), *why);
      }
    }
    for (const auto& address : pick.accepted()) {
      if (auto st = ctx.dataplane().add_virtual_ip(address); !st) {
        return make_error(fmt::format("cannot install virtual IP {}: {}", address.to_string(),
                                      st.error().message));
      }
      sa.local_vips.push_back(address);
      sa_log(sa, log::Level::kInfo, "installed virtual IP {}", address.to_string());
    }
    for (const auto& attr : cp->attributes) {
      if (attr.type != A::kInternalIp4Dns && attr.type != A::kInternalIp6Dns) continue;
      if (auto dns = attr.as_address()) {
        if (sa.peer_dns.size() < ike::kMaxPeerDns) sa.peer_dns.push_back(*dns);
        sa_log(sa, log::Level::kInfo, "peer offers DNS server {} (not applied)", dns->to_string());
      }
    }
  }
  if (sa.local_vips.empty()) {
    return make_error("we asked for a virtual IP (vips) and the peer assigned none we can use");
  }
  return {};
}

Result<std::optional<w::Payload>> answer_cp_request(ExchangeContext& ctx, IkeSa& sa,
                                                    const config::Connection& conn,
                                                    const Payloads& payloads) {
  const auto* cp = w::find<w::CpPayload>(payloads);
  if (!cp || cp->cfg_type != w::CfgType::kRequest) return std::optional<w::Payload>{};
  if (conn.pools.empty()) {
    sa_log(sa, log::Level::kInfo,
           "peer asks for a virtual IP, connection '{}' has no pools: none assigned", conn.name);
    return std::optional<w::Payload>{};
  }
  w::CpPayload reply{w::CfgType::kReply, {}};
  std::string identity = sa.remote_identity.to_string();
  std::vector<IpAddress::Family> answered;
  for (const auto& attr : cp->attributes) {
    if (attr.type != A::kInternalIp4Address && attr.type != A::kInternalIp6Address) continue;
    auto family =
        attr.type == A::kInternalIp4Address ? IpAddress::Family::kV4 : IpAddress::Family::kV6;
    // One lease per family: more requests would only repeat it and grow the reply.
    if (std::find(answered.begin(), answered.end(), family) != answered.end()) continue;
    answered.push_back(family);
    const auto* pool = pool_for(*sa.config_snapshot, conn, family);
    if (!pool) continue;
    auto lease = ctx.address_pools().acquire(*pool, identity);
    if (!lease) return lease.take_error();
    sa.peer_vips.push_back(IkeSa::PeerVip{pool->name, *lease});
    reply.attributes.push_back(request_for(*lease));
    add_servers(reply, *pool, family);
    sa_log(sa, log::Level::kInfo, "assigned virtual IP {} from pool '{}' to '{}'",
           lease->to_string(), pool->name, identity);
  }
  if (reply.attributes.empty()) return std::optional<w::Payload>{};
  return std::optional<w::Payload>{w::Payload{std::move(reply), false}};
}

void release_vips(ExchangeContext& ctx, IkeSa& sa) {
  for (const auto& v : sa.peer_vips)
    ctx.address_pools().release(v.pool, v.address);
  sa.peer_vips.clear();
  for (const auto& a : sa.local_vips) {
    if (auto st = ctx.dataplane().remove_virtual_ip(a); !st) {
      sa_log(sa, log::Level::kWarn, "removing virtual IP {}: {}", a.to_string(),
             st.error().message);
    }
  }
  sa.local_vips.clear();
}

}  // namespace oakley::ikev2
