#include "ikev1/exchanges/phase1_auth.hpp"

#include <fmt/format.h>

#include "credentials/store.hpp"
#include "crypto/compare.hpp"
#include "crypto/ikev1_keys.hpp"
#include "crypto/pki.hpp"
#include "crypto/random.hpp"
#include "ike/connection_match.hpp"
#include "ike/diagnosis/failures.hpp"
#include "ikev1/algorithm_map.hpp"
#include "ikev1/exchange_context.hpp"
#include "ikev1/phase1_keys.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/header.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;

namespace {

config::Identity address_identity(const IpAddress& a) {
  auto b = a.bytes();
  auto type = a.is_v4() ? config::IdType::kIpv4Addr : config::IdType::kIpv6Addr;
  return ike::from_wire(ike::WireId{static_cast<std::uint8_t>(type), Bytes(b.begin(), b.end())});
}

crypto::ikev1::Phase1Exchange exchange_of(const IsakmpSa& sa, const Phase1Material& m,
                                          std::array<std::uint8_t, 8>& ci,
                                          std::array<std::uint8_t, 8>& cr) {
  ci = w::cookie_bytes(sa.icookie);
  cr = w::cookie_bytes(sa.rcookie);
  return crypto::ikev1::Phase1Exchange{m.g_xi, m.g_xr, ci, cr, m.sa_i_b};
}

}  // namespace

std::optional<SecretBytes> find_psk(const config::Config& cfg, const config::Connection& conn,
                                    const IpAddress& local, const IpAddress& peer,
                                    const std::optional<ike::WireId>& peer_id, std::string* name,
                                    std::string* why) {
  config::Identity ours = conn.local.empty() ? config::Identity::any() : conn.local.front().id;
  if (ours.is_any()) ours = address_identity(local);
  config::Identity theirs;
  std::string how;
  if (peer_id) {
    theirs = ike::from_wire(*peer_id);
    how = "its ID payload";
  } else if (!conn.remote.empty() && !conn.remote.front().id.is_any()) {
    theirs = conn.remote.front().id;
    how = fmt::format("connection '{}''s remote id (the peer's ID arrives only in MM5)", conn.name);
  } else {
    theirs = address_identity(peer);
    how = fmt::format("its source address {} (remote id is %any and the ID arrives only in MM5)",
                      peer.to_string());
  }
  const auto* s = cfg.ike_secret(ours, theirs);
  if (!s) {
    if (why) {
      *why = fmt::format(
          "no pre-shared key for '{}' - '{}' (peer identified by {}): add an ike secret "
          "section whose ids name them",
          ours.to_string(), theirs.to_string(), how);
    }
    return std::nullopt;
  }
  if (name) *name = s->name;
  return s->secret;
}

namespace {

const credentials::LocalCredential* local_credential(const IsakmpSa& sa) {
  if (!sa.config_snapshot || !sa.config_snapshot->credentials || !sa.connection) return nullptr;
  return sa.config_snapshot->credentials->local(*sa.connection);
}

}  // namespace

Result<w::IdPayload> our_id(ExchangeContext& ctx, IsakmpSa& sa) {
  config::Identity configured = sa.connection && !sa.connection->local.empty()
                                    ? sa.connection->local.front().id
                                    : config::Identity::any();
  // With a certificate and no configured id, we are its subject (as strongSwan does).
  const auto* cred = is_signature(sa.auth) ? local_credential(sa) : nullptr;
  if (configured.is_any() && cred) configured = credentials::subject_identity(cred->cert);
  auto id = ike::local_wire_id(configured, ctx.local_address(sa));
  if (!id) return id.take_error();
  sa.local_id = *id;
  w::IdPayload p;
  p.id_type = static_cast<w::IdType>(id->type);
  p.data = id->data;
  return p;
}

ike::WireId to_wire_id(const w::IdPayload& id) {
  return ike::WireId{static_cast<std::uint8_t>(id.id_type), id.data};
}

