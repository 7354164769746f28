// IKEv2 fragments (RFC 7383) on the way in: accepted only when both sides announced
// IKEV2_FRAGMENTATION_SUPPORTED, bounded by max_fragments and max_packet before and after
// decryption, one reassembly per direction that ends when it completes, times out, or a newer
// message replaces it.
#include <fmt/format.h>

#include "common/log.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

// A peer retransmits a lost fragment with the whole message after a few seconds (RFC 7383 2.6.1
// leaves the rest to the retransmission): half a minute is ample, and bounds how long a fragment
// that never completes holds its bytes.
constexpr auto kReassemblyTimeout = std::chrono::seconds(30);

// Before IKE_AUTH completes the peer is unauthenticated: what it sends is logged per packet only at
// debug level.
log::Level peer_level(const IkeSa& sa) {
  return sa.state == IkeState::kCreated || sa.state == IkeState::kConnecting ? log::Level::kDebug
                                                                             : log::Level::kInfo;
}

std::size_t direction(const w::Message& msg) {
  return msg.header.response() ? 1 : 0;
}

}  // namespace

ReassemblyLimits Engine::reassembly_limits() const {
  const auto& d = config_->daemon;
  return {d.max_packet,
          static_cast<std::uint16_t>(std::min<std::uint32_t>(d.max_fragments, 0xffff))};
}

void Engine::drop_reassembly(IkeSa& sa, std::size_t dir) {
  // The direction's timer stays armed: it finds nothing, or the next reassembly, when it fires.
  sa.reassembly[dir].reset();
}

void Engine::end_reassemblies(IkeSa& sa) {
  for (std::size_t dir = 0; dir < sa.reassembly.size(); ++dir) {
    drop_reassembly(sa, dir);
    if (sa.reassembly_timer[dir]) deps_.timers.cancel(sa.reassembly_timer[dir]);
    sa.reassembly_timer[dir] = 0;
  }
}

void Engine::start_reassembly(IkeSa& sa, std::size_t dir, std::uint32_t message_id,
                              std::uint16_t total) {
  drop_reassembly(sa, dir);
  auto& slot = sa.reassembly[dir];
  slot.emplace(message_id, total);
  slot->started = deps_.timers.now();
  if (!sa.reassembly_timer[dir]) arm_reassembly_timer(sa, dir, kReassemblyTimeout);
}

void Engine::arm_reassembly_timer(IkeSa& sa, std::size_t dir, Duration after) {
  std::uint32_t sa_id = sa.id;
  sa.reassembly_timer[dir] = deps_.timers.schedule(after, [this, sa_id, dir] {
    if (IkeSa* s = find_sa(sa_id)) on_reassembly_timer(*s, dir);
  });
}

void Engine::on_reassembly_timer(IkeSa& sa, std::size_t dir) {
  sa.reassembly_timer[dir] = 0;
  auto& slot = sa.reassembly[dir];
  if (!slot) return;
  Duration age = deps_.timers.now() - slot->started;
  if (age < kReassemblyTimeout) {
    arm_reassembly_timer(sa, dir, kReassemblyTimeout - age);  // a newer reassembly than the last
    return;
  }
  ++stats_.reassemblies_expired;
  sa_log(sa, peer_level(sa), "dropping incomplete fragmented message {} ({} bytes): timed out",
         slot->message_id(), slot->bytes());
  slot.reset();
}

