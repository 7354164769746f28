// IKEv2 key derivation (RFC 7296 2.13-2.18) and the PSK AUTH value (RFC 7296 2.15).
#pragma once

#include <cstddef>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/result.hpp"
#include "common/secret.hpp"

namespace oakley::crypto::ikev2 {

// SKEYSEED = prf(Ni | Nr, g^ir). For the fixed-key AES PRFs the key is the first half-key
// bytes of Ni and of Nr (RFC 7296 2.14: Ni[0:8] | Nr[0:8]).
Result<SecretBytes> skeyseed(PrfId prf, ByteView ni, ByteView nr, ByteView g_ir);

// IKE SA rekey (RFC 7296 2.18): SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). With RFC 9370
// additional key exchanges (IKE_FOLLOWUP_KE, 2.2.4) their shared secrets SK(1) | ... | SK(n),
// concatenated in exchange order, follow Nr: pass them as `additional`.
Result<SecretBytes> rekey_skeyseed(PrfId prf, ByteView sk_d_old, ByteView g_ir_new, ByteView ni,
                                   ByteView nr, ByteView additional = {});

struct IkeSaKeys {
  SecretBytes sk_d, sk_ai, sk_ar, sk_ei, sk_er, sk_pi, sk_pr;
};

// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr).
// SK_d/SK_pi/SK_pr take prf_key_size(prf) bytes; SPIs are the 8 wire bytes each; integ_key_len is
// 0 for AEAD; encr_key_len is encr_keymat_size() (salt included).
Result<IkeSaKeys> derive_ike_sa_keys(PrfId prf, ByteView skeyseed, ByteView ni, ByteView nr,
                                     ByteView spi_i, ByteView spi_r, std::size_t integ_key_len,
                                     std::size_t encr_key_len);

// Child SA KEYMAT (RFC 7296 2.17): prf+(SK_d, [g^ir (new) |] Ni | Nr); pass an empty g_ir_new
// without PFS. RFC 9370 2.2.4 appends the additional key exchanges' secrets SK(1) | ... | SK(n)
// after Nr (`additional`, empty without them).
Result<SecretBytes> child_keymat(PrfId prf, ByteView sk_d, ByteView g_ir_new, ByteView ni,
                                 ByteView nr, std::size_t length, ByteView additional = {});

struct ChildSaKeys {
  // "i" = the SA carrying traffic from initiator to responder (keys taken first), "r" = back.
  SecretBytes encr_i, integ_i, encr_r, integ_r;
};
// KEYMAT split in RFC 7296 2.17 order: encr_i | integ_i | encr_r | integ_r.
Result<ChildSaKeys> derive_child_sa_keys(PrfId prf, ByteView sk_d, ByteView g_ir_new, ByteView ni,
                                         ByteView nr, std::size_t encr_key_len,
                                         std::size_t integ_key_len, ByteView additional = {});

// <SignedOctets> (RFC 7296 2.15) = RealMessage | Nonce | prf(SK_p, RestOfIDPayload). For the
// initiator: its IKE_SA_INIT request, Nr, SK_pi, IDi payload body (after the generic header);
// for the responder: its IKE_SA_INIT response, Ni, SK_pr, IDr body.
Result<Bytes> signed_octets(PrfId prf, ByteView real_message, ByteView nonce, ByteView sk_p,
                            ByteView id_payload_body);

// PSK AUTH data = prf(prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>).
Result<Bytes> psk_auth(PrfId prf, ByteView shared_secret, ByteView signed_octets);
// The same from its parts.
Result<Bytes> psk_auth(PrfId prf, ByteView shared_secret, ByteView real_message, ByteView nonce,
                       ByteView sk_p, ByteView id_payload_body);

}  // namespace oakley::crypto::ikev2
