// The secrets section: pre-shared keys for IKE (ike<suffix>), EAP and XAuth passwords
// (eap<suffix>, xauth<suffix>), NTLM hashes (ntlm<suffix>), postquantum PSKs (ppk<suffix>), and
// passphrases for private key files (private/rsa/ecdsa/pkcs8/pkcs12<suffix>). A secret value is
// a string, "0x..." hex or "0s..." base64, as in strongSwan; it is kept in wiped memory.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret.hpp"
#include "config/identity.hpp"
#include "config/location.hpp"

namespace oakley::config {

struct SharedSecret {
  enum class Type : std::uint8_t { kIke, kEap, kXauth, kNtlm, kPpk };
  Type type = Type::kIke;
  std::string name;  // the section name, "ike-site-b"
  SourceLocation location;
  // The identities this secret belongs to (id<suffix> keys). Empty: any identity, as strongSwan
  // treats a secret without owners.
  std::vector<Identity> ids;
  SecretBytes secret;

  // IKE PSK lookup: the secret applies when it lists both identities, lists one and the other
  // is unknown, or lists none (see best_ike_secret()).
  bool owned_by(const Identity& id) const;
};

struct PrivateKeyPassphrase {
  std::string name;  // "private-gw", "rsa-1" ...
  std::string kind;  // private, rsa, ecdsa, pkcs8, pkcs12
  SourceLocation location;
  std::string file;  // in that kind's folder
  SecretBytes secret;
};

// strongSwan's secret value encoding: "0x<hex>", "0s<base64>", otherwise the bytes as written.
Result<SecretBytes> decode_secret(std::string_view text);

// The IKE PSK for a pair of identities, choosing as strongSwan does: the secret that names both
// ids wins over one that names one of them, which wins over one that names neither.
// nullptr when no secret matches.
const SharedSecret* best_ike_secret(const std::vector<SharedSecret>& secrets, const Identity& local,
                                    const Identity& remote);

// A user's XAuth password (an xauth<suffix> or eap<suffix> secret, the types strongSwan stores
// both as): the secret naming the user best. A secret naming nobody counts only with
// `allow_unowned` - a client's own password may be written so, but a gateway must not let such
// a secret admit every user name. nullptr when none fits.
const SharedSecret* best_user_secret(const std::vector<SharedSecret>& secrets, const Identity& user,
                                     bool allow_unowned);

}  // namespace oakley::config
