// Store queries: our credential for a connection, and checking a peer's certificate.
#include "credentials/store.hpp"

#include <fmt/format.h>

namespace oakley::credentials {

const LocalCredential* Store::local(const config::Connection& conn) const {
  auto it = connections_.find(conn.name);
  if (it == connections_.end() || !it->second.local) return nullptr;
  return &*it->second.local;
}

std::span<const crypto::Certificate> Store::trusted_cas(const config::Connection& conn) const {
  auto it = connections_.find(conn.name);
  if (it == connections_.end() || it->second.cas.empty()) return all_cas_;
  return it->second.cas;
}

std::vector<Store::Entry> Store::entries() const {
  std::vector<Entry> out;
  for (const auto& [name, pc] : connections_) {
    if (pc.local) out.push_back(Entry{"local", name, &pc.local->cert});
  }
  for (const auto& ca : all_cas_)
    out.push_back(Entry{"ca", "", &ca});
  for (const auto& [name, pc] : connections_) {
    for (const auto& ca : pc.cas)
      out.push_back(Entry{"ca", name, &ca});
    for (const auto& p : pc.pinned)
      out.push_back(Entry{"pinned", name, &p});
  }
  return out;
}

namespace {

bool is_pinned(const crypto::Certificate& cert, const std::vector<crypto::Certificate>& pinned) {
  for (const auto& p : pinned) {
    if (p.der() == cert.der()) return true;
  }
  return false;
}

}  // namespace

Result<VerifiedPeer> Store::verify_peer(const config::Connection& conn,
                                        const config::Identity& peer_id,
                                        std::span<const Bytes> received) const {
  auto it = connections_.find(conn.name);
  static const std::vector<crypto::Certificate> kNone;
  const auto& pinned = it == connections_.end() ? kNone : it->second.pinned;
  std::vector<crypto::Certificate> certs;
  for (const auto& der : received) {
    auto c = crypto::Certificate::parse(der);
    if (!c) return make_error("the peer's certificate does not parse: " + c.error().message);
    certs.push_back(std::move(*c));
  }
  if (certs.empty()) {
    for (const auto& p : pinned) {
      if (vouches_for(p, peer_id)) certs.push_back(p);
    }
    if (certs.empty()) {
      return make_error(fmt::format(
          "the peer sent no certificate and remote.certs of connection '{}' holds none for '{}'",
          conn.name, peer_id.to_string()));
    }
  }
  const crypto::Certificate& leaf = certs.front();
  if (!pinned.empty()) {
    if (!is_pinned(leaf, pinned)) {
      return make_error(
          fmt::format("certificate \"{}\" is not one of the remote.certs of "
                      "connection '{}'",
                      leaf.subject_text(), conn.name));
    }
  } else {
    std::span<const crypto::Certificate> intermediates(certs.data() + 1, certs.size() - 1);
    if (auto st = crypto::verify_chain(leaf, trusted_cas(conn), intermediates); !st)
      return st.take_error();
  }
  if (!leaf.may_sign_ike()) {
    return make_error(
        fmt::format("certificate \"{}\" has a keyUsage without digitalSignature "
                    "or nonRepudiation (RFC 4945 5.1.3.2)",
                    leaf.subject_text()));
  }
  if (!vouches_for(leaf, peer_id)) {
    return make_error(
        fmt::format("certificate \"{}\" does not contain the peer's identity '{}' "
                    "(neither as subject nor as subjectAltName)",
                    leaf.subject_text(), peer_id.to_string()));
  }
  return VerifiedPeer{leaf.public_key(), leaf.subject_text(), leaf.issuer_text()};
}

}  // namespace oakley::credentials
