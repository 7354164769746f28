// MODP Diffie-Hellman (RFC 2409 section 6, RFC 3526, RFC 5114 2.1-2.3). The domain parameters are
// built once per group. The safe-prime groups are explicit p and g = 2 without q: a peer value is
// only checked against the range (p is a safe prime, so a subgroup check would cost one more
// full-size exponentiation and find nothing the range check misses) and private exponents are
// short (see private_bits). The RFC 5114 groups come from OpenSSL's own copy ("dh_1024_160" ...)
// with their small prime-order subgroup q: p - 1 has other small factors there, so RFC 6989 2.2
// requires y^q = 1 mod p of every peer value, and private values are taken below q.
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/param_build.h>

#include <array>
#include <mutex>
#include <string>

#include "crypto/dh_internal.hpp"

namespace oakley::crypto::detail {

namespace {

using BnPtr = std::unique_ptr<BIGNUM, ossl::Deleter<BN_clear_free>>;
using BnCtxPtr = std::unique_ptr<BN_CTX, ossl::Deleter<BN_CTX_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ossl::Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, ossl::Deleter<OSSL_PARAM_free>>;

// Short exponents: RFC 7919 appendix A's minimum secret sizes for the same-size FFDHE groups
// (about twice the group's strength); the smaller groups get 2 x 80 and 2 x 96 bits.
int private_bits(std::size_t prime_bytes) {
  switch (prime_bytes * 8) {
    case 768:
    case 1024:
      return 160;
    case 1536:
      return 192;
    case 2048:
      return 225;
    case 3072:
      return 275;
    case 4096:
      return 325;
    case 6144:
      return 375;
    default:
      return 400;
  }
}

struct Group {
  DhId id;
  std::size_t size = 0;
  BnPtr p, p_minus_1, g;
  BnPtr q;  // RFC 5114 groups only
  ossl::PkeyPtr domain;
};

ParamsPtr group_params(const Group& grp, const BIGNUM* priv, const BIGNUM* pub) {
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  bool ok = bld && OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, grp.p.get()) &&
            OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, grp.g.get());
  // With q, OpenSSL draws private values from [1, q-1]; without, a short exponent.
  if (ok && grp.q) {
    ok = OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_Q, grp.q.get());
  } else if (ok) {
    ok = OSSL_PARAM_BLD_push_int(bld.get(), OSSL_PKEY_PARAM_DH_PRIV_LEN, private_bits(grp.size));
  }
  if (ok && priv != nullptr)
    ok = OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv) &&
         OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, pub);
  return ParamsPtr(ok ? OSSL_PARAM_BLD_to_param(bld.get()) : nullptr);
}

ossl::PkeyPtr pkey_from(const OSSL_PARAM* params, int selection) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || params == nullptr || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, selection, const_cast<OSSL_PARAM*>(params)) != 1)
    return nullptr;
  return ossl::PkeyPtr(key);
}

// p and g = 2 of a safe-prime group.
bool safe_prime_values(DhId id, Group& grp) {
  BIGNUM* p = nullptr;
  if (BN_hex2bn(&p, modp_prime_hex(id)) == 0) return false;
  grp.p.reset(p);
  grp.g.reset(BN_new());
  return grp.g && BN_set_word(grp.g.get(), 2) == 1;
}

// p, g and q of an RFC 5114 group, from OpenSSL's named FFC groups.
bool rfc5114_values(DhId id, Group& grp) {
  OSSL_PARAM named[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                       const_cast<char*>(rfc5114_group_name(id)), 0),
      OSSL_PARAM_construct_end()};
  ossl::PkeyPtr key = pkey_from(named, EVP_PKEY_KEY_PARAMETERS);
  BIGNUM *p = nullptr, *g = nullptr, *q = nullptr;
  bool ok = key && EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_FFC_P, &p) == 1 &&
            EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_FFC_G, &g) == 1 &&
            EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_FFC_Q, &q) == 1;
  grp.p.reset(p);
  grp.g.reset(g);
  grp.q.reset(q);
  return ok && static_cast<std::size_t>(BN_num_bytes(p)) == grp.size;
}

std::unique_ptr<Group> build_group(DhId id) {
  auto grp = std::make_unique<Group>();
  grp->id = id;
  grp->size = modp_size(id);
  const bool ok = modp_prime_hex(id) ? safe_prime_values(id, *grp) : rfc5114_values(id, *grp);
  if (!ok) return nullptr;
  grp->p_minus_1.reset(BN_dup(grp->p.get()));
  if (!grp->p_minus_1 || BN_sub_word(grp->p_minus_1.get(), 1) != 1) return nullptr;
  ParamsPtr params = group_params(*grp, nullptr, nullptr);
  grp->domain = pkey_from(params.get(), EVP_PKEY_KEY_PARAMETERS);
  return grp->domain ? std::move(grp) : nullptr;
}

