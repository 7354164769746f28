#include "ikev1/exchanges/informational.hpp"

#include <fmt/format.h>

#include "ike/diagnosis/failures.hpp"
#include "ikev1/diagnosis_offers.hpp"
#include "ikev1/esp_proposals.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/exchanges/aggressive_mode.hpp"
#include "ikev1/exchanges/dpd.hpp"
#include "ikev1/exchanges/main_mode.hpp"
#include "ikev1/exchanges/quick_mode.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using N = w::NotifyType;

namespace {

bool is_error(N type) {
  return static_cast<std::uint16_t>(type) < 8192;  // RFC 2408 3.14.1: 1-8191 are errors
}

// The Quick Mode an error notify is about: by the SPI it names, or the only one of ours
// outstanding when the peer named none.
std::optional<std::uint32_t> quick_mode_for(IsakmpSa& sa, const w::NotifyPayload& n) {
  std::vector<std::uint32_t> ours;
  for (auto& [mid, rec] : sa.exchanges) {
    auto qm = rec->handler ? rec->handler->child_in_flight() : std::nullopt;
    if (!qm) continue;
    if (n.spi.size() == 4 && rec->handler->names_spi(load_be32(n.spi.data()))) return mid;
    if (qm->we_initiate) ours.push_back(mid);
  }
  if (ours.size() == 1 && n.spi.size() != 4) return ours.front();
  return std::nullopt;
}

// What our Phase 1 initiator offered (nothing when we are not initiating Phase 1 on this SA).
const std::vector<Phase1Transform>* phase1_offer(const IsakmpSa& sa) {
  auto it = sa.exchanges.find(0);
  if (it == sa.exchanges.end() || !it->second->handler) return nullptr;
  return it->second->handler->offered_phase1();
}

// The peer refused our Phase 1 proposals: what we offered, for diagnose.
void note_phase1_refusal(ExchangeContext& ctx, const IsakmpSa& sa,
                         const std::vector<Phase1Transform>& ours, std::string notify) {
  if (!sa.connection) return;
  auto f = ike::diagnosis::proposal_mismatch(
      sa.aggressive ? ike::diagnosis::Phase::kAggressiveMode : ike::diagnosis::Phase::kMainMode,
      false, offers_of(ours), {});
  f.peer_notify = std::move(notify);
  f.peer = sa.remote;
  ctx.diagnosis().failed(sa.connection->name, sa.id, std::move(f), ctx.timers().now());
}

// Errors a peer sends when it rejects our identity, certificate or signature after we finished
// Phase 1 on our side.
bool refuses_phase1_authentication(N type) {
  return type == N::kAuthenticationFailed || type == N::kInvalidIdInformation ||
         type == N::kInvalidSignature || type == N::kInvalidCertificate ||
         type == N::kCertificateUnavailable || type == N::kInvalidCertAuthority;
}

void on_error_notify(ExchangeContext& ctx, IsakmpSa& sa, const w::NotifyPayload& n,
                     bool authenticated) {
  std::string name = w::notify_name(n.type);
  if (sa.state == IsakmpState::kNegotiating) {
    // Before Phase 1 completes the peer has no keys to protect the notify with (RFC 2409 leaves
    // it unprotected); believing it only for this still-open negotiation limits the damage.
    std::string why = fmt::format("peer refused Phase 1 with {}", name);
    if (n.type == N::kNoProposalChosen) {
      if (const auto* offer = phase1_offer(sa)) {
        why += fmt::format(" (we offered {})", describe(*offer));
        note_phase1_refusal(ctx, sa, *offer, name);
      }
    }
    ctx.destroy_sa(sa, why, true);
    return;
  }
  if (!authenticated) {
    sa_log(sa, log::Level::kInfo, "ignoring unauthenticated {} for an established ISAKMP SA", name);
    return;
  }
  if (auto mid = quick_mode_for(sa, n)) {
    if (const auto* rec = sa.exchange(*mid); rec && sa.connection) {
      if (auto refusal = rec->handler ? rec->handler->refused_with(n.type) : std::nullopt) {
        ctx.diagnosis().failed(sa.connection->name, sa.id, std::move(*refusal), ctx.timers().now());
      }
    }
    ctx.fail_exchange(sa, *mid, fmt::format("peer refused the Quick Mode with {}", name));
    return;
  }
  if (n.protocol == w::ProtocolId::kIsakmp && refuses_phase1_authentication(n.type)) {
    ctx.destroy_sa(sa, fmt::format("peer refused our Phase 1 authentication with {}", name), true);
    return;
  }
  sa_log(sa, log::Level::kInfo, "received {} error notify (SPI {})", name,
         n.spi.empty() ? "none" : to_hex(n.spi));
}

// Phase 1 attribute numbers (RFC 2409 appendix A) in an ISAKMP notify, IPsec DOI ones (RFC
// 2407 4.5) in an ESP notify; read both, as implementations differ.
void read_lifetimes(const w::NotifyPayload& n, std::uint64_t& seconds, std::uint64_t& kilobytes) {
  parse_lifetime_attributes(n.data, seconds, kilobytes);
  auto attrs = wire::parse_data_attributes(n.data);
  if (!attrs) return;
  std::optional<std::uint64_t> type;
  for (const auto& a : *attrs) {
    if (a.type == static_cast<std::uint16_t>(w::Phase1Attribute::kLifeType)) type = a.as_integer();
    if (a.type != static_cast<std::uint16_t>(w::Phase1Attribute::kLifeDuration) || !type) continue;
    if (*type == static_cast<std::uint16_t>(w::LifeType::kSeconds))
      seconds = a.as_integer().value_or(0);
    if (*type == static_cast<std::uint16_t>(w::LifeType::kKilobytes))
      kilobytes = a.as_integer().value_or(0);
  }
}

void on_responder_lifetime(ExchangeContext& ctx, IsakmpSa& sa, const w::NotifyPayload& n) {
  std::uint64_t seconds = 0, kilobytes = 0;
  read_lifetimes(n, seconds, kilobytes);
  ++ctx.mutable_stats().responder_lifetime_received;
  if (n.protocol == w::ProtocolId::kIsakmp) return ctx.lower_lifetime(sa, seconds);
  if (n.spi.size() != 4) return;
  std::uint32_t spi = load_be32(n.spi.data());
  ChildSa* child = sa.find_child_by_spi_in(spi);
  if (!child) child = sa.find_child_by_spi_out(spi);
  if (!child) {
    sa_log(sa, log::Level::kDebug, "RESPONDER-LIFETIME for unknown SPI {:08x}", spi);
    return;
  }
  ctx.lower_lifetime(sa, *child, seconds, kilobytes);
}

void on_notify(ExchangeContext& ctx, IsakmpSa& sa, const w::NotifyPayload& n, bool authenticated) {
  ++ctx.mutable_stats().notifies_received;
  if (is_error(n.type)) return on_error_notify(ctx, sa, n, authenticated);
  if (!authenticated) {
    sa_log(sa, log::Level::kDebug, "ignoring unauthenticated {}", w::notify_name(n.type));
    return;
  }
  switch (n.type) {
    case N::kRUThere:
      return on_r_u_there(ctx, sa, n);
    case N::kRUThereAck:
      return on_r_u_there_ack(ctx, sa, n);
    case N::kInitialContact:
      return ctx.drop_stale_sas(sa);
    case N::kResponderLifetime:
      return on_responder_lifetime(ctx, sa, n);
    default:
      sa_log(sa, log::Level::kInfo, "received {} notify", w::notify_name(n.type));
  }
}

// The IPsec SA whose outbound SPI is `spi`, on `sa` or on another ISAKMP SA of the same peer
// (whose Phase 1 rekey took it over, or that it is about to): a peer may delete only its own.
ChildSa* find_deleted_child(ExchangeContext& ctx, IsakmpSa& sa, std::uint32_t spi,
                            IsakmpSa*& home) {
  home = &sa;
  if (ChildSa* child = sa.find_child_by_spi_out(spi)) return child;
  IsakmpSa* foreign = nullptr;
  for (auto* other : ctx.sas_of(*sa.connection)) {
    if (other == &sa || !other->find_child_by_spi_out(spi)) continue;
    if (!same_peer(sa, *other)) {
      foreign = other;
      continue;
    }
    home = other;
    return other->find_child_by_spi_out(spi);
  }
  if (foreign) {
    ++ctx.mutable_stats().deletes_refused;
    sa_log(sa, log::Level::kWarn,
           "DELETE for ESP SPI {:08x} of ISAKMP SA #{}, another peer's; ignored", spi, foreign->id);
  } else {
    sa_log(sa, log::Level::kDebug, "DELETE for unknown ESP SPI {:08x}", spi);
  }
  return nullptr;
}

void on_delete(ExchangeContext& ctx, IsakmpSa& sa, const w::DeletePayload& d) {
  ++ctx.mutable_stats().deletes_received;
  if (d.protocol == w::ProtocolId::kIsakmp) {
    for (const auto& spi : d.spis) {
      if (spi.size() == 16 && load_be64(spi.data()) == sa.icookie &&
          load_be64(spi.data() + 8) == sa.rcookie) {
        ctx.retire_sa(sa, "deleted by the peer");
        return;
      }
    }
    sa_log(sa, log::Level::kInfo, "DELETE names another ISAKMP SA's cookies; ignored");
    return;
  }
  if (d.protocol != w::ProtocolId::kEsp) {
    sa_log(sa, log::Level::kInfo, "DELETE for {} SAs, which we never negotiate; ignored",
           w::protocol_name(d.protocol));
    return;
  }
  for (const auto& spi : d.spis) {
    if (spi.size() != 4) continue;
    std::uint32_t v = load_be32(spi.data());
    // The peer deletes its inbound SA: our outbound one carries that SPI.
    IsakmpSa* home = nullptr;
    ChildSa* child = find_deleted_child(ctx, sa, v, home);
    if (!child) continue;
    sa_log(*home, *child, log::Level::kInfo,
           "peer deleted CHILD_SA {}{{{}}} (SPIs {:08x}_i {:08x}_o)", child->name(), child->id,
           child->spi_in, child->spi_out);
    ExchangeContext::ChildEnd why = child->state == ChildState::kRekeyed
                                        ? ExchangeContext::ChildEnd::kDeleted
                                        : ExchangeContext::ChildEnd::kClosedByPeer;
    // After colliding negotiations the peer may drop the newer pair and keep the one we thought
    // replaced: that one then carries on, and nothing was really closed.
    if (ctx.revive_predecessor(*child)) why = ExchangeContext::ChildEnd::kDeleted;
    ctx.remove_child(*home, child->id, why);
  }
}

}  // namespace

