// Hostile and broken ESP input at the SA level: truncation at every length, every byte flipped,
// bad padding and pad lengths under a valid ICV, next headers the mode cannot carry, dummy
// packets, TFC padding, inner packets that lie about their length. Each is dropped with its
// reason (never a crash: the ASan build runs these too).
#include <gtest/gtest.h>

#include "dataplane/esp/esp_sa.hpp"
#include "dataplane/esp/packet.hpp"
#include "esp_test_algorithms.hpp"
#include "test_util.hpp"

namespace oakley::dataplane::esp {
namespace {

using test::ip;

class EspMalformed : public ::testing::TestWithParam<test::AlgorithmCase> {
 protected:
  void SetUp() override {
    const SaAlgorithms& a = GetParam().algorithms;
    SecretBytes ek = test::random_encr_key(a);
    SecretBytes ik = test::random_integ_key(a);
    out_ = std::move(EspCrypto::create(a, ek, ik)).value();
    in_ = std::move(EspCrypto::create(a, ek, ik)).value();
    authenticated_ = a.integ != IntegId::kNone || oakley::is_aead(a.encr);
  }

  // A validly protected packet whose plaintext (payload + trailer) is exactly `plain`.
  Bytes protect_raw(const Bytes& plain, std::uint64_t seq = 1) {
    std::vector<std::uint8_t> storage(plain.size() + 256);
    std::copy(plain.begin(), plain.end(), storage.begin() + 128);
    PacketBuffer p(storage.data(), storage.size(), 128, plain.size());
    const ByteView iv = ivs_.next(out_->iv_size(), out_->counter_iv(), seq);
    EXPECT_EQ(encapsulate_raw(*out_, kSpi, seq, false, iv, p), DropReason::kNone);
    return Bytes(p.data(), p.data() + p.size());
  }
  // Payload + a correct trailer for this cipher's alignment.
  Bytes with_trailer(Bytes payload, std::uint8_t nh) {
    const std::size_t align = out_->pad_align();
    const std::size_t pad = (align - (payload.size() + 2) % align) % align;
    for (std::size_t i = 1; i <= pad; ++i)
      payload.push_back(static_cast<std::uint8_t>(i));
    payload.push_back(static_cast<std::uint8_t>(pad));
    payload.push_back(nh);
    return payload;
  }
  InboundResult receive(Bytes packet, Mode mode = Mode::kTunnel) {
    InboundReplay replay(64);
    return esp_inbound(*in_, {kSpi, mode, false}, replay, packet);
  }

  static constexpr std::uint32_t kSpi = 0x01000001;
  std::unique_ptr<EspCrypto> out_;
  std::unique_ptr<EspCrypto> in_;
  IvSource ivs_;
  bool authenticated_ = true;
  Bytes inner_ = test::make_udp_packet(ip("10.1.0.1"), ip("10.2.0.1"), 7, 9, 61);
};

TEST_P(EspMalformed, GoodPacketPasses) {
  InboundResult r = receive(protect_raw(with_trailer(inner_, kProtoIpv4)));
  ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
  EXPECT_EQ(r.payload_length, inner_.size());
}

TEST_P(EspMalformed, EveryTruncationIsDropped) {
  const Bytes good = protect_raw(with_trailer(inner_, kProtoIpv4));
  for (std::size_t n = 0; n < good.size(); ++n) {
    InboundResult r = receive(Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n)));
    if (authenticated_) {
      EXPECT_FALSE(r.ok()) << "length " << n;
    }
  }
}

TEST_P(EspMalformed, EveryFlippedByteFailsTheIcv) {
  if (!authenticated_) GTEST_SKIP() << "no integrity: nothing detects a flipped byte";
  const Bytes good = protect_raw(with_trailer(inner_, kProtoIpv4));
  for (std::size_t i = 0; i < good.size(); ++i) {
    Bytes bad = good;
    bad[i] ^= 0x20;
    EXPECT_EQ(receive(bad).reason, DropReason::kAuthFailed) << "byte " << i;
  }
}

