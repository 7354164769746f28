#include "daemon/metrics_snapshot.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "daemon/daemon.hpp"

namespace oakley::daemon {

namespace {

using Traffic = MetricsSnapshot::Traffic;

void add(Traffic& to, const Traffic& t) {
  to.bytes_in += t.bytes_in;
  to.bytes_out += t.bytes_out;
  to.packets_in += t.packets_in;
  to.packets_out += t.packets_out;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Counts by (version, state); "established" / "installed" always present so a query for them
// answers 0 rather than nothing.
std::vector<MetricsSnapshot::StateCount> count_states(
    const std::map<std::pair<int, std::string>, std::uint64_t>& seen, std::string_view always) {
  auto counts = seen;
  for (int version : {1, 2})
    counts.try_emplace({version, std::string(always)}, 0);
  std::vector<MetricsSnapshot::StateCount> out;
  for (const auto& [key, n] : counts)
    out.push_back({key.first, key.second, n});
  return out;
}

void count_sas(const std::vector<ike::IkeSaInfo>& sas, MetricsSnapshot& s) {
  std::map<std::pair<int, std::string>, std::uint64_t> ike, child;
  for (const auto& sa : sas) {
    ++ike[{sa.version, lower(sa.state)}];
    for (const auto& c : sa.children)
      ++child[{sa.version, lower(c.state)}];
  }
  s.ike_sas = count_states(ike, "established");
  s.child_sas = count_states(child, "installed");
}

MetricsSnapshot::Engine engine_counters(const ikev2::Engine& e) {
  const auto& st = e.stats();
  MetricsSnapshot::Engine m;
  m.version = 2;
  m.half_open = e.half_open_count();
  m.retransmits_sent = st.retransmits_sent;
  m.retransmits_answered = st.retransmits_answered;
  m.cookies_sent = st.cookies_sent;
  m.ike_rekeys = st.ike_rekeyed;
  m.child_rekeys = st.child_rekeyed;
  m.auth_failures = st.auth_failures;
  m.ike_established = st.ike_established;
  m.ike_failed = st.ike_failed;
  m.child_installed = st.child_installed;
  m.child_deleted = st.child_deleted;
  m.dpd_sent = st.dpd_sent;
  m.peers_dead = st.peers_dead;
  return m;
}

MetricsSnapshot::Engine engine_counters(const ikev1::Engine& e) {
  const auto& st = e.stats();
  MetricsSnapshot::Engine m;
  m.version = 1;
  m.half_open = e.half_open_count();
  m.retransmits_sent = st.retransmits_sent;
  m.retransmits_answered = st.retransmits_answered;
  m.ike_rekeys = st.phase1_rekeyed;
  m.child_rekeys = st.child_rekeyed;
  m.auth_failures = st.auth_failures;
  m.ike_established = st.phase1_established;
  m.ike_failed = st.phase1_failed;
  m.child_installed = st.child_installed;
  m.child_deleted = st.child_deleted;
  m.dpd_sent = st.dpd_sent;
  m.peers_dead = st.peers_dead;
  return m;
}

void add_messages(const ike::MessageCounters& counters, MetricsSnapshot& s) {
  for (const auto& row : counters.rows()) {
    s.messages.push_back({counters.version(), std::string(row.exchange),
                          std::string(ike::message_direction_name(row.direction)),
                          std::string(ike::message_result_name(row.result)), row.count});
  }
}

}  // namespace

std::vector<MetricsSnapshot::ChildTraffic> ChildTrafficLedger::update(
    const std::vector<ike::IkeSaInfo>& sas) {
  std::set<std::pair<int, std::uint32_t>> present;
  for (const auto& sa : sas) {
    for (const auto& c : sa.children) {
      std::pair<int, std::uint32_t> id{sa.version, c.id};
      present.insert(id);
      live_[id] = {{sa.connection, c.name}, {c.bytes_in, c.bytes_out, c.packets_in, c.packets_out}};
    }
  }
  std::map<Key, Traffic> totals;
  for (auto it = live_.begin(); it != live_.end();) {
    if (present.contains(it->first)) {
      add(totals[it->second.key], it->second.traffic);
      ++it;
    } else {
      add(retired_[it->second.key], it->second.traffic);
      it = live_.erase(it);
    }
  }
  for (const auto& [key, traffic] : retired_)
    add(totals[key], traffic);
  std::vector<MetricsSnapshot::ChildTraffic> out;
  for (const auto& [key, traffic] : totals)
    out.push_back({key.first, key.second, traffic});
  return out;
}

MetricsSnapshot collect_metrics(const Daemon& daemon, ChildTrafficLedger& ledger) {
  MetricsSnapshot s;
  const auto& engines = daemon.engines();
  s.uptime_seconds = daemon.uptime().count();
  auto sas = engines.list_sas();
  count_sas(sas, s);
  s.child_traffic = ledger.update(sas);
  s.engines = {engine_counters(engines.v2()), engine_counters(engines.v1())};
  add_messages(engines.v2().message_counters(), s);
  add_messages(engines.v1().message_counters(), s);
  s.dataplane = daemon.dataplane().stats();
  s.dataplane_threads = daemon.dataplane().thread_stats();
  s.crypto_threads = daemon.workers().threads();
  s.crypto_queued = daemon.workers().queued();
  s.crypto_completed = daemon.workers().completed();
  return s;
}

}  // namespace oakley::daemon