const Group* group(DhId id) {
  [[maybe_unused]] static const bool init = ossl::init_before_static();
  static std::mutex mutex;
  static std::array<std::unique_ptr<Group>, 25> groups;
  const auto slot = static_cast<std::size_t>(id);
  if (slot >= groups.size() || modp_size(id) == 0) return nullptr;
  std::lock_guard lock(mutex);
  if (!groups[slot]) groups[slot] = build_group(id);
  return groups[slot].get();
}

Result<Bytes> public_of(const Group& grp, EVP_PKEY* key) {
  BIGNUM* pub = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_PUB_KEY, &pub) != 1)
    return ossl::error("MODP: no public value");
  BnPtr owned(pub);
  Bytes out(grp.size);
  if (BN_bn2binpad(pub, out.data(), static_cast<int>(out.size())) < 0)
    return make_error("MODP: public value longer than the prime");
  return out;
}

class ModpKeyPair final : public DhKeyPair {
 public:
  ModpKeyPair(const Group& grp, ossl::PkeyPtr key, Bytes pub)
      : DhKeyPair(grp.id, std::move(pub)), grp_(grp), key_(std::move(key)) {}

  Result<SecretBytes> shared_secret(ByteView peer) const override {
    auto checked = check_peer(peer);
    if (!checked) return checked.take_error();
    return pkey_derive(key_.get(), checked->get(), grp_.size, true);
  }

 private:
  // RFC 2409/3526 values are fixed length; 0, 1 and p-1 would force a known shared secret. In an
  // RFC 5114 group a value outside the order-q subgroup would leak our private value modulo the
  // small factors of p - 1 (RFC 6989 2.2).
  Result<ossl::PkeyPtr> check_peer(ByteView peer) const {
    if (peer.size() != grp_.size)
      return make_error(std::string(dh_name(grp_.id)) + ": peer public value has " +
                        std::to_string(peer.size()) + " bytes, expected " +
                        std::to_string(grp_.size));
    BnPtr y(BN_bin2bn(peer.data(), static_cast<int>(peer.size()), nullptr));
    if (!y) return ossl::error("MODP: cannot read peer value");
    if (BN_cmp(y.get(), BN_value_one()) <= 0 || BN_cmp(y.get(), grp_.p_minus_1.get()) >= 0)
      return make_error(std::string(dh_name(grp_.id)) +
                        ": peer public value is not in the range 1 < y < p-1");
    if (grp_.q && !in_subgroup(y.get()))
      return make_error(std::string(dh_name(grp_.id)) +
                        ": peer public value is not in the prime-order subgroup (y^q != 1 mod p, "
                        "RFC 6989)");
    ossl::PkeyPtr pk(EVP_PKEY_new());
    if (!pk || EVP_PKEY_copy_parameters(pk.get(), grp_.domain.get()) != 1 ||
        EVP_PKEY_set1_encoded_public_key(pk.get(), peer.data(), peer.size()) != 1)
      return ossl::error("MODP: peer public value rejected");
    return pk;
  }

  bool in_subgroup(const BIGNUM* y) const {
    BnCtxPtr ctx(BN_CTX_new());
    BnPtr r(BN_new());
    bool ok = ctx && r && BN_mod_exp(r.get(), y, grp_.q.get(), grp_.p.get(), ctx.get()) == 1 &&
              BN_is_one(r.get());
    if (!ok) ossl::clear_errors();
    return ok;
  }

  const Group& grp_;
  ossl::PkeyPtr key_;
};

Result<std::unique_ptr<DhKeyPair>> make_pair(const Group& grp, ossl::PkeyPtr key) {
  auto pub = public_of(grp, key.get());
  if (!pub) return pub.take_error();
  return std::unique_ptr<DhKeyPair>(
      std::make_unique<ModpKeyPair>(grp, std::move(key), std::move(pub).value()));
}

Error no_group(DhId id) {
  return ossl::error("cannot set up " + std::string(dh_name(id)) + " parameters");
}

}  // namespace

Result<std::unique_ptr<DhKeyPair>> modp_generate(DhId id) {
  const Group* grp = group(id);
  if (grp == nullptr) return no_group(id);
  auto key = keygen(id, grp->domain.get());
  if (!key) return key.take_error();
  return make_pair(*grp, std::move(key).value());
}

Result<std::unique_ptr<DhKeyPair>> modp_from_private(DhId id, ByteView x) {
  const Group* grp = group(id);
  if (grp == nullptr) return no_group(id);
  BnPtr priv(BN_bin2bn(x.data(), static_cast<int>(x.size()), nullptr));
  BnPtr pub(BN_new());
  BnCtxPtr bn_ctx(BN_CTX_new());
  if (!priv || !pub || !bn_ctx || BN_is_zero(priv.get()) ||
      BN_mod_exp(pub.get(), grp->g.get(), priv.get(), grp->p.get(), bn_ctx.get()) != 1)
    return ossl::error("MODP: bad private value");
  ParamsPtr params = group_params(*grp, priv.get(), pub.get());
  ossl::PkeyPtr key = pkey_from(params.get(), EVP_PKEY_KEYPAIR);
  if (!key) return ossl::error("MODP: cannot import private value");
  return make_pair(*grp, std::move(key));
}

}  // namespace oakley::crypto::detail
