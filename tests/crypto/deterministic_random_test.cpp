// The test-only seeded RAND method: same seed, same bytes, for our calls and for key generation
// inside OpenSSL; and back to the system DRBG afterwards.
#include "crypto/testing/deterministic_random.hpp"

#include <gtest/gtest.h>

#include "crypto/dh.hpp"
#include "crypto/random.hpp"

namespace oakley::crypto {
namespace {

struct Draw {
  Bytes nonce;
  SecretBytes secret;
  Bytes x25519, ecp256;
};

Draw draw() {
  Draw d;
  d.nonce = random_bytes(32);
  d.secret = random_secret(16);
  auto x = DhKeyPair::generate(DhId::kCurve25519);
  auto e = DhKeyPair::generate(DhId::kEcp256);
  EXPECT_TRUE(x && e);
  auto xp = (*x)->public_value();
  auto ep = (*e)->public_value();
  d.x25519.assign(xp.begin(), xp.end());
  d.ecp256.assign(ep.begin(), ep.end());
  return d;
}

TEST(DeterministicRandom, SameSeedSameBytesAndKeys) {
  draw();  // first use sets up per-process state (key templates) that draws random bytes too
  testing::use_deterministic_random(7);
  auto a = draw();
  testing::use_deterministic_random(7);
  auto b = draw();
  testing::use_deterministic_random(8);
  auto c = draw();
  testing::use_system_random();
  auto d = draw();
  EXPECT_EQ(a.nonce, b.nonce);
  EXPECT_TRUE(a.secret == b.secret);
  EXPECT_EQ(a.x25519, b.x25519);
  EXPECT_EQ(a.ecp256, b.ecp256);
  EXPECT_NE(a.nonce, c.nonce);
  EXPECT_NE(a.x25519, c.x25519);
  EXPECT_NE(a.nonce, d.nonce);
  EXPECT_NE(a.x25519, d.x25519);
}

}  // namespace
}  // namespace oakley::crypto
