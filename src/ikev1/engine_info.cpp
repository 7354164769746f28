// What the engine tells the operator: SA listings (with negotiated, possibly lowered, lifetimes
// and data-plane counters) and the diagnosis of why a connection is not up (or not as
// configured: a lifetime RESPONDER-LIFETIME lowered).
#include <fmt/format.h>

#include "credentials/store.hpp"
#include "ike/child_report.hpp"
#include "ike/diagnosis/finding.hpp"
#include "ike/diagnosis/rules.hpp"
#include "ike/sa_report.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/aggressive_mode.hpp"
#include "ikev1/exchanges/connection_match.hpp"

namespace oakley::ikev1 {

namespace {

// "+XAuth(carol)" once the user is known; "+XAuth(pending)" / "+XAuth(failed)" before.
std::string xauth_text(const IsakmpSa& sa) {
  switch (sa.xauth) {
    case XauthState::kSucceeded:
      return fmt::format("+XAuth({})", sa.xauth_user);
    case XauthState::kFailed:
      return "+XAuth(failed)";
    default:
      return "+XAuth(pending)";
  }
}

std::optional<std::int64_t> until(const TimerService& timers, TimePoint when) {
  if (when == TimePoint{}) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(when - timers.now()).count();
}

std::int64_t age(const TimerService& timers, TimePoint since) {
  return std::chrono::duration_cast<std::chrono::seconds>(timers.now() - since).count();
}

// IKEv1 keeps each pair's negotiated (possibly lowered) lifetime and its rekey time.
void add_times(ike::ChildSaInfo& ci, const ChildSa& c, const TimerService& timers) {
  if (c.installed_at == TimePoint{}) return;
  ci.installed_seconds = static_cast<std::uint64_t>(age(timers, c.installed_at));
  if (c.rekey_timer) ci.rekey_in_seconds = until(timers, c.rekey_at);
  if (c.life_seconds) {
    ci.expire_in_seconds = until(timers, c.installed_at + std::chrono::seconds(c.life_seconds));
  }
}

// What list-sas shows of an ISAKMP SA beyond ike::ike_sa_report: state (XAUTH while the user
// is being checked), role, the Phase 1 method with XAuth, and the negotiated lifetimes.
ike::IkeSaInfo ike_part(const TimerService& timers, const IsakmpSa& sa) {
  auto i = ike::ike_sa_report(sa, 1, sa.icookie, sa.rcookie);
  i.state = sa.xauth_pending() ? "XAUTH" : isakmp_state_name(sa.state);
  i.role = sa.initiator ? "initiator" : "responder";
  i.auth = std::string(auth_method_name(sa.auth));
  if (sa.xauth_mode != XauthMode::kNone) i.auth += xauth_text(sa);
  if (sa.state == IsakmpState::kEstablished) {
    i.established_seconds = age(timers, sa.established_at);
    if (sa.rekey_timer) i.rekey_in_seconds = until(timers, sa.rekey_at);
    // IKEv1 has no reauthentication apart from a new Phase 1: the SA's end is what matters.
    if (sa.expire_timer) i.reauth_in_seconds = until(timers, sa.expire_at);
  }
  return i;
}

// diagnose: a version = 2 connection is the IKEv2 engine's alone.
bool version_findings(const config::Connection& conn, ike::Findings& out) {
  if (conn.version == config::IkeVersion::kIkev2) {
    out.push_back("info: connection uses IKEv2 (version = 2); the IKEv1 engine ignores it");
    return false;
  }
  if (conn.version == config::IkeVersion::kAny) {
    out.push_back("info: version = 0: initiated with IKEv2, answered by either engine");
  }
  return true;
}

// diagnose: the Phase 1 method, Aggressive Mode, usable proposals, the secret or certificates.
void phase1_findings(const credentials::LoadedConfig& config, const config::Connection& conn,
                     ike::Findings& out) {
  auto auth = connection_auth(config, conn);
  if (!auth) out.push_back("error: " + auth.error().message);
  if (conn.aggressive) {
    if (auto refusal = aggressive_psk_refusal(config, conn)) {
      out.push_back("warning: as responder: " + *refusal);
    } else {
      out.push_back("warning: Aggressive Mode with a PSK lets an observer attack the key offline");
    }
  }
  auto offer = phase1_offer(conn, auth ? *auth : AuthMethod::kPsk, xauth_mode(conn, true));
  for (const auto& s : offer.skipped)
    out.push_back("warning: IKE proposal not usable: " + s);
  if (auth && is_signature(*auth)) {
    const auto* cred = config.credentials->local(conn);
    out.push_back(
        fmt::format("info: authenticates with {} using certificate \"{}\", issued by \"{}\"",
                    auth_method_name(*auth), cred->cert.subject_text(), cred->cert.issuer_text()));
    if (config.credentials->trusted_cas(conn).empty() && conn.remote.front().certs.empty()) {
      out.push_back(
          "error: no CA certificate in x509ca/ or remote.cacerts: no peer certificate "
          "can be trusted");
    }
  } else if (auth && !conn.local.empty() && !conn.remote.empty()) {
    const auto& l = conn.local.front().id;
    const auto& r = conn.remote.front().id;
    if (!l.is_any() && !r.is_any() && !config.ike_secret(l, r)) {
      out.push_back(
          fmt::format("error: no ike secret for '{}' - '{}'", l.to_string(), r.to_string()));
    }
  }
}

// diagnose: the lifetime-lowered finding of an IPsec SA pair RESPONDER-LIFETIME lowered.
std::string lowered_finding(const TimerService& timers, const ChildSa& c) {
  ike::diagnosis::LoweredLifetime l;
  l.child = c.name();
  l.child_id = c.id;
  if (c.config) {
    l.life_time = static_cast<std::uint64_t>(c.config->life_time.count());
    l.rekey_time = static_cast<std::uint64_t>(c.config->rekey_time.count());
  }
  l.proposed_seconds = c.proposed_life_seconds;
  l.proposed_kilobytes = c.proposed_life_kilobytes;
  l.seconds = c.life_seconds;
  l.kilobytes = c.life_kilobytes;
  l.by_peer = c.lowered_by_peer;
  l.seconds_ago = c.lowered_at == TimePoint{} ? 0 : age(timers, c.lowered_at);
  return ike::diagnosis::to_line(ike::diagnosis::lifetime_lowered(l));
}

// diagnose: a line per ISAKMP SA of the connection, and a finding per IPsec SA whose lifetime
// RESPONDER-LIFETIME lowered; false when it has none.
bool sa_findings(const TimerService& timers, const ike::SaRegistry<IsakmpSa>& sas,
                 const config::Connection& conn, ike::Findings& out) {
  auto of_conn = sas.of_connection(conn.name);
  for (const IsakmpSa* sa : of_conn) {
    out.push_back(fmt::format("{}: ISAKMP SA #{} is {} with {} ({} IPsec SA pair(s))",
                              sa->state == IsakmpState::kEstablished ? "ok" : "info", sa->id,
                              isakmp_state_name(sa->state), sa->remote.to_string(),
                              sa->children.size()));
    for (const auto& c : sa->children) {
      if (c->lifetime_lowered) out.push_back(lowered_finding(timers, *c));
    }
  }
  return !of_conn.empty();
}

}  // namespace

std::vector<ike::IkeSaInfo> Engine::list_sas() const {
  std::vector<ike::IkeSaInfo> out;
  const auto& timers = deps_.timers;
  for (const IsakmpSa* sa : sas_) {  // in id order
    ike::IkeSaInfo i = ike_part(timers, *sa);
    for (const auto& c : sa->children) {
      auto ci = ike::child_sa_info(*c);
      if (options_.install_children) {
        ike::add_counters(ci, deps_.dataplane, *c, sa->remote.address, c->inbound_installed,
                          c->outbound_installed);
      }
      add_times(ci, *c, timers);
      i.children.push_back(std::move(ci));
    }
    if (sa->state == IsakmpState::kNegotiating || sa->xauth_pending())
      i.summary = diagnosis_.summary(i, deps_.timers.now());
    out.push_back(std::move(i));
  }
  return out;
}

std::vector<std::string> Engine::diagnose(std::string_view name) const {
  return diagnostics_.report(
      *config_, name,
      {.sa_name = "ISAKMP SA",
       .version = version_findings,
       .configuration =
           [this](const config::Connection& conn, ike::Findings& out) {
             for (auto& line : ike::describe_names(deps_.host_names, conn))
               out.push_back(std::move(line));
             phase1_findings(*config_, conn, out);
           },
       .sas = [this](const config::Connection& conn,
                     ike::Findings& out) { return sa_findings(deps_.timers, sas_, conn, out); },
       .evidence =
           [this](const config::Connection& conn, ike::Findings& out) {
             diagnosis_.append_findings(out, conn, list_sas(),
                                        options_.install_children ? &deps_.dataplane : nullptr,
                                        deps_.timers.now());
           }});
}

}  // namespace oakley::ikev1