void adopt_transform(IsakmpSa& sa, const Phase1Transform& t) {
  sa.proposal = t.proposal;
  sa.auth = t.auth;
  sa.xauth_mode = t.xauth;
  sa.xauth = t.xauth == XauthMode::kNone ? XauthState::kNotUsed : XauthState::kPending;
  sa.lifetime_seconds = t.life_seconds;
  sa.lifetime_kilobytes = t.life_kilobytes;
  auto integ = static_cast<IntegId>(t.proposal.first(TransformType::kInteg)->id);
  auto algs = *hash_algorithms(integ);
  sa.prf = algs.prf;
  sa.hash = algs.hash;
}

Status derive_keys(IsakmpSa& sa, Phase1Material& m, const SecretBytes& g_xy) {
  auto encr = *sa.proposal.first(TransformType::kEncr);
  Phase1KeyInput in;
  in.prf = sa.prf;
  in.encr = static_cast<EncrId>(encr.id);
  in.key_bits = encr.key_bits;
  in.psk = sa.auth == AuthMethod::kPsk ? &m.psk : nullptr;
  in.ni_b = m.ni_b;
  in.nr_b = m.nr_b;
  in.g_xi = m.g_xi;
  in.g_xr = m.g_xr;
  in.cky_i = sa.icookie;
  in.cky_r = sa.rcookie;
  auto keys = derive_phase1_keys(in, g_xy);
  if (!keys) return keys.take_error();
  auto crypter = Crypter::create(in.encr, keys->encryption_key);
  if (!crypter) return crypter.take_error();
  if (sa.key_log && sa.key_log->enabled()) {
    sa.key_log->add_ike({.version = 1,
                         .spi_i = sa.icookie,
                         .spi_r = sa.rcookie,
                         .encr = in.encr,
                         .encr_key_bits = in.key_bits,
                         .encr_i = keys->encryption_key});
  }
  sa.crypter = std::move(*crypter);
  sa.skeyid_d = std::move(keys->skeyid_d);
  sa.skeyid_a = std::move(keys->skeyid_a);
  m.skeyid = std::move(keys->skeyid);
  if (auto* rec = sa.exchange(0)) rec->iv = std::move(keys->iv);
  return {};
}

Result<Bytes> compute_hash_i(const IsakmpSa& sa, const Phase1Material& m, ByteView id_ii_b) {
  std::array<std::uint8_t, 8> ci{}, cr{};
  return crypto::ikev1::hash_i(sa.prf, m.skeyid, exchange_of(sa, m, ci, cr), id_ii_b);
}

Result<Bytes> compute_hash_r(const IsakmpSa& sa, const Phase1Material& m, ByteView id_ir_b) {
  std::array<std::uint8_t, 8> ci{}, cr{};
  return crypto::ikev1::hash_r(sa.prf, m.skeyid, exchange_of(sa, m, ci, cr), id_ir_b);
}

Status verify_peer_hash(const IsakmpSa& sa, const Phase1Material& m, ByteView peer_id_b,
                        const w::HashPayload* hash) {
  const char* which = sa.initiator ? "HASH_R" : "HASH_I";
  if (!hash) return make_error(fmt::format("the peer sent no {} payload", which));
  auto expected =
      sa.initiator ? compute_hash_r(sa, m, peer_id_b) : compute_hash_i(sa, m, peer_id_b);
  if (!expected) return expected.take_error();
  if (!crypto::equal_constant_time(*expected, hash->data)) {
    return make_error(fmt::format(
        "{} does not verify ({} bytes received): the peer used a different pre-shared key "
        "(ours is '{}')",
        which, hash->data.size(), m.psk_name));
  }
  return {};
}

