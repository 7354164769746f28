#include "daemon/stats_json.hpp"

#include "daemon/daemon.hpp"

namespace oakley::daemon {

using Json = nlohmann::json;

namespace {

// Field name = JSON key, so the two never drift apart.
#define OAK_STAT(json, stats, field) (json)[#field] = (stats).field

Json ikev2_json(const ikev2::EngineStats& s) {
  Json j;
  OAK_STAT(j, s, messages_in);
  OAK_STAT(j, s, messages_out);
  OAK_STAT(j, s, retransmits_sent);
  OAK_STAT(j, s, retransmits_answered);
  OAK_STAT(j, s, invalid_messages);
  OAK_STAT(j, s, unknown_spi);
  OAK_STAT(j, s, unexpected_message_id);
  OAK_STAT(j, s, dropped_busy);
  OAK_STAT(j, s, cookies_sent);
  OAK_STAT(j, s, cookies_rejected);
  OAK_STAT(j, s, init_dropped_half_open_limit);
  OAK_STAT(j, s, ike_established);
  OAK_STAT(j, s, ike_failed);
  OAK_STAT(j, s, ike_rekeyed);
  OAK_STAT(j, s, auth_failures);
  OAK_STAT(j, s, auth_proposal_mismatch);
  OAK_STAT(j, s, no_proposal_chosen);
  OAK_STAT(j, s, child_installed);
  OAK_STAT(j, s, child_failed);
  OAK_STAT(j, s, child_ke_missing);
  OAK_STAT(j, s, child_rekeyed);
  OAK_STAT(j, s, child_deleted);
  OAK_STAT(j, s, rekey_collisions);
  OAK_STAT(j, s, dpd_sent);
  OAK_STAT(j, s, peers_dead);
  OAK_STAT(j, s, acquires);
  OAK_STAT(j, s, vips_refused);
  OAK_STAT(j, s, oversized_messages);
  OAK_STAT(j, s, fragments_unnegotiated);
  OAK_STAT(j, s, fragments_over_limit);
  OAK_STAT(j, s, fragments_inconsistent);
  OAK_STAT(j, s, fragment_retransmits_ignored);
  OAK_STAT(j, s, reassemblies_expired);
  OAK_STAT(j, s, reassemblies_superseded);
  return j;
}

Json ikev1_json(const ikev1::EngineStats& s) {
  Json j;
  OAK_STAT(j, s, messages_in);
  OAK_STAT(j, s, messages_out);
  OAK_STAT(j, s, retransmits_sent);
  OAK_STAT(j, s, retransmits_answered);
  OAK_STAT(j, s, invalid_messages);
  OAK_STAT(j, s, unknown_cookies);
  OAK_STAT(j, s, replays_dropped);
  OAK_STAT(j, s, message_ids_exhausted);
  OAK_STAT(j, s, message_id_limit_reached);
  OAK_STAT(j, s, dropped_busy);
  OAK_STAT(j, s, phase1_dropped_half_open_limit);
  OAK_STAT(j, s, half_open_evicted);
  OAK_STAT(j, s, aggressive_unverified_dropped);
  OAK_STAT(j, s, dh_rate_limited);
  OAK_STAT(j, s, fragments_received);
  OAK_STAT(j, s, messages_reassembled);
  OAK_STAT(j, s, fragments_unknown_sa);
  OAK_STAT(j, s, fragments_unnegotiated);
  OAK_STAT(j, s, fragments_over_limit);
  OAK_STAT(j, s, fragments_inconsistent);
  OAK_STAT(j, s, reassemblies_expired);
  OAK_STAT(j, s, phase1_established);
  OAK_STAT(j, s, phase1_failed);
  OAK_STAT(j, s, phase1_rekeyed);
  OAK_STAT(j, s, auth_failures);
  OAK_STAT(j, s, no_proposal_chosen);
  OAK_STAT(j, s, aggressive_refused);
  OAK_STAT(j, s, quick_modes_completed);
  OAK_STAT(j, s, quick_modes_failed);
  OAK_STAT(j, s, child_installed);
  OAK_STAT(j, s, child_rekeyed);
  OAK_STAT(j, s, child_deleted);
  OAK_STAT(j, s, dpd_sent);
  OAK_STAT(j, s, peers_dead);
  OAK_STAT(j, s, acquires);
  OAK_STAT(j, s, initial_contacts_deferred);
  OAK_STAT(j, s, quick_modes_without_lease);
  OAK_STAT(j, s, vips_ignored);
  OAK_STAT(j, s, deletes_refused);
  return j;
}

Json revocation_json(const credentials::RevocationCounters& s) {
  Json j;
  OAK_STAT(j, s, ocsp_requests);
  OAK_STAT(j, s, ocsp_failures);
  OAK_STAT(j, s, crl_fetches);
  OAK_STAT(j, s, crl_failures);
  OAK_STAT(j, s, cache_hits);
  OAK_STAT(j, s, stapled);
  OAK_STAT(j, s, refused);
  OAK_STAT(j, s, revoked);
  OAK_STAT(j, s, ocsp_cached);
  OAK_STAT(j, s, crls_cached);
  return j;
}

// DNS names of local_addrs/remote_addrs: how many are watched, lookups and their failures, and
// initiations refused because a name did not resolve.
Json dns_json(const ike::HostNames& names) {
  Json j;
  j["names"] = names.watched();
  const auto& s = names.counters();
  OAK_STAT(j, s, lookups);
  OAK_STAT(j, s, lookup_failures);
  OAK_STAT(j, s, initiate_failures);
  return j;
}

#undef OAK_STAT

Json dataplane_json(const dataplane::Backend& backend) {
  auto s = backend.stats();
  Json drops = Json::object();
  for (std::size_t i = 0; i < s.drops.size(); ++i) {
    if (s.drops[i]) {
      drops[std::string(dataplane::drop_reason_name(static_cast<dataplane::DropReason>(i)))] =
          s.drops[i];
    }
  }
  return {
      {"backend", backend.name()},    {"packets_in", s.packets_in}, {"bytes_in", s.bytes_in},
      {"packets_out", s.packets_out}, {"bytes_out", s.bytes_out},   {"acquires", s.acquires},
      {"ike_packets", s.ike_packets}, {"keepalives", s.keepalives}, {"drops", std::move(drops)}};
}

// The operator's own tools: the metrics endpoint and the Wireshark key log (whether it is on, and
// how many entries it dropped when full: peers that never authenticate also get keys).
Json tools_json(const Daemon& daemon) {
  Json metrics = Json::object();
  if (const auto* m = daemon.metrics()) {
    metrics = {{"scrapes", m->scrapes()}, {"refused", m->refused()}};
  }
  const auto& keys = daemon.key_log();
  const auto& events = daemon.sa_events();
  return {{"metrics", std::move(metrics)},
          {"key_export", {{"enabled", keys.enabled()}, {"evicted", keys.evicted()}}},
          {"sa_events",
           {{"published", events.published()},
            {"subscribers", events.subscribers()},
            {"overflows", events.overflows()}}},
          {"updown", {{"runs", daemon.updown().runs()}, {"failures", daemon.updown().failures()}}}};
}

}  // namespace

Json stats_json(const Daemon& daemon) {
  const auto& engines = daemon.engines();
  Json net = Json::object();
  for (const auto& [name, value] : daemon.sockets().counter_snapshot()) {
    net[std::string(name)] = value;
  }
  net["drop_not_ike"] = engines.not_ike_dropped();
  return {{"uptime_seconds", daemon.uptime().count()},
          {"ike_sas",
           {{"ikev2", engines.v2().ike_sa_count()},
            {"ikev2_half_open", engines.v2().half_open_count()},
            {"ikev1", engines.v1().ike_sa_count()}}},
          {"workers",
           {{"threads", daemon.workers().threads()},
            {"queued", daemon.workers().queued()},
            {"completed", daemon.workers().completed()}}},
          {"ikev2", ikev2_json(engines.v2().stats())},
          {"ikev1", ikev1_json(engines.v1().stats())},
          {"net", std::move(net)},
          {"revocation", revocation_json(daemon.revocation().counters())},
          {"dns", dns_json(daemon.host_names())},
          {"dataplane", dataplane_json(daemon.dataplane())},
          {"tools", tools_json(daemon)}};
}

}  // namespace oakley::daemon
