// ESP round trips through esp_outbound / esp_inbound for every algorithm we offer, in tunnel and
// transport mode, with IPv4 and IPv6 inner packets, small and full-size, with and without ESN;
// plus the sequence-number edge cases (ESN wrap, exhaustion without wrapping).
#include <gtest/gtest.h>

#include "crypto/random.hpp"
#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/esp/packet.hpp"
#include "esp_test_algorithms.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::esp {
namespace {

using test::ip;

struct Pair {
  std::unique_ptr<EspCrypto> out;
  std::unique_ptr<EspCrypto> in;
};

Pair make_pair_for(const SaAlgorithms& a) {
  SecretBytes ek = test::random_encr_key(a);
  SecretBytes ik = test::random_integ_key(a);
  auto out = EspCrypto::create(a, ek, ik);
  auto in = EspCrypto::create(a, ek, ik);
  EXPECT_TRUE(out.ok() && in.ok()) << (out.ok() ? "" : out.error().message);
  if (!out.ok() || !in.ok()) return {};
  return {std::move(out).value(), std::move(in).value()};
}

class EspRoundTrip : public ::testing::TestWithParam<test::AlgorithmCase> {};

// Sends `inner` through the SA pair; returns what came out (and the next header).
void round_trip(Pair& p, const EspSaParams& sa, OutboundSequence& seq, InboundReplay& replay,
                const Bytes& inner) {
  IvSource ivs;
  std::vector<std::uint8_t> storage(inner.size() + 256);
  std::size_t skip = 0;
  std::uint8_t nh = inner[0] >> 4 == 4 ? kProtoIpv4 : kProtoIpv6;
  if (sa.mode == Mode::kTransport) {
    auto info = parse_ip_packet(inner);
    ASSERT_TRUE(info);
    skip = info->header_length;
    nh = info->flow.protocol;
  }
  std::copy(inner.begin() + static_cast<std::ptrdiff_t>(skip), inner.end(), storage.begin() + 128);
  PacketBuffer pkt(storage.data(), storage.size(), 128, inner.size() - skip);
  OutboundResult o = esp_outbound(*p.out, sa, seq, ivs, nh, pkt);
  ASSERT_EQ(o.reason, DropReason::kNone);
  EXPECT_EQ(pkt.size() % 4, 0u) << "ESP packets are 32-bit aligned";
  InboundResult r = esp_inbound(*p.in, sa, replay, pkt.view());
  ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
  EXPECT_EQ(r.seq, o.seq);
  EXPECT_EQ(r.next_header, nh);
  Bytes got(pkt.data() + r.payload_offset, pkt.data() + r.payload_offset + r.payload_length);
  EXPECT_EQ(to_hex(got), to_hex(ByteView(inner).subspan(skip)));
}

TEST_P(EspRoundTrip, BothModesBothFamilies) {
  const auto& alg = GetParam();
  for (bool esn : {false, true}) {
    SaAlgorithms a = alg.algorithms;
    a.esn = esn;
    Pair p = make_pair_for(a);
    ASSERT_TRUE(p.out);
    for (Mode mode : {Mode::kTunnel, Mode::kTransport}) {
      EspSaParams sa{0xc0010203, mode, esn};
      OutboundSequence seq;
      InboundReplay replay(64);
      for (std::size_t size : {0u, 1u, 13u, 100u, 1360u}) {
        SCOPED_TRACE(std::string(mode_name(mode)) + (esn ? " esn" : "") + " size " +
                     std::to_string(size));
        round_trip(p, sa, seq, replay,
                   test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, size));
        round_trip(p, sa, seq, replay,
                   test::make_udp_packet(ip("fd00:1::1"), ip("fd00:2::1"), 1, 2, size));
        round_trip(p, sa, seq, replay,
                   test::make_echo_request(ip("10.1.0.1"), ip("10.2.0.1"), size));
      }
    }
  }
}

TEST_P(EspRoundTrip, EsnAcrossTheWrapAndReordering) {
  SaAlgorithms a = GetParam().algorithms;
  a.esn = true;
  Pair p = make_pair_for(a);
  ASSERT_TRUE(p.out);
  EspSaParams sa{0x1000, Mode::kTunnel, true};
  OutboundSequence seq(0xffffffffull - 5);
  InboundReplay replay(64, 0xffffffffull - 5);
  IvSource ivs;
  const Bytes inner = test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 1, 2, 50);
  // Encrypt 12 packets across the wrap, deliver them in reverse order of pairs.
  std::vector<Bytes> wire;
  for (int i = 0; i < 12; ++i) {
    std::vector<std::uint8_t> storage(512);
    std::copy(inner.begin(), inner.end(), storage.begin() + 128);
    PacketBuffer pkt(storage.data(), storage.size(), 128, inner.size());
    ASSERT_EQ(esp_outbound(*p.out, sa, seq, ivs, kProtoIpv4, pkt).reason, DropReason::kNone);
    wire.emplace_back(pkt.data(), pkt.data() + pkt.size());
  }
  for (std::size_t i = 0; i + 1 < wire.size(); i += 2)
    std::swap(wire[i], wire[i + 1]);
  std::uint64_t expected_hi_sum = 0;
  for (auto& w : wire) {
    InboundResult r = esp_inbound(*p.in, sa, replay, w);
    ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
    expected_hi_sum += r.seq >> 32;
  }
  EXPECT_EQ(expected_hi_sum, 7u);  // 5 packets before the wrap (hi 0), 7 after (hi 1)
  EXPECT_EQ(replay.top(), (1ull << 32) + 6);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, EspRoundTrip, ::testing::ValuesIn(test::all_algorithms()),
                         [](const auto& p) { return p.param.name; });

TEST(EspSequence, StopsAtTheEndInsteadOfWrapping) {
  OutboundSequence s(0xffffffffull - 2);
  EXPECT_EQ(s.next(false), 0xfffffffeull);
  EXPECT_EQ(s.next(false), 0xffffffffull);
  EXPECT_EQ(s.next(false), std::nullopt);
  EXPECT_EQ(s.next(false), std::nullopt);
  OutboundSequence e(~0ull - 1);
  EXPECT_EQ(e.next(true), ~0ull);
  EXPECT_EQ(e.next(true), std::nullopt);
  // Without ESN a counter past 2^32 - 1 is just as exhausted.
  OutboundSequence past(1ull << 33);
  EXPECT_EQ(past.next(false), std::nullopt);
  EXPECT_EQ(past.next(true), (1ull << 33) + 1);
}

TEST(EspSequence, ExhaustedSaDropsPackets) {
  SaAlgorithms a{EncrId::kAesGcm16, 128};
  Pair p = make_pair_for(a);
  EspSaParams sa{0x1000, Mode::kTunnel, false};
  OutboundSequence seq(0xffffffffull);
  IvSource ivs;
  std::vector<std::uint8_t> storage(512);
  PacketBuffer pkt(storage.data(), storage.size(), 128, 40);
  EXPECT_EQ(esp_outbound(*p.out, sa, seq, ivs, kProtoIpv4, pkt).reason,
            DropReason::kSequenceOverflow);
}

}  // namespace
}  // namespace oakley::dataplane::esp