Status accept_peer_id(ExchangeContext& ctx, IsakmpSa& sa, const w::IdPayload& id) {
  auto wid = to_wire_id(id);
  auto miss = sa.connection ? ike::remote_id_mismatch(*sa.connection, wid) : std::nullopt;
  if (miss) {
    auto phase =
        sa.aggressive ? ike::diagnosis::Phase::kAggressiveMode : ike::diagnosis::Phase::kMainMode;
    auto f = ike::diagnosis::id_mismatch(phase, ike::from_wire(wid).to_string(),
                                         sa.connection->remote.front().id.to_string());
    f.we_initiated = sa.initiator;
    ctx.diagnosis().failed(sa.name(), sa.id, std::move(f), ctx.timers().now());
    return make_error(std::move(*miss));
  }
  sa.remote_id = wid;
  sa.remote_identity = ike::from_wire(wid);
  return {};
}

bool is_first_contact(ExchangeContext& ctx, const IsakmpSa& sa) {
  if (!sa.connection) return false;
  for (auto* other : ctx.sas_of(*sa.connection)) {
    if (other != &sa && other->state == IsakmpState::kEstablished &&
        other->remote.address == sa.remote.address) {
      return false;
    }
  }
  return true;
}

w::Payload initial_contact_payload(const IsakmpSa& sa) {
  w::NotifyPayload n;
  n.protocol = w::ProtocolId::kIsakmp;
  put_be64(n.spi, sa.icookie);
  put_be64(n.spi, sa.rcookie);
  n.type = w::NotifyType::kInitialContact;
  return w::Payload{std::move(n)};
}

w::Payload make_nonce(std::size_t size, Bytes& body_out) {
  body_out = crypto::random_bytes(size);
  return w::Payload{w::NoncePayload{body_out}};
}

}  // namespace oakley::ikev1

namespace oakley::ikev1 {

namespace {

crypto::SignatureScheme scheme_for(AuthMethod m) {
  return m == AuthMethod::kRsaSig ? crypto::SignatureScheme::kRsaPkcs1Prehashed
                                  : crypto::SignatureScheme::kEcdsaPrehashed;
}

// RFC 4754 8: the ECDSA signature is r | s, each the size of the curve's field.
std::size_t ecdsa_coordinate_size(AuthMethod m) {
  switch (m) {
    case AuthMethod::kEcdsa256:
      return 32;
    case AuthMethod::kEcdsa384:
      return 48;
    case AuthMethod::kEcdsa521:
      return 66;
    default:
      return 0;
  }
}

Result<Bytes> our_hash(const IsakmpSa& sa, const Phase1Material& m, ByteView id_b) {
  return sa.initiator ? compute_hash_i(sa, m, id_b) : compute_hash_r(sa, m, id_b);
}

// Our SIG over HASH_I/HASH_R, made on a worker. The configuration snapshot keeps the key alive.
struct OurSignatureJob {
  std::shared_ptr<const credentials::LoadedConfig> config;
  const credentials::LocalCredential* cred = nullptr;
  AuthMethod method{};
  Bytes hash;
  Result<Bytes> signature = make_error("the signing did not run");

