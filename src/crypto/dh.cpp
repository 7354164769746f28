#include "crypto/dh.hpp"

#include <openssl/core_names.h>
#include <openssl/dh.h>

#include <array>
#include <string>

#include "crypto/dh_internal.hpp"

namespace oakley::crypto {

namespace detail {

std::size_t modp_size(DhId id) {
  if (const char* hex = modp_prime_hex(id)) return std::char_traits<char>::length(hex) / 2;
  switch (id) {
    case DhId::kModp1024s160:
      return 128;
    case DhId::kModp2048s224:
    case DhId::kModp2048s256:
      return 256;
    default:
      return 0;
  }
}

std::size_t ecp_coordinate_size(DhId id) {
  switch (id) {
    case DhId::kEcp192:
      return 24;
    case DhId::kEcp224:
    case DhId::kEcp224Bp:
      return 28;
    case DhId::kEcp256:
    case DhId::kEcp256Bp:
      return 32;
    case DhId::kEcp384:
    case DhId::kEcp384Bp:
      return 48;
    case DhId::kEcp512Bp:
      return 64;
    case DhId::kEcp521:
      return 66;
    default:
      return 0;
  }
}

std::size_t ecx_size(DhId id) {
  return id == DhId::kCurve25519 ? 32 : id == DhId::kCurve448 ? 56 : 0;
}

Result<SecretBytes> pkey_derive(EVP_PKEY* own, EVP_PKEY* peer, std::size_t size, bool dh_pad) {
  ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
  if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
      (dh_pad && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1) ||
      EVP_PKEY_derive_set_peer_ex(ctx.get(), peer, 0) != 1)
    return ossl::error("DH: cannot set up the key exchange");
  SecretBytes out(size);
  std::size_t len = size;
  if (EVP_PKEY_derive(ctx.get(), out.data(), &len) != 1)
    return ossl::error("DH: key exchange with the peer's public value failed");
  if (len != size)
    return make_error("DH: shared secret of " + std::to_string(len) + " bytes, expected " +
                      std::to_string(size));
  return out;
}

EVP_PKEY_CTX* keygen_ctx(DhId id, EVP_PKEY* domain_template) {
  // Indexed by group; each thread keeps its own contexts (a context is not thread-safe).
  thread_local std::array<ossl::PkeyCtxPtr, 64> cache;
  const auto slot = static_cast<std::size_t>(id) % cache.size();
  if (!cache[slot]) {
    ossl::PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, domain_template, nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return nullptr;
    cache[slot] = std::move(ctx);
  }
  return cache[slot].get();
}

Result<ossl::PkeyPtr> keygen(DhId id, EVP_PKEY* domain_template) {
  EVP_PKEY_CTX* ctx = keygen_ctx(id, domain_template);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen(ctx, &key) != 1)
    return ossl::error(std::string("DH: key generation for ") + std::string(dh_name(id)) +
                       " failed");
  return ossl::PkeyPtr(key);
}

}  // namespace detail

bool dh_supported(DhId id) {
  return dh_public_size(id) != 0;
}

std::size_t dh_public_size(DhId id) {
  if (std::size_t n = detail::modp_size(id)) return n;
  if (std::size_t n = detail::ecp_coordinate_size(id)) return 2 * n;
  return detail::ecx_size(id);
}

std::size_t dh_shared_size(DhId id) {
  if (std::size_t n = detail::modp_size(id)) return n;
  if (std::size_t n = detail::ecp_coordinate_size(id)) return n;
  return detail::ecx_size(id);
}

namespace {

Error unsupported(DhId id) {
  return make_error("unsupported Diffie-Hellman group " + std::to_string(static_cast<int>(id)));
}

}  // namespace

Result<std::unique_ptr<DhKeyPair>> DhKeyPair::generate(DhId id) {
  if (detail::modp_size(id)) return detail::modp_generate(id);
  if (detail::ecp_coordinate_size(id)) return detail::ecp_generate(id);
  if (detail::ecx_size(id)) return detail::ecx_generate(id);
  return unsupported(id);
}

Result<std::unique_ptr<DhKeyPair>> DhKeyPair::from_private(DhId id, ByteView private_value) {
  if (detail::modp_size(id)) return detail::modp_from_private(id, private_value);
  if (detail::ecp_coordinate_size(id)) return detail::ecp_from_private(id, private_value);
  if (detail::ecx_size(id)) return detail::ecx_from_private(id, private_value);
  return unsupported(id);
}

}  // namespace oakley::crypto
