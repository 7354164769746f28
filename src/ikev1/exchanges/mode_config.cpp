#include "ikev1/exchanges/mode_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "crypto/random.hpp"
#include "ike/sa_events.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/exchanges/transaction.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using A = w::ModeCfgAttribute;

namespace {

std::uint16_t type_of(A a) {
  return static_cast<std::uint16_t>(a);
}

bool is_address_attribute(std::uint16_t t) {
  return t == type_of(A::kInternalIp4Address) || t == type_of(A::kInternalIp6Address);
}

IpAddress::Family family_of(std::uint16_t t) {
  return t == type_of(A::kInternalIp4Address) ? IpAddress::Family::kV4 : IpAddress::Family::kV6;
}

// An address attribute's value: 4 bytes, or 16 (+ a prefix length byte for IPv6).
std::optional<IpAddress> address_of(const wire::DataAttribute& a) {
  const auto* b = std::get_if<Bytes>(&a.value);
  if (!b || b->empty()) return std::nullopt;
  std::size_t n = a.type == type_of(A::kInternalIp4Address) ? 4 : 16;
  if (b->size() < n) return std::nullopt;
  return IpAddress::from_bytes(ByteView(b->data(), n));
}

// A DNS server attribute's value (4 or 16 bytes), for updown's PLUTO_DNS4_n / PLUTO_DNS6_n.
std::optional<IpAddress> dns_of(const wire::DataAttribute& a) {
  bool v4 = a.type == type_of(A::kInternalIp4Dns);
  if (!v4 && a.type != type_of(A::kInternalIp6Dns)) return std::nullopt;
  const auto* b = std::get_if<Bytes>(&a.value);
  if (!b || b->size() != (v4 ? 4u : 16u)) return std::nullopt;
  return IpAddress::from_bytes(ByteView(b->data(), b->size()));
}

wire::DataAttribute address_attribute(A type, const IpAddress& a) {
  (void)type;
  auto raw = a.bytes();
  return wire::DataAttribute::variable(type_of(type), Bytes(raw.begin(), raw.end()));
}

std::optional<IpAddress> leased_on(const IsakmpSa& sa, IpAddress::Family family) {
  for (const auto& v : sa.peer_vips) {
    if (v.address.family() == family) return v.address;
  }
  return std::nullopt;
}

const config::Pool* pool_for(const IsakmpSa& sa, IpAddress::Family family) {
  for (const auto& name : sa.connection->pools) {
    const auto* pool = sa.config_snapshot->find_pool(name);
    if (pool && pool->first.family() == family) return pool;
  }
  return nullptr;
}

}  // namespace

std::vector<IpAddress> assigned_vips(const w::AttributePayload& reply, std::size_t* ignored) {
  std::vector<IpAddress> out;
  std::size_t extra = 0;
  for (const auto& attr : reply.attributes) {
    if (!is_address_attribute(attr.type)) continue;
    auto address = address_of(attr);
    if (!address || address->is_unspecified()) continue;
    bool have_family = std::any_of(out.begin(), out.end(), [&](const IpAddress& a) {
      return a.family() == address->family();
    });
    if (have_family) {
      ++extra;
      continue;
    }
    out.push_back(*address);
  }
  if (ignored) *ignored = extra;
  return out;
}

// ---- client -----------------------------------------------------------------------------------

Outcome ModeConfigInitiator::start(IsakmpSa& sa) {
  identifier_ = static_cast<std::uint16_t>(crypto::random_u32());
  w::AttributePayload request{w::CfgType::kRequest, identifier_, {}};
  for (const auto& vip : sa.connection->vips) {
    auto type = vip.is_v4() ? A::kInternalIp4Address : A::kInternalIp6Address;
    request.attributes.push_back(vip.is_unspecified()
                                     ? wire::DataAttribute::variable(type_of(type), {})
                                     : address_attribute(type, vip));
    request.attributes.push_back(wire::DataAttribute::variable(
        type_of(vip.is_v4() ? A::kInternalIp4Dns : A::kInternalIp6Dns), {}));
  }
  sa_log(sa, log::Level::kInfo, "asking for a virtual IP with Mode Config");
  return Outcome::send(transaction_message(sa, message_id(), std::move(request)),
                       Outcome::After::kAwaitReply);
}