  void run() {
    auto sig = cred->key.sign(scheme_for(method), hash);
    if (sig && method != AuthMethod::kRsaSig)
      sig = crypto::ecdsa_der_to_raw(*sig, ecdsa_coordinate_size(method));
    signature = std::move(sig);
  }
};

Status verify_signature(AuthMethod method, const credentials::VerifiedPeer& peer, ByteView hash,
                        ByteView sig) {
  if (method == AuthMethod::kRsaSig) {
    return peer.key.verify(crypto::SignatureScheme::kRsaPkcs1Prehashed, hash, sig);
  }
  if (sig.size() != 2 * ecdsa_coordinate_size(method)) {
    return make_error(fmt::format("{} signature of {} bytes (expected {})",
                                  auth_method_name(method), sig.size(),
                                  2 * ecdsa_coordinate_size(method)));
  }
  auto der = crypto::ecdsa_raw_to_der(sig);
  if (!der) return der.take_error();
  return peer.key.verify(crypto::SignatureScheme::kEcdsaPrehashed, hash, *der);
}

}  // namespace

void note_certreq(Phase1Material& m, const Payloads& payloads) {
  if (w::find<w::CertreqPayload>(payloads)) m.cert_requested = true;
}

Payloads certreq_payloads(const IsakmpSa& sa) {
  Payloads out;
  if (!is_signature(sa.auth) || !sa.connection || !sa.connection->send_certreq) return out;
  const auto& store = sa.config_snapshot->credentials;
  if (!store) return out;
  for (const auto& ca : store->trusted_cas(*sa.connection)) {
    out.push_back(w::Payload{w::CertreqPayload{w::CertEncoding::kX509Signature, ca.subject_der()}});
  }
  return out;
}

Outcome with_our_auth(IsakmpSa& sa, const Phase1Material& m, ByteView id_b, AfterOurAuth then) {
  auto hash = our_hash(sa, m, id_b);
  if (!hash) return then(sa, hash.take_error());
  Payloads out;
  if (!is_signature(sa.auth)) {
    out.push_back(w::Payload{w::HashPayload{std::move(*hash)}});
    return then(sa, std::move(out));
  }
  const auto* cred = local_credential(sa);
  if (!cred) return then(sa, make_error("no certificate and private key for this connection"));
  auto send = sa.connection->send_cert;
  if (send == config::SendCert::kAlways ||
      (send == config::SendCert::kIfAsked && m.cert_requested)) {
    out.push_back(w::Payload{w::CertPayload{w::CertEncoding::kX509Signature, cred->cert.der()}});
  }
  auto job = std::make_shared<OurSignatureJob>();
  job->config = sa.config_snapshot;
  job->cred = cred;
  job->method = sa.auth;
  job->hash = std::move(*hash);
  return Outcome::deferred(
      [job] { job->run(); },
      [job, out = std::move(out), then = std::move(then)](IsakmpSa& s) mutable {
        if (!job->signature)
          return then(s, make_error("signing failed: " + job->signature.error().message));
        out.push_back(w::Payload{w::SigPayload{std::move(*job->signature)}});
        return then(s, std::move(out));
      });
}

void Phase1SignatureJob::run() {
  auto verified = config->credentials->authenticate_peer(
      *conn, peer, received, [this](const credentials::VerifiedPeer& v) -> Status {
        if (auto st = verify_signature(method, v, expected_hash, signature); !st) {
          return make_error(fmt::format("the {} signature of \"{}\" does not verify: {}",
                                        auth_method_name(method), v.subject, st.error().message));
        }
        return {};
      });
  result = verified ? Status{} : Status(verified.take_error());
}

Outcome with_peer_auth(IsakmpSa& sa, const Phase1Material& m, ByteView peer_id_b,
                       const w::IdPayload& peer_id, const Payloads& payloads, AfterPeerAuth then) {
  if (!is_signature(sa.auth)) {
    return then(sa, verify_peer_hash(sa, m, peer_id_b, w::find<w::HashPayload>(payloads)));
  }
  const auto* sig = w::find<w::SigPayload>(payloads);
  if (!sig) return then(sa, make_error("the peer sent no SIG payload"));
  if (!sa.config_snapshot->credentials) return then(sa, make_error("no credentials are loaded"));
  auto expected =
      sa.initiator ? compute_hash_r(sa, m, peer_id_b) : compute_hash_i(sa, m, peer_id_b);
  if (!expected) return then(sa, expected.take_error());
  auto job = std::make_shared<Phase1SignatureJob>();
  job->config = sa.config_snapshot;
  job->conn = sa.connection;
  job->peer = ike::from_wire(to_wire_id(peer_id));
  for (const auto* c : w::find_all<w::CertPayload>(payloads)) {
    if (c->encoding == w::CertEncoding::kX509Signature) job->received.certs.push_back(c->data);
  }
  job->method = sa.auth;
  job->expected_hash = std::move(*expected);
  job->signature = sig->data;
  // The certificate, signature and revocation checks run on a worker; the peer's retransmits
  // meanwhile find the exchange busy.
  return Outcome::deferred(
      [job] { job->run(); },
      [job, then = std::move(then)](IsakmpSa& s) { return then(s, job->result); });
}

}  // namespace oakley::ikev1
