#include "crypto/prf.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "crypto/hash.hpp"
#include "crypto/mac_engine.hpp"

namespace oakley::crypto {

namespace {

constexpr std::size_t kAesKey = 16;

// The AES PRFs accept any key length. RFC 4434 section 2 (XCBC): shorter keys are zero padded,
// longer ones reduced with the MAC under a zero key. RFC 4615 section 3 (CMAC): every length
// other than 16 is reduced, shorter keys included.
Result<SecretBytes> aes_prf_key(ByteView key, bool cmac) {
  if (key.size() == kAesKey) return SecretBytes(key);
  SecretBytes out(kAesKey);
  if (!cmac && key.size() < kAesKey) {
    std::copy(key.begin(), key.end(), out.data());
    return out;
  }
  const std::array<std::uint8_t, kAesKey> zero_key{};
  auto engine = cmac ? detail::make_aes_cmac(zero_key) : detail::make_aes_xcbc(zero_key);
  if (!engine) return engine.take_error();
  if (!(*engine)->compute({key}, out.data())) return make_error("AES PRF key reduction failed");
  return out;
}

Result<std::unique_ptr<detail::MacEngine>> make_engine(PrfId id, ByteView key) {
  if (auto hash = hmac_hash(id)) return detail::make_hmac(*hash, key);
  if (id != PrfId::kAes128Xcbc && id != PrfId::kAes128Cmac)
    return make_error("unsupported PRF transform " + std::to_string(static_cast<int>(id)));
  bool cmac = id == PrfId::kAes128Cmac;
  auto aes_key = aes_prf_key(key, cmac);
  if (!aes_key) return aes_key.take_error();
  return cmac ? detail::make_aes_cmac(*aes_key) : detail::make_aes_xcbc(*aes_key);
}

}  // namespace

bool prf_supported(PrfId id) {
  return prf_output_size(id) != 0;
}

std::size_t prf_output_size(PrfId id) {
  if (auto hash = hmac_hash(id)) return hash_size(*hash);
  return id == PrfId::kAes128Xcbc || id == PrfId::kAes128Cmac ? kAesKey : 0;
}

std::size_t prf_key_size(PrfId id) {
  return prf_output_size(id);
}

KeyedPrf::KeyedPrf(PrfId id, std::unique_ptr<detail::MacEngine> engine)
    : id_(id), engine_(std::move(engine)) {}
KeyedPrf::KeyedPrf(KeyedPrf&&) noexcept = default;
KeyedPrf& KeyedPrf::operator=(KeyedPrf&&) noexcept = default;
KeyedPrf::~KeyedPrf() = default;

Result<KeyedPrf> KeyedPrf::create(PrfId id, ByteView key) {
  auto engine = make_engine(id, key);
  if (!engine) return engine.take_error();
  return KeyedPrf(id, std::move(engine).value());
}

bool KeyedPrf::compute_into(std::initializer_list<ByteView> data, MutableByteView out) {
  if (out.size() < engine_->size()) return false;
  return engine_->compute(data, out.data());
}

SecretBytes KeyedPrf::compute(std::initializer_list<ByteView> data) {
  SecretBytes out(engine_->size());
  // A keyed MAC over memory fails only if OpenSSL itself is broken.
  if (!engine_->compute(data, out.data())) std::abort();
  return out;
}

Result<Prf> Prf::create(PrfId id) {
  if (!prf_supported(id))
    return make_error("unsupported PRF transform " + std::to_string(static_cast<int>(id)));
  return Prf(id);
}

SecretBytes Prf::compute(ByteView key, std::initializer_list<ByteView> data) const {
  auto keyed = KeyedPrf::create(id_, key);
  if (!keyed) std::abort();  // every key length is valid for a supported PRF
  return keyed->compute(data);
}

}  // namespace oakley::crypto