w::Payload delete_isakmp_payload(const IsakmpSa& sa) {
  return w::Payload{w::DeletePayload::isakmp(sa.icookie, sa.rcookie)};
}

w::Payload delete_esp_payload(const std::vector<std::uint32_t>& spis) {
  return w::Payload{w::DeletePayload::ipsec(w::ProtocolId::kEsp, spis)};
}

w::Payload error_notify(N type, w::ProtocolId protocol, Bytes spi) {
  w::NotifyPayload n;
  n.protocol = protocol;
  n.spi = std::move(spi);
  n.type = type;
  return w::Payload{std::move(n)};
}

void handle_informational(ExchangeContext& ctx, IsakmpSa& sa, const Payloads& payloads,
                          bool authenticated) {
  std::uint32_t sa_id = sa.id;
  for (const auto& p : payloads) {
    // Handling a payload may delete the SA (an ISAKMP DELETE, a Phase 1 error).
    IsakmpSa* s = ctx.find_sa(sa_id);
    if (!s) return;
    if (const auto* n = p.get<w::NotifyPayload>()) {
      on_notify(ctx, *s, *n, authenticated);
    } else if (const auto* d = p.get<w::DeletePayload>()) {
      if (authenticated) {
        on_delete(ctx, *s, *d);
      } else {
        sa_log(*s, log::Level::kInfo, "ignoring a DELETE that was not encrypted");
      }
    }
  }
}

}  // namespace oakley::ikev1
