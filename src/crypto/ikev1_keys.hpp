// IKEv1 key derivation and hashes (RFC 2409 sections 5 and 5.5 and appendix B). IKEv1's prf is the
// HMAC of the negotiated hash, so every function takes the HMAC PrfId of that hash (the AES PRFs
// are refused) and uses the bare hash where RFC 2409 says "hash".
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"

namespace oakley::crypto::ikev1 {

// Nonces are the Ni_b/Nr_b payload bodies; cookies are CKY-I/CKY-R (8 bytes each).
// Pre-shared key: SKEYID = prf(pre-shared-key, Ni_b | Nr_b).
Result<SecretBytes> skeyid_psk(PrfId prf, ByteView psk, ByteView ni_b, ByteView nr_b);
// Signatures: SKEYID = prf(Ni_b | Nr_b, g^xy).
Result<SecretBytes> skeyid_sig(PrfId prf, ByteView ni_b, ByteView nr_b, ByteView g_xy);
// Public key encryption: SKEYID = prf(hash(Ni_b | Nr_b), CKY-I | CKY-R).
Result<SecretBytes> skeyid_pke(PrfId prf, ByteView ni_b, ByteView nr_b, ByteView cky_i,
                               ByteView cky_r);

struct Phase1Keys {
  SecretBytes skeyid, skeyid_d, skeyid_a, skeyid_e;
};
// SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0), SKEYID_a = prf(SKEYID, SKEYID_d | g^xy |
// CKY-I | CKY-R | 1), SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2).
Result<Phase1Keys> derive_phase1_keys(PrfId prf, const SecretBytes& skeyid, ByteView g_xy,
                                      ByteView cky_i, ByteView cky_r);

// The Phase 1 cipher key: the first key_len bytes of SKEYID_e, or, when SKEYID_e is too short,
// of Ka = K1 | K2 | ... with K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1) (appendix B).
Result<SecretBytes> encryption_key(PrfId prf, ByteView skeyid_e, std::size_t key_len);

// Phase 1 IV = hash(g^xi | g^xr), truncated to the cipher block size.
Result<Bytes> phase1_iv(PrfId prf, ByteView g_xi, ByteView g_xr, std::size_t block_size);
// IV of a Quick Mode or Informational exchange = hash(last Phase 1 CBC block | M-ID), truncated.
Result<Bytes> phase2_iv(PrfId prf, ByteView last_phase1_block, std::uint32_t message_id,
                        std::size_t block_size);

// What HASH_I and HASH_R cover besides the sender's identity.
struct Phase1Exchange {
  ByteView g_xi, g_xr;  // KE payload bodies of initiator and responder
  ByteView cky_i, cky_r;
  ByteView sa_i_b;  // the initiator's SA payload body
};
// HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b)
Result<Bytes> hash_i(PrfId prf, ByteView skeyid, const Phase1Exchange& ex, ByteView id_ii_b);
// HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b)
Result<Bytes> hash_r(PrfId prf, ByteView skeyid, const Phase1Exchange& ex, ByteView id_ir_b);

// Quick Mode (RFC 2409 5.5); `payloads` are the message's payloads after the HASH payload, with
// their generic headers, as on the wire. M-ID is taken in network byte order.
// HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [| KE] [| IDci | IDcr]); the same form authenticates
// Informational exchanges: prf(SKEYID_a, M-ID | N/D).
Result<Bytes> qm_hash1(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView payloads);
// HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [| KE] [| IDci | IDcr])
Result<Bytes> qm_hash2(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView ni_b,
                       ByteView payloads);
// HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b)
Result<Bytes> qm_hash3(PrfId prf, ByteView skeyid_a, std::uint32_t message_id, ByteView ni_b,
                       ByteView nr_b);
inline Result<Bytes> informational_hash(PrfId prf, ByteView skeyid_a, std::uint32_t message_id,
                                        ByteView payloads) {
  return qm_hash1(prf, skeyid_a, message_id, payloads);
}

// Quick Mode KEYMAT for one SA (the SPI is the one its receiver chose), `length` bytes:
// K1 = prf(SKEYID_d, [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b), Kn = prf(SKEYID_d, Kn-1 |
// [g(qm)^xy |] protocol | SPI | Ni_b | Nr_b). Pass an empty g_qm without PFS.
Result<SecretBytes> qm_keymat(PrfId prf, ByteView skeyid_d, ByteView g_qm, std::uint8_t protocol,
                              ByteView spi, ByteView ni_b, ByteView nr_b, std::size_t length);

}  // namespace oakley::crypto::ikev1
