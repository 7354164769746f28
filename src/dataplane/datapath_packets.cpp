// The packet side of the Datapath: policy lookup, ESP, lifetimes, inbound policy check.
#include "dataplane/datapath.hpp"
#include "dataplane/esp/packet.hpp"
#include "dataplane/selector_match.hpp"

namespace oakley::dataplane {

namespace {

// SEQUENCE_OVERFLOW_NEAR fires this many packets before the end of the sequence space: at a
// million packets per second that leaves a minute for the rekey.
constexpr std::uint64_t kSequenceMargin = std::uint64_t{1} << 26;
constexpr std::uint8_t kDefaultTtl = 64;

OutboundResult dropped(WorkerContext& ctx, DropReason r) {
  ctx.stats().drop(r);
  return {OutboundResult::Action::kDrop, r, nullptr};
}

bool limit_reached(const SaLimit& l, std::uint64_t packets, std::uint64_t bytes) {
  return (l.packets != 0 && packets >= l.packets) || (l.bytes != 0 && bytes >= l.bytes);
}

// The inner packet of a transport-mode SA gets back the IP header the sender took off.
bool rebuild_transport_header(esp::PacketBuffer& packet, std::uint8_t protocol,
                              const IpAddress& src, const IpAddress& dst) {
  const std::size_t payload = packet.size();
  if (src.is_v4()) {
    if (payload + esp::kIpv4HeaderSize > 0xffff) return false;
    std::uint8_t* h = packet.push_front(esp::kIpv4HeaderSize);
    if (h == nullptr) return false;
    esp::write_ipv4_header(h, src, dst, protocol,
                           static_cast<std::uint16_t>(payload + esp::kIpv4HeaderSize), kDefaultTtl);
    return true;
  }
  if (payload > 0xffff) return false;
  std::uint8_t* h = packet.push_front(esp::kIpv6HeaderSize);
  if (h == nullptr) return false;
  esp::write_ipv6_header(h, src, dst, protocol, static_cast<std::uint16_t>(payload), kDefaultTtl);
  return true;
}

}  // namespace

OutboundResult Datapath::outbound(WorkerContext& ctx, esp::PacketBuffer& packet) {
  auto info = esp::parse_ip_packet(packet.view());
  if (!info || info->total_length > packet.size()) return dropped(ctx, DropReason::kMalformed);
  packet.trim_back(packet.size() - info->total_length);
  const Snapshot& snap = *ctx.snapshot_;
  const PolicyEntry* policy = snap.policies.lookup(info->flow);
  if (policy == nullptr) return dropped(ctx, DropReason::kNoPolicy);
  const PolicyAction action = policy->config.action;
  if (action == PolicyAction::kPass || action == PolicyAction::kDrop)
    return dropped(ctx, DropReason::kPolicyDrop);
  auto it = snap.outbound.find(policy->config.reqid);
  if (it == snap.outbound.end()) {
    if (action == PolicyAction::kTrap)
      return hold_for_acquire(ctx, *policy, info->flow, packet.view());
    return dropped(ctx, DropReason::kNoOutboundSa);
  }
  const SaEntry& sa = *it->second;
  const std::size_t inner_size = packet.size();
  if (!within_hard_limit(sa, inner_size)) {
    sa.state->count_error(DropReason::kLifetimeExpired);
    return dropped(ctx, DropReason::kLifetimeExpired);
  }
  std::uint8_t nh = info->version == 4 ? esp::kProtoIpv4 : esp::kProtoIpv6;
  if (sa.esp.mode == Mode::kTransport) {
    packet.pull_front(info->header_length);
    nh = info->flow.protocol;
  }
  esp::OutboundResult r = esp::esp_outbound(sa.state->crypto(ctx.slot()), sa.esp,
                                            sa.state->sequence(), ctx.ivs(), nh, packet);
  if (r.reason != DropReason::kNone) {
    sa.state->count_error(r.reason);
    if (r.reason == DropReason::kSequenceOverflow && sa.state->fire_hard())
      emit(HardExpireEvent{sa.id, sa.reqid});
    return dropped(ctx, r.reason);
  }
  account(sa, inner_size);
  after_send(sa, r.seq);
  WorkerStats::add(ctx.stats().packets_out, 1);
  WorkerStats::add(ctx.stats().bytes_out, inner_size);
  return {OutboundResult::Action::kSend, DropReason::kNone, &sa};
}

OutboundResult Datapath::hold_for_acquire(WorkerContext& ctx, const PolicyEntry& policy,
                                          const esp::FlowKey& flow, ByteView packet) {
  const auto now = TrapQueue::Clock::now();
  if (policy.queue->acquire_due(now)) {
    WorkerStats::add(ctx.stats().acquires, 1);
    emit(AcquireEvent{policy.config.reqid, host_selector(flow, true), host_selector(flow, false)});
  }
  if (!policy.queue->push(packet, now)) return dropped(ctx, DropReason::kAcquireQueueFull);
  trap_held_.store(true, std::memory_order_release);
  return {OutboundResult::Action::kQueued, DropReason::kNone, nullptr};
}

void Datapath::drain_trap_queues(WorkerContext& ctx,
                                 const std::function<void(ByteView)>& send_again) {
  flush_pending_.store(false, std::memory_order_release);
  trap_held_.store(false, std::memory_order_release);  // set again below or by a new push
  refresh(ctx);
  const auto now = TrapQueue::Clock::now();
  const Snapshot& snap = *ctx.snapshot_;
  for (const auto& p : snap.policies.entries()) {
    if (!p.queue || p.queue->empty()) continue;
    if (!snap.outbound.count(p.config.reqid)) {
      trap_held_.store(true, std::memory_order_release);  // still waiting for its SA
      continue;
    }
    const std::size_t expired = p.queue->drain(now, send_again);
    for (std::size_t i = 0; i < expired; ++i)
      ctx.stats().drop(DropReason::kAcquireQueueFull);
  }
}

// Checked before a packet is carried: one that would take the SA past its hard limit is not.
// The caller counts the drop.
bool Datapath::within_hard_limit(const SaEntry& sa, std::size_t bytes) {
  SaState& st = *sa.state;
  if (st.hard_expired()) return false;
  const bool over = (sa.hard_limit.packets != 0 && st.packets() + 1 > sa.hard_limit.packets) ||
                    (sa.hard_limit.bytes != 0 && st.bytes() + bytes > sa.hard_limit.bytes);
  if (!over) return true;
  if (st.fire_hard()) emit(HardExpireEvent{sa.id, sa.reqid});
  return false;
}

// Counts a carried packet; workers race here, so a limit may be overshot by a packet per worker.
void Datapath::account(const SaEntry& sa, std::size_t bytes) {
  SaState& st = *sa.state;
  st.count(bytes);
  if (limit_reached(sa.soft_limit, st.packets(), st.bytes()) && st.fire_soft())
    emit(SoftExpireEvent{sa.id, sa.reqid});
  if (limit_reached(sa.hard_limit, st.packets(), st.bytes()) && st.fire_hard())
    emit(HardExpireEvent{sa.id, sa.reqid});
}

void Datapath::after_send(const SaEntry& sa, std::uint64_t seq) {
  const std::uint64_t limit = esp::OutboundSequence::limit(sa.esp.esn);
  if (seq >= limit - kSequenceMargin && sa.state->fire_overflow())
    emit(SequenceOverflowEvent{sa.id, sa.reqid, seq});
}

InboundResult Datapath::inbound(WorkerContext& ctx, esp::PacketBuffer& packet,
                                const IpAddress& outer_src, const IpAddress& outer_dst) {
  InboundResult out;
  auto header = esp::parse_esp_header(packet.view());
  const Snapshot& snap = *ctx.snapshot_;
  auto it = header ? snap.inbound.find(header->spi) : snap.inbound.end();
  if (!header || it == snap.inbound.end()) {
    out.reason = header ? DropReason::kNoSa : DropReason::kMalformed;
    ctx.stats().drop(out.reason);
    return out;
  }
  const SaEntry& sa = *it->second;
  out.sa = &sa;
  if (sa.state->hard_expired()) {
    out.reason = DropReason::kLifetimeExpired;
  } else {
    esp::InboundResult r =
        esp::esp_inbound(sa.state->crypto(ctx.slot()), sa.esp, sa.state->replay(), packet.view());
    out.reason = r.ok() ? finish_inbound(sa, packet, r, outer_src, outer_dst) : r.reason;
  }
  if (!out.ok()) {
    sa.state->count_error(out.reason);
    ctx.stats().drop(out.reason);
    return out;
  }
  WorkerStats::add(ctx.stats().packets_in, 1);
  WorkerStats::add(ctx.stats().bytes_in, packet.size());
  return out;
}

// Leaves the inner packet in the buffer, checks it against the SA's selectors and counts it.
DropReason Datapath::finish_inbound(const SaEntry& sa, esp::PacketBuffer& packet,
                                    const esp::InboundResult& r, const IpAddress& outer_src,
                                    const IpAddress& outer_dst) {
  packet.pull_front(r.payload_offset);
  packet.trim_back(packet.size() - r.payload_length);
  if (sa.esp.mode == Mode::kTransport &&
      !rebuild_transport_header(packet, r.next_header, outer_src, outer_dst))
    return DropReason::kMalformed;
  auto info = esp::parse_ip_packet(packet.view());
  if (!info) return DropReason::kMalformed;
  if (!any_selector_matches(sa.remote_ts, info->flow, true) ||
      !any_selector_matches(sa.local_ts, info->flow, false))
    return DropReason::kPolicyMismatch;
  if (!within_hard_limit(sa, packet.size())) return DropReason::kLifetimeExpired;
  account(sa, packet.size());
  return DropReason::kNone;
}

}  // namespace oakley::dataplane
