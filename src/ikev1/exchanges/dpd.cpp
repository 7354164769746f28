#include "ikev1/exchanges/dpd.hpp"

#include <fmt/format.h>

#include "crypto/random.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/sa_log.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

Duration as_duration(std::chrono::seconds s) {
  return std::chrono::duration_cast<Duration>(s);
}

void send_r_u_there(ExchangeContext& ctx, IsakmpSa& sa) {
  ++sa.dpd_sequence;
  if (sa.dpd_sequence == 0) sa.dpd_sequence = 1;
  ++ctx.mutable_stats().dpd_sent;
  sa_log(sa, log::Level::kDebug, "sending R-U-THERE #{}", sa.dpd_sequence);
  ctx.send_informational(
      sa, {w::Payload{w::NotifyPayload::dpd(false, sa.icookie, sa.rcookie, sa.dpd_sequence)}});
}

void tick(ExchangeContext& ctx, std::uint32_t sa_id) {
  IsakmpSa* sa = ctx.find_sa(sa_id);
  if (!sa || sa->state != IsakmpState::kEstablished) return;
  const auto& conn = *sa->connection;
  auto delay = as_duration(conn.dpd_delay);
  auto timeout = as_duration(conn.dpd_timeout.count() > 0 ? conn.dpd_timeout : kDefaultDpdTimeout);
  auto now = ctx.timers().now();
  std::uint64_t esp = ctx.inbound_esp_packets(*sa);
  bool esp_arrived = esp != sa->dpd_inbound_packets;
  sa->dpd_inbound_packets = esp;
  if (esp_arrived) sa->last_inbound = now;
  if (sa->dpd_unacked_since && now - *sa->dpd_unacked_since >= timeout) {
    ctx.peer_dead(*sa,
                  fmt::format("no R-U-THERE-ACK for {}s (dpd_timeout)",
                              std::chrono::duration_cast<std::chrono::seconds>(timeout).count()));
    return;
  }
  if (now - sa->last_inbound >= delay) {
    if (!sa->dpd_unacked_since) sa->dpd_unacked_since = now;
    send_r_u_there(ctx, *sa);
  }
  sa->dpd_timer = ctx.timers().schedule(delay, [&ctx, sa_id] { tick(ctx, sa_id); });
}

}  // namespace

void start_dpd(ExchangeContext& ctx, IsakmpSa& sa) {
  if (!sa.connection || sa.connection->dpd_delay.count() <= 0) return;
  if (!sa.peer.dpd) {
    sa_log(sa, log::Level::kInfo,
           "dpd_delay is set but the peer did not announce RFC 3706 DPD: no liveness checks");
    return;
  }
  // RFC 3706 5.5: start from a random sequence number.
  sa.dpd_sequence = crypto::random_u32() & 0x7fffffff;
  std::uint32_t sa_id = sa.id;
  sa.dpd_timer = ctx.timers().schedule(as_duration(sa.connection->dpd_delay),
                                       [&ctx, sa_id] { tick(ctx, sa_id); });
}

void on_r_u_there(ExchangeContext& ctx, IsakmpSa& sa, const w::NotifyPayload& n) {
  auto seq = n.dpd_sequence();
  if (!seq) {
    sa_log(sa, log::Level::kInfo, "R-U-THERE with {} bytes of data, expected a 4-byte sequence",
           n.data.size());
    return;
  }
  ++ctx.mutable_stats().dpd_answered;
  ctx.send_informational(sa,
                         {w::Payload{w::NotifyPayload::dpd(true, sa.icookie, sa.rcookie, *seq)}});
}

void on_r_u_there_ack(ExchangeContext& ctx, IsakmpSa& sa, const w::NotifyPayload& n) {
  auto seq = n.dpd_sequence();
  if (!seq || *seq != sa.dpd_sequence) {
    sa_log(sa, log::Level::kDebug, "R-U-THERE-ACK #{} does not answer our #{}", seq.value_or(0),
           sa.dpd_sequence);
    return;
  }
  ++ctx.mutable_stats().dpd_acks_received;
  sa.dpd_unacked_since.reset();
}

}  // namespace oakley::ikev1