Outcome ModeConfigInitiator::on_message(IsakmpSa& sa, const Inbound& in) {
  const auto* reply = verified_transaction(sa, in, message_id());
  if (!reply) return Outcome::ignore("Mode Config reply without a valid HASH");
  if (reply->cfg_type != w::CfgType::kReply) return Outcome::ignore("not a CFG_REPLY");
  for (const auto& attr : reply->attributes) {
    if (auto dns = dns_of(attr); dns && sa.peer_dns.size() < ike::kMaxPeerDns)
      sa.peer_dns.push_back(*dns);
  }
  std::size_t ignored = 0;
  for (const auto& address : assigned_vips(*reply, &ignored)) {
    if (auto st = ctx_.add_virtual_ip(address); !st) {
      return Outcome::failed(
          fmt::format("cannot install virtual IP {}: {}", address.to_string(), st.error().message));
    }
    sa.local_vips.push_back(address);
    sa_log(sa, log::Level::kInfo, "installed virtual IP {}", address.to_string());
  }
  if (ignored) {
    ctx_.mutable_stats().vips_ignored += ignored;
    sa_log(sa, log::Level::kInfo,
           "the gateway assigned {} more virtual IP(s) of a family we already have; ignored",
           ignored);
  }
  if (sa.local_vips.empty()) {
    return Outcome::failed("we asked for a virtual IP (vips) and the peer assigned none");
  }
  return Outcome::finished();
}

void ModeConfigInitiator::on_finished(IsakmpSa& sa) {
  ctx_.on_mode_config_done(sa, Status{});
}

void ModeConfigInitiator::abort(IsakmpSa& sa, std::string_view why) {
  ctx_.on_mode_config_done(sa, make_error(std::string(why)));
}

// ---- gateway ----------------------------------------------------------------------------------

Outcome ModeConfigResponder::on_message(IsakmpSa& sa, const Inbound& in) {
  const auto* request = verified_transaction(sa, in, message_id());
  if (!request) return Outcome::ignore("Mode Config request without a valid HASH");
  if (request->cfg_type != w::CfgType::kRequest) {
    return Outcome::failed(fmt::format("Mode Config {} is not supported (pull mode only)",
                                       static_cast<int>(request->cfg_type)));
  }
  w::AttributePayload reply{w::CfgType::kReply, request->identifier, {}};
  // Leases follow the user: behind a group PSK many users share one Phase 1 identity.
  std::string identity = sa.xauth_user.empty() ? sa.remote_identity.to_string() : sa.xauth_user;
  std::set<IpAddress::Family> answered;
  for (const auto& attr : request->attributes) {
    if (!is_address_attribute(attr.type)) continue;
    auto family = family_of(attr.type);
    // One address per family, and one lease per family for the SA however often it asks.
    if (!answered.insert(family).second) continue;
    const auto* pool = sa.connection ? pool_for(sa, family) : nullptr;
    if (!pool) continue;
    auto lease = leased_on(sa, family);
    if (!lease) {
      auto fresh = ctx_.acquire_address(*pool, identity);
      if (!fresh) return Outcome::failed(fresh.error().message);
      lease = *fresh;
      sa.peer_vips.push_back(IsakmpSa::PeerVip{pool->name, *lease});
    }
    reply.attributes.push_back(address_attribute(
        family == IpAddress::Family::kV4 ? A::kInternalIp4Address : A::kInternalIp6Address,
        *lease));
    for (const auto& dns : pool->dns) {
      if (dns.family() != family) continue;
      reply.attributes.push_back(address_attribute(
          family == IpAddress::Family::kV4 ? A::kInternalIp4Dns : A::kInternalIp6Dns, dns));
    }
    sa_log(sa, log::Level::kInfo, "assigned virtual IP {} from pool '{}' to '{}'",
           lease->to_string(), pool->name, identity);
  }
  if (sa.peer_vips.empty()) {
    sa_log(sa, log::Level::kInfo,
           "peer asks for a virtual IP and connection '{}' has no pool "
           "for it: none assigned",
           sa.name());
  }
  return Outcome::send(transaction_message(sa, message_id(), std::move(reply)),
                       Outcome::After::kFinished);
}

void release_vips(ExchangeContext& ctx, IsakmpSa& sa) {
  for (const auto& v : sa.peer_vips)
    ctx.release_address(v.pool, v.address);
  sa.peer_vips.clear();
  for (const auto& a : sa.local_vips) {
    if (ctx.vip_held_elsewhere(sa, a)) continue;  // a reauthenticated SA got the same one
    if (auto st = ctx.remove_virtual_ip(a); !st) {
      sa_log(sa, log::Level::kWarn, "removing virtual IP {}: {}", a.to_string(),
             st.error().message);
    }
  }
  sa.local_vips.clear();
}

}  // namespace oakley::ikev1
