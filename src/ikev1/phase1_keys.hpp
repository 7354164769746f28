// The Phase 1 key schedule as the engine runs it (RFC 2409 5, appendix B), as one pure function
// so known-answer tests can feed it a recorded exchange: SKEYID (pre-shared key or signatures),
// SKEYID_d/_a/_e, the cipher key, and the Phase 1 IV.
#pragma once

#include <cstdint>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"

namespace oakley::ikev1 {

struct Phase1KeyInput {
  PrfId prf{};                       // HMAC of the negotiated hash
  EncrId encr{};                     // Phase 1 cipher (CBC)
  unsigned key_bits = 0;             // 0: the cipher's fixed size
  const SecretBytes* psk = nullptr;  // nullptr: signature authentication
  ByteView ni_b, nr_b;               // Nonce payload bodies
  ByteView g_xi, g_xr;               // KE payload bodies
  std::uint64_t cky_i = 0, cky_r = 0;
};

struct Phase1Keys {
  SecretBytes skeyid, skeyid_d, skeyid_a, skeyid_e;
  SecretBytes encryption_key;
  Bytes iv;  // the Phase 1 IV: hash(g^xi | g^xr), one cipher block
  std::size_t block_size = 0;
};

Result<Phase1Keys> derive_phase1_keys(const Phase1KeyInput& in, ByteView g_xy);

// The cipher's block size, the IV size of IKEv1 CBC messages (16 for AES, 8 for (3)DES).
Result<std::size_t> cbc_block_size(EncrId encr);

}  // namespace oakley::ikev1
