// RFC 9370 2.2.2 key updates and RFC 9242 3.3.2 IntAuth, below the engine. RFC 9370 publishes no
// test vectors, so the key update is checked for what it must do: both sides derive the same
// keys, every key exchange changes them, and the update is RFC 7296 2.18's formula with the IKE
// SA's own nonces and SPIs. IntAuth's covered bytes are checked against the RFC's layout.
#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "crypto/dh.hpp"
#include "crypto/ikev2_keys.hpp"
#include "crypto/prf.hpp"
#include "ikev2/ike_keys.hpp"
#include "ikev2/int_auth.hpp"

namespace oakley::ikev2 {
namespace {

namespace w = wire::ikev2;

ike::Proposal suite() {
  ike::Proposal p;
  p.transforms = {{TransformType::kEncr, static_cast<std::uint16_t>(EncrId::kAesGcm16), 256},
                  {TransformType::kPrf, static_cast<std::uint16_t>(PrfId::kHmacSha384), 0},
                  {TransformType::kDh, static_cast<std::uint16_t>(DhId::kCurve25519), 0},
                  {TransformType::kAddKe1, static_cast<std::uint16_t>(DhId::kEcp384), 0},
                  {TransformType::kAddKe2, static_cast<std::uint16_t>(DhId::kModp2048), 0}};
  return p;
}

const std::vector<DhId> kGroups = {DhId::kCurve25519, DhId::kEcp384, DhId::kModp2048};

using Pairs = std::vector<std::unique_ptr<crypto::DhKeyPair>>;

Pairs generate() {
  Pairs out;
  for (DhId g : kGroups) {
    auto kp = crypto::DhKeyPair::generate(g);
    EXPECT_TRUE(kp);
    out.push_back(std::move(*kp));
  }
  return out;
}

IkeKeyInputs inputs(bool initiator) {
  IkeKeyInputs in;
  in.proposal = suite();
  in.nonce_i = Bytes(32, 0x11);
  in.nonce_r = Bytes(32, 0x22);
  in.spi_i = 0x0102030405060708;
  in.spi_r = 0x1112131415161718;
  in.we_initiated = initiator;
  return in;
}

using View = std::vector<const crypto::DhKeyPair*>;

View view(const Pairs& pairs) {
  View out;
  for (const auto& p : pairs)
    out.push_back(p.get());
  return out;
}

// The keys after IKE_SA_INIT and every IKE_INTERMEDIATE: each step keyed by the last SK_d.
IkeKeyResult chain(const View& mine, const View& theirs, bool initiator) {
  auto in = inputs(initiator);
  std::optional<IkeKeyResult> keys;
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if (keys) in.rekey_sk_d = keys->sk_d;
    auto r = derive_ike_keys(in, *mine[i], theirs[i]->public_value());
    EXPECT_TRUE(r) << (r ? "" : r.error().message);
    keys = std::move(*r);
  }
  return std::move(*keys);
}

TEST(IntermediateKeys, BothSidesDeriveTheSameKeys) {
  auto i = generate();
  auto r = generate();
  auto ki = chain(view(i), view(r), true);
  auto kr = chain(view(r), view(i), false);
  EXPECT_TRUE(ki.sk_d == kr.sk_d);
  EXPECT_TRUE(ki.sk_pi == kr.sk_pi);
  EXPECT_TRUE(ki.sk_pr == kr.sk_pr);
  EXPECT_EQ(ki.sk_d.size(), 48u);  // PRF_HMAC_SHA2_384
}

TEST(IntermediateKeys, EveryKeyExchangeChangesTheKeys) {
  auto i = generate();
  auto r = generate();
  auto other = generate();
  auto reference = chain(view(i), view(r), true);
  EXPECT_TRUE(chain(view(i), view(r), true).sk_d == reference.sk_d);  // deterministic
  for (std::size_t k = 0; k < kGroups.size(); ++k) {
    View mixed = view(i);
    mixed[k] = other[k].get();
    auto changed = chain(mixed, view(r), true);
    EXPECT_FALSE(changed.sk_d == reference.sk_d) << "key exchange " << k;
    EXPECT_FALSE(changed.sk_pi == reference.sk_pi) << "key exchange " << k;
    EXPECT_FALSE(changed.sk_pr == reference.sk_pr) << "key exchange " << k;
  }
}

// RFC 9370 2.2.2: SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr), then prf+ with Ni | Nr | SPIi |
// SPIr, computed here from crypto's primitives.
TEST(IntermediateKeys, UpdateIsPrfOfThePreviousSkdOverTheNewSecretAndTheNonces) {
  auto i = generate();
  auto r = generate();
  auto in = inputs(true);
  in.rekey_sk_d = SecretBytes(Bytes(48, 0x5a));
  auto got = derive_ike_keys(in, *i[1], r[1]->public_value());
  ASSERT_TRUE(got);
  auto secret = i[1]->shared_secret(r[1]->public_value());
  ASSERT_TRUE(secret);
  auto seed = crypto::ikev2::rekey_skeyseed(PrfId::kHmacSha384, in.rekey_sk_d, *secret, in.nonce_i,
                                            in.nonce_r);
  ASSERT_TRUE(seed);
  auto spi_i = w::spi_bytes(in.spi_i);
  auto spi_r = w::spi_bytes(in.spi_r);
  auto want = crypto::ikev2::derive_ike_sa_keys(PrfId::kHmacSha384, *seed, in.nonce_i, in.nonce_r,
                                                spi_i, spi_r, 0, 36);
  ASSERT_TRUE(want);
  EXPECT_TRUE(got->sk_d == want->sk_d);
  EXPECT_TRUE(got->sk_pi == want->sk_pi);
  EXPECT_TRUE(got->sk_pr == want->sk_pr);
}

// RFC 9242 Figure 1: the IKE header and the SK payload header with the lengths of the message as
// if it were not encrypted, then the inner payloads.
TEST(IntAuth, CoveredBytesFollowTheRfcLayout) {
  w::Header h;
  h.initiator_spi = 0x0102030405060708;
  h.responder_spi = 0x1112131415161718;
  h.next_payload = w::PayloadType::kSkf;  // a fragment counts as the whole message
  h.exchange_type = w::ExchangeType::kIkeIntermediate;
  h.flags = w::kFlagInitiator;
  h.message_id = 1;
  h.length = 1234;
  w::EncodedChain inner{w::PayloadType::kKe, Bytes{0, 0, 0, 8, 0, 19, 0, 0}};
  Bytes want = {1,    2,    3,  4,    5,  6,    7, 8, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16,
                0x17, 0x18, 46, 0x20, 43, 0x08, 0, 0, 0,    1,    0,    0,    0,    40,  // header
                34,   0,    0,  12,  // SK header
                0,    0,    0,  8,    0,  19,   0, 0};
  EXPECT_EQ(int_auth_covered(h, inner), want);
}

TEST(IntAuth, ChainsThePreviousValueAndAppendsTheIkeAuthMessageId) {
  Bytes key(48, 0x33);
  Bytes covered = {1, 2, 3};
  auto first = next_int_auth(PrfId::kHmacSha384, key, {}, covered);
  ASSERT_TRUE(first);
  auto prf = crypto::KeyedPrf::create(PrfId::kHmacSha384, key);
  ASSERT_TRUE(prf);
  EXPECT_TRUE(prf->compute({covered}) == SecretBytes(*first));
  auto second = next_int_auth(PrfId::kHmacSha384, key, *first, covered);
  ASSERT_TRUE(second);
  EXPECT_TRUE(prf->compute({*first, covered}) == SecretBytes(*second));
  EXPECT_EQ(auth_int_auth(Bytes{0xaa}, Bytes{0xbb, 0xcc}, 3),
            (Bytes{0xaa, 0xbb, 0xcc, 0, 0, 0, 3}));
}

}  // namespace
}  // namespace oakley::ikev2
