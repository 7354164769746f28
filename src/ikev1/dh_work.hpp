// Diffie-Hellman as a job for the worker pool: key generation and the shared secret are the only
// expensive steps of IKEv1 (RFC 2409 leaves everything else to HMACs). The job owns its inputs
// and outputs, so a worker never touches SA state, and an SA that disappears meanwhile leaves the
// job to finish harmlessly.
#pragma once

#include <memory>
#include <string>

#include "common/algorithm_ids.hpp"
#include "common/bytes.hpp"
#include "common/secret.hpp"
#include "crypto/dh.hpp"

namespace oakley::ikev1 {

struct DhWork {
  DhId group{};
  std::unique_ptr<crypto::DhKeyPair> pair;  // generated when empty
  Bytes peer_public;                        // when set, the shared secret is computed too
  SecretBytes shared;
  std::string error;

  void run() {
    if (!pair) {
      auto p = crypto::DhKeyPair::generate(group);
      if (!p) {
        error = p.error().message;
        return;
      }
      pair = std::move(*p);
    }
    if (peer_public.empty()) return;
    auto s = pair->shared_secret(peer_public);
    if (!s) {
      error = "the peer's KE payload is not a valid " + std::string(dh_name(group)) +
              " public value: " + s.error().message;
      return;
    }
    shared = std::move(*s);
  }
  Bytes public_value() const {
    auto v = pair->public_value();
    return Bytes(v.begin(), v.end());
  }
};

}  // namespace oakley::ikev1
