// Diffie-Hellman known answers. Sources: strongswan test_vectors modp.json (groups 1, 2, 5,
// 14-18, strongSwan-generated, cross-checked against rfc/modp_groups_rfc2409_rfc3526.json),
// rfc/rfc5903_ecp_ike_dh.json (RFC 5903 section 8), ecp.json (RFC 5114 values for groups 19-21),
// curve25519.json (RFC 7748 section 6.1 and RFC 8031 appendix A), curve448.json (RFC 7748 6.2),
// ecp.json also for groups 25/26 (P-192/P-224, RFC 5114 appendix A), modpsub.json (groups 22-24,
// RFC 5114 appendix A), ecpbp.json (groups 27-30, Brainpool: RFC 6932 / RFC 7027).
#include "crypto/dh.hpp"

#include <map>
#include <thread>

#include "crypto/vectors.hpp"

namespace oakley::crypto {
namespace {

using test::hex;

std::optional<DhId> dh_from_method(const std::string& m) {
  static const std::map<std::string, DhId> ids = {
      {"MODP_768_BIT", DhId::kModp768},       {"MODP_1024_BIT", DhId::kModp1024},
      {"MODP_1536_BIT", DhId::kModp1536},     {"MODP_2048_BIT", DhId::kModp2048},
      {"MODP_3072_BIT", DhId::kModp3072},     {"MODP_4096_BIT", DhId::kModp4096},
      {"MODP_6144_BIT", DhId::kModp6144},     {"MODP_8192_BIT", DhId::kModp8192},
      {"ECP_256_BIT", DhId::kEcp256},         {"ECP_384_BIT", DhId::kEcp384},
      {"ECP_521_BIT", DhId::kEcp521},         {"CURVE_25519", DhId::kCurve25519},
      {"CURVE_448", DhId::kCurve448},         {"ECP_192_BIT", DhId::kEcp192},
      {"ECP_224_BIT", DhId::kEcp224},         {"ECP_224_BP", DhId::kEcp224Bp},
      {"ECP_256_BP", DhId::kEcp256Bp},        {"ECP_384_BP", DhId::kEcp384Bp},
      {"ECP_512_BP", DhId::kEcp512Bp},        {"MODP_1024_160", DhId::kModp1024s160},
      {"MODP_2048_224", DhId::kModp2048s224}, {"MODP_2048_256", DhId::kModp2048s256}};
  auto it = ids.find(m);
  return it == ids.end() ? std::nullopt : std::optional<DhId>(it->second);
}

// Both sides from their fixed private values: public values and g^ir in both directions.
void check_exchange(DhId id, ByteView priv_i, ByteView priv_r, const Bytes& pub_i,
                    const Bytes& pub_r, const Bytes& shared, const std::string& name) {
  auto i = DhKeyPair::from_private(id, priv_i);
  auto r = DhKeyPair::from_private(id, priv_r);
  ASSERT_TRUE(i.ok()) << name << ": " << i.error().message;
  ASSERT_TRUE(r.ok()) << name << ": " << r.error().message;
  EXPECT_EQ(to_hex((*i)->public_value()), to_hex(pub_i)) << name;
  EXPECT_EQ(to_hex((*r)->public_value()), to_hex(pub_r)) << name;
  EXPECT_EQ((*i)->public_value().size(), dh_public_size(id)) << name;
  auto s_i = (*i)->shared_secret(pub_r);
  auto s_r = (*r)->shared_secret(pub_i);
  ASSERT_TRUE(s_i.ok()) << name << ": " << s_i.error().message;
  ASSERT_TRUE(s_r.ok()) << name << ": " << s_r.error().message;
  EXPECT_EQ(test::hex_of(*s_i), to_hex(shared)) << name;
  EXPECT_EQ(test::hex_of(*s_r), to_hex(shared)) << name;
  EXPECT_EQ(s_i->size(), dh_shared_size(id)) << name;
}

int run_ke_file(const std::string& file) {
  auto json = test::load_vectors(file);
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    auto id = dh_from_method(v["method"]);
    if (!id) continue;
    Bytes seed = hex(v, "seed");
    const std::size_t split = v["seed_split_at"];
    ByteView s(seed);
    check_exchange(*id, s.first(split), s.subspan(split), hex(v, "pub_i"), hex(v, "pub_r"),
                   hex(v, "shared"), v["name"]);
    ++ran;
  }
  return ran;
}

TEST(Dh, ModpGroups) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/modp.json"), 8);
}
TEST(Dh, EcpRfc5114Values) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/ecp.json"), 5);  // P-192, P-224, P-256/384/521
}
TEST(Dh, ModpRfc5114SubgroupGroups) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/modpsub.json"), 3);
}
TEST(Dh, EcpBrainpoolRfc6932And7027) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/ecpbp.json"), 4);
}
TEST(Dh, Curve25519Rfc7748And8031) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/curve25519.json"), 2);
}
TEST(Dh, Curve448Rfc7748) {
  EXPECT_EQ(run_ke_file("strongswan/test_vectors/curve448.json"), 1);
}