TEST_P(EspMalformed, PaddingMustCount) {
  Bytes plain = with_trailer(inner_, kProtoIpv4);
  const std::size_t pad = plain[plain.size() - 2];
  if (pad >= 2) {
    Bytes bad = plain;
    bad[plain.size() - 2 - 1] ^= 0x55;  // last padding byte wrong
    EXPECT_EQ(receive(protect_raw(bad)).reason, DropReason::kBadPadding);
  }
  // Pad length pointing before the start of the plaintext.
  Bytes beyond = plain;
  beyond[plain.size() - 2] = 0xff;
  EXPECT_EQ(receive(protect_raw(beyond)).reason, DropReason::kBadPadding);
}

TEST_P(EspMalformed, NextHeaderMustFitTheMode) {
  EXPECT_EQ(receive(protect_raw(with_trailer(inner_, kProtoTcp))).reason,
            DropReason::kBadNextHeader);
  EXPECT_EQ(receive(protect_raw(with_trailer(inner_, kProtoNoNext))).reason, DropReason::kDummy);
  EXPECT_EQ(receive(protect_raw(with_trailer(inner_, kProtoNoNext)), Mode::kTransport).reason,
            DropReason::kDummy);
  EXPECT_TRUE(receive(protect_raw(with_trailer(inner_, kProtoTcp)), Mode::kTransport).ok());
  // IPv4 header announced as IPv6.
  EXPECT_EQ(receive(protect_raw(with_trailer(inner_, kProtoIpv6))).reason, DropReason::kMalformed);
}

TEST_P(EspMalformed, TfcPaddingIsRemovedAndLiesAreCaught) {
  Bytes padded = inner_;
  padded.insert(padded.end(), 37, 0xee);  // RFC 4303 2.7 TFC padding after the inner packet
  InboundResult r = receive(protect_raw(with_trailer(padded, kProtoIpv4)));
  ASSERT_TRUE(r.ok()) << drop_reason_name(r.reason);
  EXPECT_EQ(r.payload_length, inner_.size());
  Bytes liar = inner_;
  store_be16(&liar[2], static_cast<std::uint16_t>(inner_.size() + 1));
  EXPECT_EQ(receive(protect_raw(with_trailer(liar, kProtoIpv4))).reason, DropReason::kMalformed);
  EXPECT_EQ(receive(protect_raw(with_trailer(Bytes(3, 0x45), kProtoIpv4))).reason,
            DropReason::kMalformed);
}

TEST_P(EspMalformed, ReplayedPacketIsDropped) {
  InboundReplay replay(64);
  const Bytes good = protect_raw(with_trailer(inner_, kProtoIpv4), 9);
  Bytes a = good;
  Bytes b = good;
  EXPECT_TRUE(esp_inbound(*in_, {kSpi, Mode::kTunnel, false}, replay, a).ok());
  EXPECT_EQ(esp_inbound(*in_, {kSpi, Mode::kTunnel, false}, replay, b).reason, DropReason::kReplay);
  Bytes zero = protect_raw(with_trailer(inner_, kProtoIpv4), 0);
  EXPECT_EQ(esp_inbound(*in_, {kSpi, Mode::kTunnel, false}, replay, zero).reason,
            DropReason::kReplay);
}

INSTANTIATE_TEST_SUITE_P(AllAlgorithms, EspMalformed, ::testing::ValuesIn(test::all_algorithms()),
                         [](const auto& p) { return p.param.name; });

TEST(EspCryptoCreate, RefusesMismatchedAlgorithmsAndKeys) {
  Bytes k16(16), k20(20), k32(32);
  EXPECT_FALSE(EspCrypto::create({EncrId::kAesGcm16, 128}, k16, {}).ok());  // salt missing
  EXPECT_TRUE(EspCrypto::create({EncrId::kAesGcm16, 128}, k20, {}).ok());
  EXPECT_FALSE(
      EspCrypto::create({EncrId::kAesGcm16, 128, IntegId::kHmacSha256_128}, k20, k32).ok());
  EXPECT_FALSE(EspCrypto::create({EncrId::kNull, 0, IntegId::kNone}, {}, {}).ok());
  EXPECT_FALSE(EspCrypto::create({EncrId::kAesCbc, 128, IntegId::kHmacSha256_128}, k16, k16).ok());
  EXPECT_FALSE(EspCrypto::create({EncrId::kAesCbc, 192, IntegId::kNone}, k16, {}).ok());
  EXPECT_FALSE(EspCrypto::create({EncrId::kAesCbc, 128, IntegId::kNone}, k16, k16).ok());
}

}  // namespace
}  // namespace oakley::dataplane::esp
