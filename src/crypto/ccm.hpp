// Internal to src/crypto: CCM (RFC 3610) composed from a block cipher's CBC and CTR modes, for
// Camellia (RFC 5528, RFC 5529), for which OpenSSL 3.0 has no CCM mode. AES-CCM keeps OpenSSL's
// own implementation (aead.cpp). Like mac_xcbc.cpp this only arranges OpenSSL's cipher calls: the
// CBC-MAC is the last block of a CBC encryption with a zero IV, the keystream is OpenSSL's CTR.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace oakley::crypto::detail {

class CcmEngine {
 public:
  virtual ~CcmEngine() = default;
  // `cipher` is "CAMELLIA" or "AES" (the latter only to cross-check against OpenSSL's AES-CCM);
  // the key is 16, 24 or 32 bytes; `tag` is M (4, 6, ..., 16 bytes) and `nonce` 15 - L bytes
  // (7 to 13; ESP uses 11: salt || IV, so L = 4).
  static Result<std::unique_ptr<CcmEngine>> create(const char* cipher, ByteView key,
                                                   std::size_t tag, std::size_t nonce);

  virtual std::size_t tag_size() const = 0;
  // In place; false for wrong sizes (nonce, tag, a message longer than L bytes can count) or an
  // OpenSSL failure. open() is also false when the tag does not verify (data then unspecified).
  virtual bool seal(ByteView nonce, ByteView aad, MutableByteView data, MutableByteView tag) = 0;
  virtual bool open(ByteView nonce, ByteView aad, MutableByteView data, ByteView tag) = 0;
};

}  // namespace oakley::crypto::detail
