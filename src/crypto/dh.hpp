// Diffie-Hellman for IKE: MODP groups 1, 2, 5, 14-18 (RFC 2409, RFC 3526) and 22-24 (RFC 5114,
// with the subgroup check of RFC 6989), ECP groups 19-21 (RFC 5903), 25/26 (P-192/P-224, RFC 5114)
// and 27-30 (Brainpool, RFC 6954), Curve25519/Curve448 (RFC 8031). Public values are the KE payload
// data: fixed length, big-endian for MODP (left-padded to the prime size), x | y without the 0x04
// prefix for ECP, the RFC 7748 encoding for the curves. Shared secrets are g^ir as SKEYSEED/SKEYID
// take it (MODP padded to the prime size, ECP the x coordinate only).
#pragma once

#include <cstddef>
#include <memory>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"

namespace oakley::crypto {

bool dh_supported(DhId id);
// KE payload data length: 96..1024 for MODP, twice the coordinate size for ECP (48 for P-192 up to
// 132 for P-521), 32/56 for 31/32; 0 if unsupported.
std::size_t dh_public_size(DhId id);
std::size_t dh_shared_size(DhId id);

// One side of one exchange. generate() and shared_secret() are the expensive calls (a worker
// thread's job); an instance may be used from any one thread at a time.
class DhKeyPair {
 public:
  virtual ~DhKeyPair() = default;

  static Result<std::unique_ptr<DhKeyPair>> generate(DhId id);
  // From a known private value, for known-answer tests: the MODP exponent or ECP scalar as
  // big-endian bytes, the RFC 7748 scalar for the curves.
  static Result<std::unique_ptr<DhKeyPair>> from_private(DhId id, ByteView private_value);

  DhId id() const { return id_; }
  ByteView public_value() const { return public_; }
  // g^ir from the peer's KE payload data. The peer value is checked first (length; MODP
  // 1 < y < p-1, and y^q = 1 for the RFC 5114 groups; ECP point on the curve; X25519/X448 non-zero
  // result) and rejected with an Error that says what was wrong.
  virtual Result<SecretBytes> shared_secret(ByteView peer_public) const = 0;

 protected:
  DhKeyPair(DhId id, Bytes public_value) : id_(id), public_(std::move(public_value)) {}

 private:
  DhId id_;
  Bytes public_;
};

}  // namespace oakley::crypto