std::optional<Bytes> Engine::decrypt_fragment(IkeSa& sa, const w::Message& msg,
                                              const w::SkfPayload& skf, ByteView raw) {
  if (!sa.peer_supports_fragmentation) {
    ++stats_.fragments_unnegotiated;
    sa_log(sa, peer_level(sa), "dropping fragment of {} {}: fragmentation was not negotiated",
           w::exchange_name(msg.header.exchange_type), msg.header.message_id);
    return std::nullopt;
  }
  if (skf.total_fragments > reassembly_limits().max_fragments) {
    ++stats_.fragments_over_limit;
    sa_log(sa, peer_level(sa), "dropping fragment of {} {}: {} fragments (max_fragments is {})",
           w::exchange_name(msg.header.exchange_type), msg.header.message_id, skf.total_fragments,
           reassembly_limits().max_fragments);
    return std::nullopt;
  }
  auto offset = w::encrypted_body_offset(raw);
  if (!offset) return std::nullopt;
  auto plain = sa.crypter->open(raw, *offset);
  if (!plain) {
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kDebug, "dropping fragment {} of {} {}: {}", skf.fragment_number,
           w::exchange_name(msg.header.exchange_type), msg.header.message_id,
           plain.error().message);
    return std::nullopt;
  }
  return std::move(*plain);
}

std::optional<Payloads> Engine::open_fragment(IkeSa& sa, const w::Message& msg,
                                              const w::SkfPayload& skf, ByteView raw) {
  auto plain = decrypt_fragment(sa, msg, skf, raw);
  if (!plain) return std::nullopt;
  std::size_t dir = direction(msg);
  std::uint32_t mid = msg.header.message_id;
  auto& slot = sa.reassembly[dir];
  // RFC 7383 2.6: a larger Total Fragments (the peer went to smaller fragments) starts over; so
  // does the first fragment of a newer message.
  if (!slot || slot->message_id() != mid || skf.total_fragments > slot->total()) {
    if (slot) {
      ++stats_.reassemblies_superseded;
      sa_log(sa, log::Level::kDebug, "fragmented message {} superseded by a fragment of {}",
             slot->message_id(), mid);
    }
    start_reassembly(sa, dir, mid, skf.total_fragments);
  }
  auto limits = reassembly_limits();
  switch (slot->add(skf.fragment_number, skf.total_fragments, skf.inner_next_payload,
                    std::move(*plain), limits)) {
    case Reassembly::Outcome::kStored:
    case Reassembly::Outcome::kDuplicate:
      return std::nullopt;
    case Reassembly::Outcome::kInconsistent:
      ++stats_.fragments_inconsistent;
      sa_log(sa, peer_level(sa), "discarding fragment {}/{} of message {}: the others say {}",
             skf.fragment_number, skf.total_fragments, mid, slot->total());
      return std::nullopt;
    case Reassembly::Outcome::kTooLarge:
      ++stats_.oversized_messages;
      sa_log(sa, peer_level(sa),
             "dropping fragmented message {}: more than max_packet ({} bytes) of payloads", mid,
             limits.max_bytes);
      drop_reassembly(sa, dir);
      return std::nullopt;
    case Reassembly::Outcome::kComplete:
      break;
  }
  auto first = slot->first_inner();
  std::uint16_t total = slot->total();
  Bytes whole = slot->take();
  drop_reassembly(sa, dir);
  auto inner = w::parse_payload_chain(first, whole);
  if (inner && msg.header.exchange_type == w::ExchangeType::kIkeIntermediate) {
    sa.intermediate.received = {first, whole};  // RFC 9242 3.3.2: as if not fragmented
  }
  if (!inner) {
    ++stats_.invalid_messages;
    sa_log(sa, peer_level(sa), "invalid payloads in reassembled {}: {}",
           w::exchange_name(msg.header.exchange_type), inner.error().message);
    return std::nullopt;
  }
  sa_log(sa, log::Level::kDebug, "reassembled message {} from {} fragments", mid, total);
  return std::move(*inner);
}

bool Engine::is_ignored_fragment_retransmit(const w::Message& msg) {
  // RFC 7383 2.6.1: only fragment 1 of a retransmitted request triggers the response again, or
  // every fragment would send the whole (maybe fragmented) response once more.
  if (msg.payloads.empty()) return false;
  const auto* skf = msg.payloads.back().get<w::SkfPayload>();
  if (!skf || skf->fragment_number == 1) return false;
  ++stats_.fragment_retransmits_ignored;
  return true;
}

}  // namespace oakley::ikev2
