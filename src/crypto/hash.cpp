#include "crypto/hash.hpp"

#include <openssl/evp.h>

#include <cstdlib>

#include "crypto/ossl.hpp"

namespace oakley::crypto {

namespace {

const EVP_MD* evp_md(HashAlg alg) {
  switch (alg) {
    case HashAlg::kMd5:
      return ossl::md("MD5");
    case HashAlg::kSha1:
      return ossl::md("SHA1");
    case HashAlg::kSha256:
      return ossl::md("SHA256");
    case HashAlg::kSha384:
      return ossl::md("SHA384");
    case HashAlg::kSha512:
      return ossl::md("SHA512");
  }
  return nullptr;
}

}  // namespace

std::size_t hash_size(HashAlg alg) {
  switch (alg) {
    case HashAlg::kMd5:
      return 16;
    case HashAlg::kSha1:
      return 20;
    case HashAlg::kSha256:
      return 32;
    case HashAlg::kSha384:
      return 48;
    case HashAlg::kSha512:
      return 64;
  }
  return 0;
}

std::size_t hash_block_size(HashAlg alg) {
  return alg == HashAlg::kSha384 || alg == HashAlg::kSha512 ? 128 : 64;
}

std::optional<HashAlg> hmac_hash(PrfId prf) {
  switch (prf) {
    case PrfId::kHmacMd5:
      return HashAlg::kMd5;
    case PrfId::kHmacSha1:
      return HashAlg::kSha1;
    case PrfId::kHmacSha256:
      return HashAlg::kSha256;
    case PrfId::kHmacSha384:
      return HashAlg::kSha384;
    case PrfId::kHmacSha512:
      return HashAlg::kSha512;
    default:
      return std::nullopt;
  }
}

Bytes hash(HashAlg alg, std::initializer_list<ByteView> parts) {
  thread_local ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
  Bytes out(hash_size(alg));
  unsigned int len = 0;
  bool ok = ctx && EVP_DigestInit_ex2(ctx.get(), evp_md(alg), nullptr) == 1;
  for (ByteView p : parts)
    ok = ok && EVP_DigestUpdate(ctx.get(), p.data(), p.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1;
  // Digests over memory fail only if OpenSSL itself is broken (no default provider).
  if (!ok || len != out.size()) std::abort();
  return out;
}

Bytes ikev2_nat_hash(ByteView spi_i, ByteView spi_r, ByteView ip, std::uint16_t port) {
  std::uint8_t port_be[2];
  store_be16(port_be, port);
  return hash(HashAlg::kSha1, {spi_i, spi_r, ip, ByteView(port_be, 2)});
}

}  // namespace oakley::crypto
