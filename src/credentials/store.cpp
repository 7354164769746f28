// Store queries: our credential for a connection, and checking a peer's certificate.
#include "credentials/store.hpp"

#include <fmt/format.h>

#include "credentials/constraints.hpp"
#include "crypto/hash.hpp"

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

Result<std::vector<crypto::Certificate>> Store::pinned_chain(
    const config::Connection& conn, const crypto::Certificate& leaf) const {
  if (auto st = leaf.check_validity(); !st) {
    return make_error(fmt::format("{} (it is pinned in remote.certs of connection '{}')",
                                  st.error().message, conn.name));
  }
  // Pinning makes the certificate trusted as it is; a CA we hold for it only adds the path that
  // revocation checks and constraints need.
  auto path = crypto::build_chain(leaf, trusted_cas(conn));
  if (path) return path;
  return std::vector<crypto::Certificate>{leaf};
}

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
  Result<std::vector<crypto::Certificate>> chain = std::vector<crypto::Certificate>{};
  if (!pinned.empty()) {
    if (!is_pinned(leaf, pinned)) {
      return make_error(
          fmt::format("certificate \"{}\" is not one of the remote.certs of "
                      "connection '{}'",
                      leaf.subject_text(), conn.name));
    }
    chain = pinned_chain(conn, leaf);
  } else {
    std::span<const crypto::Certificate> intermediates(certs.data() + 1, certs.size() - 1);
    chain = crypto::build_chain(leaf, trusted_cas(conn), intermediates);
  }
  if (!chain) return chain.take_error();
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
  const auto& round = conn.remote.front();
  if (auto st = check_chain_constraints(conn, round, *chain); !st) return st.take_error();
  if (auto st = check_ca_id(round, *chain); !st) return st.take_error();
  if (auto st = check_cert_policy(round, *chain); !st) return st.take_error();
  return VerifiedPeer{leaf.public_key(), leaf.subject_text(), leaf.issuer_text(),
                      std::move(*chain)};
}

Result<VerifiedPeer> Store::authenticate_peer(
    const config::Connection& conn, const config::Identity& peer_id,
    const PeerCertificates& received,
    const std::function<Status(const VerifiedPeer&)>& proof) const {
  auto peer = verify_peer(conn, peer_id, received.certs);
  if (!peer) return peer.take_error();
  if (auto st = proof(*peer); !st) return st.take_error();
  if (auto st = check_revocation(conn, *peer, received.ocsp); !st) return st.take_error();
  return peer;
}

RevocationSources Store::sources(const config::Connection& conn) const {
  RevocationSources s;
  s.local_crls = crls_;
  s.trusted = trusted_cas(conn);
  s.ocsp_signers = ocsp_signers_;
  s.authorities = authorities_;
  s.fetcher = fetcher_.get();
  s.fetch_timeout = fetch_timeout_;
  return s;
}

Status Store::check_revocation(const config::Connection& conn, const VerifiedPeer& peer,
                               std::span<const Bytes> stapled_ocsp) const {
  auto src = sources(conn);
  RevocationCheck check(src, peer.chain, stapled_ocsp);
  return check.enforce(conn.remote.front().revocation);
}

Result<Bytes> Store::own_ocsp_response(const config::Connection& conn) const {
  const auto* cred = local(conn);
  if (!cred) return make_error("no certificate of ours for this connection");
  for (const auto& ca : all_cas_) {
    if (!cred->cert.issued_by(ca)) continue;
    auto src = sources(conn);
    return RevocationCheck::own_response(src, cred->cert, ca);
  }
  return make_error(
      fmt::format("the CA of our certificate \"{}\" (\"{}\") is not loaded, so "
                  "we cannot ask about it",
                  cred->cert.subject_text(), cred->cert.issuer_text()));
}

Bytes Store::ocsp_responder_hashes(const config::Connection& conn) const {
  Bytes out;
  auto add = [&](const crypto::Certificate& c) {
    auto h = crypto::hash(crypto::HashAlg::kSha1, {c.public_key().spki_der()});
    out.insert(out.end(), h.begin(), h.end());
  };
  for (const auto& ca : trusted_cas(conn))
    add(ca);
  for (const auto& signer : ocsp_signers_)
    add(signer);
  return out;
}

}  // namespace oakley::credentials