TEST(Dh, EcpRfc5903) {
  auto json = test::load_vectors("rfc/rfc5903_ecp_ike_dh.json");
  int ran = 0;
  for (const auto& v : json["vectors"]) {
    auto id = static_cast<DhId>(v["ike_dh_group"].get<int>());
    check_exchange(id, hex(v, "i"), hex(v, "r"), hex(v, "ike_ke_payload_data_initiator"),
                   hex(v, "ike_ke_payload_data_responder"), hex(v, "ike_shared_secret_g_ir"),
                   v["name"]);
    EXPECT_EQ(to_hex(hex(v, "ike_ke_payload_data_initiator")),
              to_hex(concat({hex(v, "gix"), hex(v, "giy")})));
    ++ran;
  }
  EXPECT_EQ(ran, 3);
}

// The MODP group sizes match the RFC 2409/3526 primes in the vector file.
TEST(Dh, ModpPrimeSizes) {
  auto json = test::load_vectors("rfc/modp_groups_rfc2409_rfc3526.json");
  for (const auto& g : json["groups"]) {
    auto id = static_cast<DhId>(g["ike_group"].get<int>());
    EXPECT_EQ(dh_public_size(id) * 8, g["bits"].get<std::size_t>());
  }
}

TEST(Dh, GeneratedPairsAgree) {
  for (DhId id : {DhId::kModp768,  DhId::kModp1024,     DhId::kModp1536,     DhId::kModp2048,
                  DhId::kModp3072, DhId::kModp4096,     DhId::kModp6144,     DhId::kModp8192,
                  DhId::kEcp256,   DhId::kEcp384,       DhId::kEcp521,       DhId::kCurve25519,
                  DhId::kCurve448, DhId::kModp1024s160, DhId::kModp2048s224, DhId::kModp2048s256,
                  DhId::kEcp192,   DhId::kEcp224,       DhId::kEcp224Bp,     DhId::kEcp256Bp,
                  DhId::kEcp384Bp, DhId::kEcp512Bp}) {
    auto a = DhKeyPair::generate(id);
    auto b = DhKeyPair::generate(id);
    ASSERT_TRUE(a.ok() && b.ok()) << dh_name(id);
    EXPECT_EQ((*a)->public_value().size(), dh_public_size(id));
    EXPECT_NE(to_hex((*a)->public_value()), to_hex((*b)->public_value()));
    auto s1 = (*a)->shared_secret((*b)->public_value());
    auto s2 = (*b)->shared_secret((*a)->public_value());
    ASSERT_TRUE(s1.ok() && s2.ok()) << dh_name(id);
    EXPECT_TRUE(*s1 == *s2) << dh_name(id);
    EXPECT_EQ(s1->size(), dh_shared_size(id));
  }
}

Bytes modp_prime(DhId id) {
  auto json = test::load_vectors("rfc/modp_groups_rfc2409_rfc3526.json");
  for (const auto& g : json["groups"])
    if (g["ike_group"].get<int>() == static_cast<int>(id)) return hex(g, "prime_hex");
  return {};
}

Bytes number(std::size_t size, std::uint8_t last) {
  Bytes b(size);
  b.back() = last;
  return b;
}

TEST(Dh, ModpRejectsBadPeerValues) {
  auto pair = DhKeyPair::generate(DhId::kModp2048);
  ASSERT_TRUE(pair.ok());
  Bytes p = modp_prime(DhId::kModp2048);
  ASSERT_EQ(p.size(), 256u);
  Bytes p_minus_1 = p;
  p_minus_1.back() -= 1;
  Bytes all_ones(256, 0xff);
  for (const Bytes& bad : {number(256, 0), number(256, 1), p_minus_1, p, all_ones}) {
    auto s = (*pair)->shared_secret(bad);
    EXPECT_FALSE(s.ok()) << to_hex(bad).substr(0, 16) << "..." << to_hex(bad).substr(500);
  }
  Bytes good = number(256, 2);
  EXPECT_TRUE((*pair)->shared_secret(good).ok());
  EXPECT_FALSE((*pair)->shared_secret(number(255, 2)).ok());  // too short
  EXPECT_FALSE((*pair)->shared_secret(number(257, 2)).ok());  // too long
  EXPECT_FALSE((*pair)->shared_secret({}).ok());
}

