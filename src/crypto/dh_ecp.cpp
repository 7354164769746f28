// ECP Diffie-Hellman over the NIST curves (RFC 5903; P-192 and P-224 from RFC 5114) and the
// Brainpool curves (RFC 6954): KE data is x | y, each coordinate padded to the field size, without
// the 0x04 prefix; the shared secret is the x coordinate. The peer point is decoded by OpenSSL,
// which rejects points that are not on the curve (every one of these curves has cofactor 1, so
// that is the whole check).
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/param_build.h>

#include <array>
#include <iterator>
#include <mutex>
#include <string>

#include "crypto/dh_internal.hpp"

namespace oakley::crypto::detail {

namespace {

using BnPtr = std::unique_ptr<BIGNUM, ossl::Deleter<BN_clear_free>>;
using GroupPtr = std::unique_ptr<EC_GROUP, ossl::Deleter<EC_GROUP_free>>;
using PointPtr = std::unique_ptr<EC_POINT, ossl::Deleter<EC_POINT_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ossl::Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, ossl::Deleter<OSSL_PARAM_free>>;

constexpr std::size_t kMaxPoint = 1 + 2 * 66;

struct Curve {
  DhId id;
  const char* name;  // OpenSSL's
};

constexpr Curve kCurves[] = {
    {DhId::kEcp256, "prime256v1"},        {DhId::kEcp384, "secp384r1"},
    {DhId::kEcp521, "secp521r1"},         {DhId::kEcp192, "prime192v1"},
    {DhId::kEcp224, "secp224r1"},         {DhId::kEcp224Bp, "brainpoolP224r1"},
    {DhId::kEcp256Bp, "brainpoolP256r1"}, {DhId::kEcp384Bp, "brainpoolP384r1"},
    {DhId::kEcp512Bp, "brainpoolP512r1"},
};

// Index into kCurves (and the domain cache), or -1.
int curve_index(DhId id) {
  for (std::size_t i = 0; i < std::size(kCurves); ++i) {
    if (kCurves[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

const char* curve_name(DhId id) {
  const int i = curve_index(id);
  return i < 0 ? nullptr : kCurves[i].name;
}

ossl::PkeyPtr pkey_from(const OSSL_PARAM* params, int selection) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || params == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, selection, const_cast<OSSL_PARAM*>(params)) != 1)
    return nullptr;
  return ossl::PkeyPtr(key);
}

// Domain parameters per curve, built once per process.
EVP_PKEY* domain(DhId id) {
  [[maybe_unused]] static const bool init = ossl::init_before_static();
  static std::mutex mutex;
  static std::array<ossl::PkeyPtr, std::size(kCurves)> cache;
  const int index = curve_index(id);
  if (index < 0) return nullptr;
  const char* name = kCurves[index].name;
  const auto slot = static_cast<std::size_t>(index);
  std::lock_guard lock(mutex);
  if (!cache[slot]) {
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, const_cast<char*>(name), 0),
        OSSL_PARAM_construct_end()};
    cache[slot] = pkey_from(params, EVP_PKEY_KEY_PARAMETERS);
  }
  return cache[slot].get();
}

Result<Bytes> public_of(DhId id, EVP_PKEY* key) {
  std::uint8_t point[kMaxPoint];
  std::size_t len = 0;
  const std::size_t want = 1 + 2 * ecp_coordinate_size(id);
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, point, sizeof point,
                                      &len) != 1 ||
      len != want || point[0] != 0x04)
    return ossl::error("ECP: cannot encode the public point");
  return Bytes(point + 1, point + len);
}

class EcpKeyPair final : public DhKeyPair {
 public:
  EcpKeyPair(DhId id, ossl::PkeyPtr key, Bytes pub)
      : DhKeyPair(id, std::move(pub)), key_(std::move(key)) {}

  Result<SecretBytes> shared_secret(ByteView peer) const override {
    const std::size_t coord = ecp_coordinate_size(id());
    if (peer.size() != 2 * coord)
      return make_error(std::string(dh_name(id())) + ": peer public value has " +
                        std::to_string(peer.size()) + " bytes, expected " +
                        std::to_string(2 * coord) + " (x | y)");
    std::uint8_t point[kMaxPoint];
    point[0] = 0x04;
    std::copy(peer.begin(), peer.end(), point + 1);
    ossl::PkeyPtr pk(EVP_PKEY_new());
    if (!pk || EVP_PKEY_copy_parameters(pk.get(), domain(id())) != 1 ||
        EVP_PKEY_set1_encoded_public_key(pk.get(), point, 1 + peer.size()) != 1)
      return ossl::error(std::string(dh_name(id())) + ": peer public value is not a point on " +
                         "the curve");
    return pkey_derive(key_.get(), pk.get(), coord, false);
  }

 private:
  ossl::PkeyPtr key_;
};

Result<std::unique_ptr<DhKeyPair>> make_pair(DhId id, ossl::PkeyPtr key) {
  auto pub = public_of(id, key.get());
  if (!pub) return pub.take_error();
  return std::unique_ptr<DhKeyPair>(
      std::make_unique<EcpKeyPair>(id, std::move(key), std::move(pub).value()));
}

// d·G, uncompressed, for importing a known private scalar.
Result<Bytes> point_of(DhId id, const BIGNUM* d) {
  GroupPtr grp(EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, OBJ_sn2nid(curve_name(id))));
  PointPtr pt(grp ? EC_POINT_new(grp.get()) : nullptr);
  Bytes out(1 + 2 * ecp_coordinate_size(id));
  if (!pt || EC_POINT_mul(grp.get(), pt.get(), d, nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(grp.get(), pt.get(), POINT_CONVERSION_UNCOMPRESSED, out.data(), out.size(),
                         nullptr) != out.size())
    return ossl::error("ECP: cannot compute the public point");
  return out;
}

}  // namespace

Result<std::unique_ptr<DhKeyPair>> ecp_generate(DhId id) {
  EVP_PKEY* dom = domain(id);
  if (dom == nullptr) return ossl::error("cannot set up " + std::string(dh_name(id)));
  auto key = keygen(id, dom);
  if (!key) return key.take_error();
  return make_pair(id, std::move(key).value());
}

Result<std::unique_ptr<DhKeyPair>> ecp_from_private(DhId id, ByteView d) {
  BnPtr priv(BN_bin2bn(d.data(), static_cast<int>(d.size()), nullptr));
  if (!priv || BN_is_zero(priv.get())) return make_error("ECP: bad private scalar");
  auto pub = point_of(id, priv.get());
  if (!pub) return pub.take_error();
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, curve_name(id), 0) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv.get()) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub->data(),
                                        pub->size()))
    return ossl::error("ECP: cannot build key parameters");
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  ossl::PkeyPtr key = pkey_from(params.get(), EVP_PKEY_KEYPAIR);
  if (!key) return ossl::error("ECP: cannot import private scalar");
  return make_pair(id, std::move(key));
}

}  // namespace oakley::crypto::detail
