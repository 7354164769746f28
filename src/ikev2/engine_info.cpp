// What the engine tells the operator: SA listings with data-plane counters, and the diagnosis of
// why a connection is not up.
#include <fmt/format.h>

#include "credentials/store.hpp"
#include "ike/child_report.hpp"
#include "ike/sa_report.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/exchanges/authentication.hpp"

namespace oakley::ikev2 {

namespace {

std::optional<std::int64_t> remaining(const TimerService& timers, TimePoint start,
                                      std::chrono::seconds after) {
  if (after.count() <= 0) return std::nullopt;
  auto left = std::chrono::duration_cast<std::chrono::seconds>(start + after - timers.now());
  return left.count();
}

std::int64_t age(const TimerService& timers, TimePoint since) {
  return std::chrono::duration_cast<std::chrono::seconds>(timers.now() - since).count();
}

// IKEv2 rekeys and expires a CHILD_SA by its configuration's times.
void add_times(ike::ChildSaInfo& ci, const ChildSa& c, const TimerService& timers) {
  ci.installed_seconds = static_cast<std::uint64_t>(age(timers, c.installed_at));
  if (!c.config) return;
  ci.rekey_in_seconds = remaining(timers, c.installed_at, c.config->rekey_time);
  ci.expire_in_seconds = remaining(timers, c.installed_at, c.config->life_time);
}

// What list-sas shows of an IKE SA beyond ike::ike_sa_report: state, role, how the peer
// authenticated, and its lifetimes from the connection's rekey and reauthentication times.
ike::IkeSaInfo ike_part(const TimerService& timers, const IkeSa& sa) {
  auto i = ike::ike_sa_report(sa, 2, sa.spi_i, sa.spi_r);
  i.state = ike_state_name(sa.state);
  i.role = sa.original_initiator ? "initiator" : "responder";
  i.auth = sa.peer_auth;
  if (sa.state == IkeState::kEstablished || sa.state == IkeState::kRekeying) {
    i.established_seconds = age(timers, sa.established_at);
    if (sa.connection) {
      i.rekey_in_seconds = remaining(timers, sa.established_at, sa.connection->rekey_time);
      i.reauth_in_seconds = remaining(timers, sa.established_at, sa.connection->reauth_time);
    }
  }
  return i;
}

// diagnose: an IKEv1 connection is the IKEv1 engine's to initiate, but we may answer it.
bool version_findings(const config::Connection& conn, ike::Findings& out) {
  if (conn.version == config::IkeVersion::kIkev1) out.push_back("info: connection uses IKEv1");
  return true;
}

// diagnose: what IKE_AUTH needs: one round each way, PSK or pubkey, the secret or certificates.
void auth_findings(const credentials::LoadedConfig& config, const config::Connection& conn,
                   ike::Findings& out) {
  if (auto st = single_rounds(conn); !st) out.push_back("error: " + st.error().message);
  for (const auto* round : {&conn.local, &conn.remote}) {
    auto auth = round->empty() ? config::AuthClass::kPsk : round->front().auth;
    if (auth != config::AuthClass::kPsk && auth != config::AuthClass::kPubkey) {
      out.push_back(fmt::format("error: {} auth '{}' is not supported (psk or pubkey)",
                                round == &conn.local ? "local" : "remote",
                                round->front().auth_text));
    }
  }
  if (conn.local.empty() || conn.remote.empty()) return;
  const auto& l = conn.local.front();
  const auto& r = conn.remote.front();
  if ((l.auth == config::AuthClass::kPsk || r.auth == config::AuthClass::kPsk) &&
      !config.ike_secret(l.id, r.id)) {
    out.push_back(
        fmt::format("error: no ike secret for '{}' - '{}'", l.id.to_string(), r.id.to_string()));
  }
  const auto* store = config.credentials.get();
  if (l.auth == config::AuthClass::kPubkey) {
    const auto* cred = store ? store->local(conn) : nullptr;
    if (!cred) {
      out.push_back("error: local auth is pubkey but no certificate is loaded (local.certs)");
    } else {
      out.push_back(fmt::format("info: we authenticate with certificate \"{}\", issued by \"{}\"",
                                cred->cert.subject_text(), cred->cert.issuer_text()));
    }
  }
  if (r.auth == config::AuthClass::kPubkey &&
      (!store || (store->trusted_cas(conn).empty() && r.certs.empty()))) {
    out.push_back(
        "error: remote auth is pubkey but no CA certificate is in x509ca/ or "
        "remote.cacerts: no peer certificate can be trusted");
  }
}

// diagnose: a line per IKE SA of the connection; false when it has none.
bool sa_findings(const ike::SaRegistry<IkeSa>& sas, const config::Connection& conn,
                 ike::Findings& out) {
  auto of_conn = sas.of_connection(conn.name);
  for (const IkeSa* sa : of_conn) {
    if (sa->state == IkeState::kEstablished) {
      out.push_back(fmt::format("ok: IKE SA #{} is ESTABLISHED with {} ({} CHILD_SA(s))", sa->id,
                                sa->remote.to_string(), sa->children.size()));
      continue;
    }
    out.push_back(fmt::format(
        "info: IKE SA #{} is {}{}", sa->id, ike_state_name(sa->state),
        sa->outstanding ? fmt::format(", waiting for an answer to {} (sent {} time(s))",
                                      sa->outstanding->message_id, sa->retransmitter.sends())
                        : ""));
  }
  return !of_conn.empty();
}

}  // namespace

std::vector<ike::IkeSaInfo> Engine::list_sas() const {
  std::vector<ike::IkeSaInfo> out;
  for (const IkeSa* sa : sas_) {  // in id order
    ike::IkeSaInfo i = ike_part(deps_.timers, *sa);
    for (const auto& c : sa->children) {
      auto ci = ike::child_sa_info(*c);
      // No inbound/outbound flags in IKEv2: both are asked; an SA not installed yet counts 0.
      if (options_.install_children) {
        ike::add_counters(ci, deps_.dataplane, *c, sa->remote.address, true, true);
      }
      add_times(ci, *c, deps_.timers);
      i.children.push_back(std::move(ci));
    }
    if (sa->state == IkeState::kCreated || sa->state == IkeState::kConnecting)
      i.summary = diagnosis_.summary(i, deps_.timers.now());
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<std::string> Engine::diagnose(std::string_view name) const {
  return diagnostics_.report(
      *config_, name,
      {.sa_name = "IKE SA",
       .version = version_findings,
       .configuration =
           [this](const config::Connection& conn, ike::Findings& out) {
             for (auto& line : ike::describe_names(deps_.host_names, conn))
               out.push_back(std::move(line));
             auth_findings(*config_, conn, out);
           },
       .sas = [this](const config::Connection& conn,
                     ike::Findings& out) { return sa_findings(sas_, conn, out); },
       .evidence =
           [this](const config::Connection& conn, ike::Findings& out) {
             diagnosis_.append_findings(out, conn, list_sas(),
                                        options_.install_children ? &deps_.dataplane : nullptr,
                                        deps_.timers.now());
           }});
}

}  // namespace oakley::ikev2