// RFC 6989 2.2: in an RFC 5114 group p - 1 has small factors besides q, and a peer value outside
// the order-q subgroup must be refused although it is in the range 1 < y < p - 1, while the RFC's
// own public values pass.
TEST(Dh, Rfc5114GroupsRejectValuesOutsideTheSubgroup) {
  auto json = test::load_vectors("strongswan/test_vectors/modpsub.json");
  for (const auto& v : json["vectors"]) {
    const DhId id = *dh_from_method(v["method"]);
    SCOPED_TRACE(std::string(dh_name(id)));
    auto pair = DhKeyPair::generate(id);
    ASSERT_TRUE(pair.ok()) << pair.error().message;
    const std::size_t size = dh_public_size(id);
    ASSERT_TRUE((*pair)->shared_secret(hex(v, "pub_r")).ok());
    // 2 is in range but not a power of g (2^q mod p != 1 in these groups).
    auto two = (*pair)->shared_secret(number(size, 2));
    ASSERT_FALSE(two.ok());
    EXPECT_NE(two.error().message.find("subgroup"), std::string::npos) << two.error().message;
    // ~y = 2^n - 1 - y for a good y: another value that is no power of g.
    Bytes p_minus_pub = hex(v, "pub_r");
    for (auto& b : p_minus_pub)
      b = static_cast<std::uint8_t>(~b);  // ~y = 2^n - 1 - y
    EXPECT_FALSE((*pair)->shared_secret(p_minus_pub).ok());
    EXPECT_FALSE((*pair)->shared_secret(number(size, 1)).ok());
    EXPECT_FALSE((*pair)->shared_secret(number(size - 1, 2)).ok());
  }
}

TEST(Dh, EcpRejectsBadPoints) {
  auto json = test::load_vectors("rfc/rfc5903_ecp_ike_dh.json");
  const auto& v = json["vectors"][0];  // P-256
  auto pair = DhKeyPair::from_private(DhId::kEcp256, hex(v, "i"));
  ASSERT_TRUE(pair.ok());
  Bytes good = hex(v, "ike_ke_payload_data_responder");
  ASSERT_TRUE((*pair)->shared_secret(good).ok());
  Bytes off_curve = good;
  off_curve.back() ^= 1;  // y changed: no longer on the curve
  EXPECT_FALSE((*pair)->shared_secret(off_curve).ok());
  EXPECT_FALSE((*pair)->shared_secret(Bytes(64, 0)).ok());  // (0,0) is not a point
  EXPECT_FALSE((*pair)->shared_secret(ByteView(good).first(63)).ok());
  EXPECT_FALSE((*pair)->shared_secret(concat({Bytes{0x04}, good})).ok());  // prefix not allowed
  EXPECT_FALSE((*pair)->shared_secret(ByteView(good).first(32)).ok());     // x only
}

// RFC 7748 section 5 small-order points give an all-zero result; RFC 8031 section 2 says reject.
TEST(Dh, X25519RejectsAllZeroResult) {
  auto pair = DhKeyPair::generate(DhId::kCurve25519);
  ASSERT_TRUE(pair.ok());
  Bytes order1(32, 0);
  order1[0] = 1;  // u = 1 (order 4 point on the twist side): result is zero
  EXPECT_FALSE((*pair)->shared_secret(Bytes(32, 0)).ok());
  EXPECT_FALSE((*pair)->shared_secret(order1).ok());
  EXPECT_FALSE((*pair)->shared_secret(Bytes(31, 9)).ok());
  EXPECT_FALSE((*pair)->shared_secret(Bytes(33, 9)).ok());
  auto x448 = DhKeyPair::generate(DhId::kCurve448);
  ASSERT_TRUE(x448.ok());
  EXPECT_FALSE((*x448)->shared_secret(Bytes(56, 0)).ok());
  EXPECT_FALSE((*x448)->shared_secret(Bytes(32, 9)).ok());
}

// Worker threads generate and derive at the same time (per-thread keygen contexts, shared
// per-group domain parameters).
TEST(Dh, ConcurrentWorkers) {
  auto work = [](DhId id, int* agreed) {
    for (int i = 0; i < 20; ++i) {
      auto a = DhKeyPair::generate(id);
      auto b = DhKeyPair::generate(id);
      if (!a.ok() || !b.ok()) return;
      auto s1 = (*a)->shared_secret((*b)->public_value());
      auto s2 = (*b)->shared_secret((*a)->public_value());
      if (s1.ok() && s2.ok() && *s1 == *s2) ++*agreed;
    }
  };
  int agreed[4] = {};
  std::thread t1(work, DhId::kCurve25519, &agreed[0]);
  std::thread t2(work, DhId::kEcp256, &agreed[1]);
  std::thread t3(work, DhId::kModp1024, &agreed[2]);
  work(DhId::kCurve25519, &agreed[3]);
  t1.join();
  t2.join();
  t3.join();
  for (int n : agreed)
    EXPECT_EQ(n, 20);
}

TEST(Dh, UnsupportedGroups) {
  EXPECT_FALSE(DhKeyPair::generate(DhId::kNone).ok());
  EXPECT_FALSE(DhKeyPair::generate(static_cast<DhId>(33)).ok());
  EXPECT_EQ(dh_public_size(static_cast<DhId>(34)), 0u);
  EXPECT_EQ(dh_public_size(DhId::kModp1024s160), 128u);
  EXPECT_EQ(dh_public_size(DhId::kEcp192), 48u);
  EXPECT_EQ(dh_public_size(DhId::kEcp512Bp), 128u);
  EXPECT_EQ(dh_shared_size(DhId::kEcp224Bp), 28u);
  EXPECT_FALSE(DhKeyPair::from_private(DhId::kCurve25519, Bytes(31, 1)).ok());
}

}  // namespace
}  // namespace oakley::crypto
