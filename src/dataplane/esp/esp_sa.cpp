#include "dataplane/esp/esp_sa.hpp"

#include "dataplane/esp/packet.hpp"

namespace oakley::dataplane::esp {

std::optional<std::uint64_t> OutboundSequence::next(bool esn) {
  // A compare-exchange loop rather than fetch_add: once the space is used up no thread may get a
  // number, not even transiently (a wrapped fetch_add would hand out 1 again).
  std::uint64_t cur = last_.load(std::memory_order_relaxed);
  do {
    if (cur >= limit(esn)) return std::nullopt;
  } while (!last_.compare_exchange_weak(cur, cur + 1, std::memory_order_relaxed));
  return cur + 1;
}

OutboundResult esp_outbound(EspCrypto& crypto, const EspSaParams& sa, OutboundSequence& sequence,
                            IvSource& ivs, std::uint8_t next_header, PacketBuffer& packet) {
  OutboundResult r;
  auto seq = sequence.next(sa.esn);
  if (!seq) {
    r.reason = DropReason::kSequenceOverflow;
    return r;
  }
  r.seq = *seq;
  const ByteView iv = ivs.next(crypto.iv_size(), crypto.counter_iv(), *seq);
  r.reason = encapsulate(crypto, sa.spi, *seq, sa.esn, iv, next_header, packet);
  return r;
}

namespace {

DropReason check_next_header(Mode mode, std::uint8_t nh) {
  if (nh == kProtoNoNext) return DropReason::kDummy;
  if (mode == Mode::kTunnel && nh != kProtoIpv4 && nh != kProtoIpv6)
    return DropReason::kBadNextHeader;
  return DropReason::kNone;
}

}  // namespace

InboundResult esp_inbound(EspCrypto& crypto, const EspSaParams& sa, InboundReplay& replay,
                          MutableByteView packet) {
  InboundResult r;
  auto header = parse_esp_header(packet);
  if (!header) {
    r.reason = DropReason::kMalformed;
    return r;
  }
  auto seq = replay.check(header->seq_lo, sa.esn);
  if (!seq) {
    r.reason = DropReason::kReplay;
    return r;
  }
  r.seq = *seq;
  const DecapResult d = decapsulate(crypto, sa.esn, *seq, packet);
  if (!d.ok()) {
    r.reason = d.reason;
    return r;
  }
  // Only now, with the ICV verified, may the window move (RFC 4303 3.4.3).
  if (!replay.accept(*seq)) {
    r.reason = DropReason::kReplay;
    return r;
  }
  r.next_header = d.next_header;
  r.payload_offset = d.payload_offset;
  r.payload_length = d.payload_length;
  r.reason = check_next_header(sa.mode, d.next_header);
  if (r.ok() && sa.mode == Mode::kTunnel) {
    // TFC padding (RFC 4303 2.7) sits after the inner packet; its header says where it ends.
    auto inner =
        inner_packet_length(packet.subspan(d.payload_offset, d.payload_length), d.next_header);
    if (!inner)
      r.reason = DropReason::kMalformed;
    else
      r.payload_length = *inner;
  }
  return r;
}

}  // namespace oakley::dataplane::esp
