#include "ike/proposal.hpp"

#include <gtest/gtest.h>

namespace oakley::ike {
namespace {

Transform encr(EncrId id, std::uint16_t bits) {
  return {TransformType::kEncr, static_cast<std::uint16_t>(id), bits};
}
Transform prf(PrfId id) {
  return {TransformType::kPrf, static_cast<std::uint16_t>(id), 0};
}
Transform integ(IntegId id) {
  return {TransformType::kInteg, static_cast<std::uint16_t>(id), 0};
}
Transform dh(DhId id) {
  return {TransformType::kDh, static_cast<std::uint16_t>(id), 0};
}
Transform esn(bool on) {
  return {TransformType::kEsn, static_cast<std::uint16_t>(on), 0};
}

Proposal ike(std::vector<Transform> t, std::uint8_t n = 1) {
  return {n, Protocol::kIke, {}, std::move(t)};
}

TEST(SelectProposal, PicksFirstOfOursThatPeerOffers) {
  std::vector<Proposal> ours = {
      ike({encr(EncrId::kAesGcm16, 256), prf(PrfId::kHmacSha384), dh(DhId::kEcp384)}),
      ike({encr(EncrId::kAesGcm16, 128), prf(PrfId::kHmacSha256), dh(DhId::kCurve25519)}),
  };
  std::vector<Proposal> theirs = {
      ike({encr(EncrId::kAesGcm16, 128), encr(EncrId::kAesGcm16, 256), prf(PrfId::kHmacSha256),
           dh(DhId::kCurve25519), dh(DhId::kModp2048)},
          1),
  };
  auto chosen = select_proposal(ours, theirs, false);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(describe(*chosen), "AES_GCM_16_128/PRF_HMAC_SHA2_256/CURVE_25519");
  EXPECT_EQ(chosen->number, 1);
}

TEST(SelectProposal, KeyLengthMustMatch) {
  std::vector<Proposal> ours = {ike({encr(EncrId::kAesCbc, 256), prf(PrfId::kHmacSha256),
                                     integ(IntegId::kHmacSha256_128), dh(DhId::kModp2048)})};
  std::vector<Proposal> theirs = {ike({encr(EncrId::kAesCbc, 128), prf(PrfId::kHmacSha256),
                                       integ(IntegId::kHmacSha256_128), dh(DhId::kModp2048)})};
  std::string why;
  EXPECT_FALSE(select_proposal(ours, theirs, false, &why));
  EXPECT_EQ(why,
            "no common proposal: peer offered AES_CBC_128/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/"
            "MODP_2048; we accept AES_CBC_256/PRF_HMAC_SHA2_256/HMAC_SHA2_256_128/MODP_2048");
}

TEST(SelectProposal, IntegrityOnOneSideOnlyDoesNotMatch) {
  std::vector<Proposal> ours = {
      {1, Protocol::kEsp, {}, {encr(EncrId::kAesGcm16, 128), esn(false)}}};
  std::vector<Proposal> theirs = {
      {1,
       Protocol::kEsp,
       {1, 2, 3, 4},
       {encr(EncrId::kAesGcm16, 128), integ(IntegId::kHmacSha256_128), esn(false)}}};
  EXPECT_FALSE(select_proposal(ours, theirs, false));
}

TEST(SelectProposal, ChildInIkeAuthIgnoresPfsGroup) {
  std::vector<Proposal> ours = {
      {1, Protocol::kEsp, {}, {encr(EncrId::kAesGcm16, 128), dh(DhId::kCurve25519), esn(false)}}};
  std::vector<Proposal> theirs = {
      {2, Protocol::kEsp, {9, 9, 9, 9}, {encr(EncrId::kAesGcm16, 128), esn(false)}}};
  EXPECT_FALSE(select_proposal(ours, theirs, false));
  auto chosen = select_proposal(ours, theirs, true);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->number, 2);
  EXPECT_EQ(chosen->spi, (Bytes{9, 9, 9, 9}));
  EXPECT_EQ(chosen->first(TransformType::kEsn)->id, 0);
}

TEST(ValidAnswer, RejectsTransformsWeDidNotOffer) {
  std::vector<Proposal> offered = {ike({encr(EncrId::kAesGcm16, 128), prf(PrfId::kHmacSha256),
                                        dh(DhId::kCurve25519), dh(DhId::kEcp256)})};
  EXPECT_TRUE(is_valid_answer(
      offered, ike({encr(EncrId::kAesGcm16, 128), prf(PrfId::kHmacSha256), dh(DhId::kEcp256)})));
  EXPECT_FALSE(is_valid_answer(
      offered, ike({encr(EncrId::kAesGcm16, 256), prf(PrfId::kHmacSha256), dh(DhId::kEcp256)})));
  EXPECT_FALSE(is_valid_answer(offered, ike({encr(EncrId::kAesGcm16, 128), prf(PrfId::kHmacSha256),
                                             dh(DhId::kEcp256), dh(DhId::kCurve25519)})));
  EXPECT_FALSE(is_valid_answer(
      offered, ike({encr(EncrId::kAesGcm16, 128), prf(PrfId::kHmacSha256), dh(DhId::kEcp256)}, 2)));
}

Proposal esp(std::vector<Transform> t, std::uint8_t n = 1) {
  return {n, Protocol::kEsp, {}, std::move(t)};
}

// CREATE_CHILD_SA compares DH groups (RFC 7296 1.3): a proposal with a group requires PFS, one
// that also lists NONE makes it optional.
TEST(SelectProposal, PfsGroupIsRequiredUnlessNoneIsListed) {
  auto required = esp({encr(EncrId::kAesGcm16, 128), dh(DhId::kCurve25519), esn(false)});
  auto optional =
      esp({encr(EncrId::kAesGcm16, 128), dh(DhId::kCurve25519), dh(DhId::kNone), esn(false)});
  auto without = esp({encr(EncrId::kAesGcm16, 128), esn(false)});
  auto with_pfs = esp({encr(EncrId::kAesGcm16, 128), dh(DhId::kCurve25519), esn(false)});
  EXPECT_FALSE(select_proposal({required}, {without}, false));
  EXPECT_TRUE(select_proposal({required}, {without}, true));  // IKE_AUTH's child
  auto chosen = select_proposal({optional}, {without}, false);
  ASSERT_TRUE(chosen);
  EXPECT_FALSE(chosen->first(TransformType::kDh));
  chosen = select_proposal({optional}, {with_pfs}, false);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->first(TransformType::kDh)->id, static_cast<std::uint16_t>(DhId::kCurve25519));
  // Ours without PFS and a peer that insists on it: no match; one that makes it optional: none.
  EXPECT_FALSE(select_proposal({without}, {with_pfs}, false));
  chosen = select_proposal({without}, {optional}, false);
  ASSERT_TRUE(chosen);
  EXPECT_FALSE(chosen->first(TransformType::kDh));
  // An answer without a group is valid only when we offered NONE.
  EXPECT_FALSE(is_valid_answer({required}, without));
  EXPECT_TRUE(is_valid_answer({optional}, without));
}

}  // namespace
}  // namespace oakley::ike
