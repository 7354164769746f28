// Internal to src/crypto: a keyed MAC that is re-initialised per message without re-keying, shared
// by the PRFs (full output) and the integrity transforms (truncated output).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "crypto/hash.hpp"

namespace oakley::crypto::detail {

class MacEngine {
 public:
  virtual ~MacEngine() = default;
  virtual std::size_t size() const = 0;  // untruncated output length
  // MAC of the concatenation of `parts`, size() bytes into `out`. False only if OpenSSL fails.
  virtual bool compute(std::initializer_list<ByteView> parts, std::uint8_t* out) = 0;
};

Result<std::unique_ptr<MacEngine>> make_hmac(HashAlg alg, ByteView key);
// AES-128 based MACs take exactly 16 key bytes (the PRF forms adapt other lengths first).
Result<std::unique_ptr<MacEngine>> make_aes_cmac(ByteView key);
Result<std::unique_ptr<MacEngine>> make_aes_xcbc(ByteView key);

inline constexpr std::size_t kMaxMacSize = 64;

}  // namespace oakley::crypto::detail
