// Everything an IKE SA derives from its DH exchange (RFC 7296 2.14, 2.18), computed on a worker
// thread from copied inputs and moved into the SA on the loop afterwards.
#pragma once

#include <memory>
#include <optional>

#include "common/result.hpp"
#include "common/secret.hpp"
#include "crypto/dh.hpp"
#include "ike/key_log.hpp"
#include "ike/proposal.hpp"
#include "ikev2/sk_crypter.hpp"

namespace oakley::ikev2 {

struct IkeKeyInputs {
  ike::Proposal proposal;  // selected: ENCR (+ key length), PRF, INTEG (or none), DH
  Bytes nonce_i, nonce_r;
  std::uint64_t spi_i = 0, spi_r = 0;
  bool we_initiated = false;  // of this SA (the rekey's initiator for a rekeyed SA)
  SecretBytes rekey_sk_d;     // set for an IKE rekey: SKEYSEED = prf(SK_d old, g^ir | Ni | Nr)
  // IKE rekey with RFC 9370 IKE_FOLLOWUP_KE: SK(1) | ... | SK(n), appended after Nr.
  SecretBytes additional_secrets{};
  // Gets SK_e and SK_a when Wireshark key export is on.
  ike::KeyLog* key_log = nullptr;
};

struct IkeKeyResult {
  PrfId prf{};
  SecretBytes sk_d, sk_pi, sk_pr;
  std::optional<SkCrypter> crypter;
};

// Computes g^ir with `dh` (ours) and the peer's public value, then every key.
Result<IkeKeyResult> derive_ike_keys(const IkeKeyInputs& in, const crypto::DhKeyPair& dh,
                                     ByteView peer_public);

// The same from a shared secret computed before (the CREATE_CHILD_SA's g^ir of an IKE rekey whose
// additional key exchanges followed it).
Result<IkeKeyResult> derive_ike_keys_from(const IkeKeyInputs& in, ByteView g_ir);

// A worker's whole job for one DH-based exchange: optionally generate our key pair, then derive.
struct DhJob {
  DhId group{};
  std::unique_ptr<crypto::DhKeyPair> dh;  // generated when empty
  Bytes peer_public;
  IkeKeyInputs inputs;
  Result<IkeKeyResult> result = make_error("not run");
  void run();
};

}  // namespace oakley::ikev2
