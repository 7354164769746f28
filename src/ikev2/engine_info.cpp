// What the engine tells the operator: SA listings with data-plane counters, and the diagnosis of
// why a connection is not up.
#include <fmt/format.h>

#include "credentials/store.hpp"
#include "ike/child_report.hpp"
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

using ike::fill_algorithms;

// IKEv2 rekeys and expires a CHILD_SA by its configuration's times.
void add_times(ike::ChildSaInfo& ci, const ChildSa& c, const TimerService& timers) {
  ci.installed_seconds = static_cast<std::uint64_t>(age(timers, c.installed_at));
  if (!c.config) return;
  ci.rekey_in_seconds = remaining(timers, c.installed_at, c.config->rekey_time);
  ci.expire_in_seconds = remaining(timers, c.installed_at, c.config->life_time);
}

}  // namespace

std::vector<ike::IkeSaInfo> Engine::list_sas() const {
  std::vector<ike::IkeSaInfo> out;
  for (const IkeSa* sa : sas_) {
    ike::IkeSaInfo i;
    i.id = sa->id;
    i.connection = sa->name();
    i.state = ike_state_name(sa->state);
    i.role = sa->original_initiator ? "initiator" : "responder";
    i.local = sa->local.to_string();
    i.remote = sa->remote.to_string();
    i.local_id = sa->local_id.data.empty() ? "" : ike::from_wire(sa->local_id).to_string();
    i.remote_id = sa->remote_identity.text;
    i.auth = sa->peer_auth;
    for (const auto& v : sa->local_vips)
      i.local_vips.push_back(v.to_string());
    for (const auto& v : sa->peer_vips)
      i.remote_vips.push_back(v.address.to_string());
    i.spi_i = sa->spi_i;
    i.spi_r = sa->spi_r;
    fill_algorithms(sa->proposal, i.encr, i.encr_key_bits, i.integ, i.dh);
    if (auto p = sa->proposal.first(TransformType::kPrf)) {
      i.prf = std::string(prf_name(static_cast<PrfId>(p->id)));
    }
    i.nat_local = sa->nat_local;
    i.nat_remote = sa->nat_remote;
    if (sa->state == IkeState::kEstablished || sa->state == IkeState::kRekeying) {
      i.established_seconds = age(deps_.timers, sa->established_at);
      if (sa->connection) {
        i.rekey_in_seconds =
            remaining(deps_.timers, sa->established_at, sa->connection->rekey_time);
        i.reauth_in_seconds =
            remaining(deps_.timers, sa->established_at, sa->connection->reauth_time);
      }
    }
    for (const auto& c : sa->children) {
      auto ci = ike::child_sa_info(*c);
      // No inbound/outbound flags in IKEv2: both are asked; an SA not installed yet counts 0.
      if (options_.install_children) {
        ike::add_counters(ci, deps_.dataplane, *c, sa->remote.address, true, true);
      }
      add_times(ci, *c, deps_.timers);
      i.children.push_back(std::move(ci));
    }
    out.push_back(std::move(i));
  }
  std::sort(out.begin(), out.end(),
            [](const ike::IkeSaInfo& a, const ike::IkeSaInfo& b) { return a.id < b.id; });
  return out;
}

std::vector<std::string> Engine::diagnose(std::string_view name) const {
  std::vector<std::string> out;
  const auto* conn = config_->find_connection(name);
  if (!conn) {
    out.push_back(fmt::format("error: no connection named '{}' in the loaded configuration", name));
    return out;
  }
  if (conn->version == config::IkeVersion::kIkev1) {
    out.push_back("info: connection uses IKEv1");
  }
  if (!conn->remote_host()) {
    out.push_back("info: remote_addrs names no single host: this side can only respond");
  }
  if (auto st = single_rounds(*conn); !st) out.push_back("error: " + st.error().message);
  for (const auto* round : {&conn->local, &conn->remote}) {
    auto auth = round->empty() ? config::AuthClass::kPsk : round->front().auth;
    if (auth != config::AuthClass::kPsk && auth != config::AuthClass::kPubkey) {
      out.push_back(fmt::format("error: {} auth '{}' is not supported (psk or pubkey)",
                                round == &conn->local ? "local" : "remote",
                                round->front().auth_text));
    }
  }
  if (!conn->local.empty() && !conn->remote.empty()) {
    const auto& l = conn->local.front();
    const auto& r = conn->remote.front();
    if ((l.auth == config::AuthClass::kPsk || r.auth == config::AuthClass::kPsk) &&
        !config_->ike_secret(l.id, r.id)) {
      out.push_back(
          fmt::format("error: no ike secret for '{}' - '{}'", l.id.to_string(), r.id.to_string()));
    }
    const auto* store = config_->credentials.get();
    if (l.auth == config::AuthClass::kPubkey) {
      const auto* cred = store ? store->local(*conn) : nullptr;
      if (!cred) {
        out.push_back("error: local auth is pubkey but no certificate is loaded (local.certs)");
      } else {
        out.push_back(
            fmt::format("info: we authenticate with certificate \"{}\", issued by "
                        "\"{}\"",
                        cred->cert.subject_text(), cred->cert.issuer_text()));
      }
    }
    if (r.auth == config::AuthClass::kPubkey &&
        (!store || (store->trusted_cas(*conn).empty() && r.certs.empty()))) {
      out.push_back(
          "error: remote auth is pubkey but no CA certificate is in x509ca/ or "
          "remote.cacerts: no peer certificate can be trusted");
    }
  }
  if (conn->children.empty()) out.push_back("warning: the connection has no children");
  bool any = false;
  for (const IkeSa* sa : sas_) {
    if (!sa->connection || sa->connection->name != name) continue;
    any = true;
    std::string state(ike_state_name(sa->state));
    if (sa->state == IkeState::kEstablished) {
      out.push_back(fmt::format("ok: IKE SA #{} is ESTABLISHED with {} ({} CHILD_SA(s))", sa->id,
                                sa->remote.to_string(), sa->children.size()));
    } else {
      out.push_back(fmt::format(
          "info: IKE SA #{} is {}{}", sa->id, state,
          sa->outstanding ? fmt::format(", waiting for an answer to {} "
                                        "(sent {} time(s))",
                                        sa->outstanding->message_id, sa->retransmitter.sends())
                          : ""));
    }
  }
  auto it = last_failure_.find(std::string(name));
  if (it != last_failure_.end()) out.push_back("error: last attempt failed: " + it->second);
  if (!any && it == last_failure_.end()) {
    out.push_back("info: no IKE SA exists; start it with `oakctl initiate " + std::string(name) +
                  "` or by traffic if a child has start_action = trap");
  }
  return out;
}

}  // namespace oakley::ikev2
