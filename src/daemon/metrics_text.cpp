#include "daemon/metrics_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <initializer_list>
#include <iterator>
#include <utility>

namespace oakley::daemon {

namespace {

using Label = std::pair<std::string_view, std::string_view>;

class Writer {
 public:
  // HELP and TYPE once per family, before its samples.
  void family(std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, help, name,
                   type);
  }
  void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value) {
    out_ += name;
    if (labels.size() > 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [key, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        fmt::format_to(std::back_inserter(out_), "{}=\"{}\"", key, escape_label_value(v));
      }
      out_ += '}';
    }
    fmt::format_to(std::back_inserter(out_), " {}\n", value);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string_view version_label(int version) {
  return version == 1 ? "1" : "2";
}

void write_states(Writer& w, std::string_view name, std::string_view help,
                  const std::vector<MetricsSnapshot::StateCount>& counts) {
  w.family(name, "gauge", help);
  for (const auto& c : counts)
    w.sample(name, {{"version", version_label(c.version)}, {"state", c.state}}, c.count);
}

void write_sas(Writer& w, const MetricsSnapshot& s) {
  write_states(w, "oakley_ike_sas", "IKE SAs (IKEv1: ISAKMP SAs) by version and state.", s.ike_sas);
  w.family("oakley_ike_sas_half_open", "gauge",
           "Responder IKE SAs not yet established (what unauthenticated peers hold).");
  for (const auto& e : s.engines)
    w.sample("oakley_ike_sas_half_open", {{"version", version_label(e.version)}}, e.half_open);
  write_states(w, "oakley_child_sas", "CHILD_SAs (IKEv1: IPsec SA pairs) by version and state.",
               s.child_sas);
}

void write_child_traffic(Writer& w, const MetricsSnapshot& s) {
  w.family("oakley_child_sa_bytes_total", "counter",
           "Bytes of inner packets carried by a connection's CHILD_SAs, by direction.");
  for (const auto& c : s.child_traffic) {
    w.sample("oakley_child_sa_bytes_total",
             {{"connection", c.connection}, {"child", c.child}, {"direction", "in"}},
             c.traffic.bytes_in);
    w.sample("oakley_child_sa_bytes_total",
             {{"connection", c.connection}, {"child", c.child}, {"direction", "out"}},
             c.traffic.bytes_out);
  }
  w.family("oakley_child_sa_packets_total", "counter",
           "Packets carried by a connection's CHILD_SAs, by direction.");
  for (const auto& c : s.child_traffic) {
    w.sample("oakley_child_sa_packets_total",
             {{"connection", c.connection}, {"child", c.child}, {"direction", "in"}},
             c.traffic.packets_in);
    w.sample("oakley_child_sa_packets_total",
             {{"connection", c.connection}, {"child", c.child}, {"direction", "out"}},
             c.traffic.packets_out);
  }
}

void write_messages(Writer& w, const MetricsSnapshot& s) {
  w.family("oakley_ike_messages_total", "counter",
           "IKE messages by version, exchange, direction and result.");
  for (const auto& m : s.messages) {
    w.sample("oakley_ike_messages_total",
             {{"version", version_label(m.version)},
              {"exchange", m.exchange},
              {"direction", m.direction},
              {"result", m.result}},
             m.count);
  }
}

// One counter family with one sample per IKE version.
void per_version(Writer& w, const MetricsSnapshot& s, std::string_view name, std::string_view help,
                 std::uint64_t MetricsSnapshot::Engine::*field) {
  w.family(name, "counter", help);
  for (const auto& e : s.engines)
    w.sample(name, {{"version", version_label(e.version)}}, e.*field);
}

void write_engines(Writer& w, const MetricsSnapshot& s) {
  w.family("oakley_ike_retransmits_total", "counter",
           "IKE retransmissions: requests we sent again (sent) and peer retransmissions answered "
           "from the response cache (answered).");
  for (const auto& e : s.engines) {
    w.sample("oakley_ike_retransmits_total",
             {{"version", version_label(e.version)}, {"kind", "sent"}}, e.retransmits_sent);
    w.sample("oakley_ike_retransmits_total",
             {{"version", version_label(e.version)}, {"kind", "answered"}}, e.retransmits_answered);
  }
  // IKEv1 has no cookie exchange: IKEv2 only.
  w.family("oakley_ike_cookies_sent_total", "counter", "IKEv2 COOKIE demands sent (RFC 7296 2.6).");
  w.sample("oakley_ike_cookies_sent_total", {{"version", "2"}}, s.engines[0].cookies_sent);
  w.family("oakley_ike_rekeys_total", "counter", "Completed rekeyings of IKE SAs and CHILD_SAs.");
  for (const auto& e : s.engines) {
    w.sample("oakley_ike_rekeys_total", {{"version", version_label(e.version)}, {"sa", "ike"}},
             e.ike_rekeys);
    w.sample("oakley_ike_rekeys_total", {{"version", version_label(e.version)}, {"sa", "child"}},
             e.child_rekeys);
  }
  per_version(w, s, "oakley_ike_auth_failures_total", "Peers that failed authentication.",
              &MetricsSnapshot::Engine::auth_failures);
  per_version(w, s, "oakley_ike_sas_established_total", "IKE SAs established.",
              &MetricsSnapshot::Engine::ike_established);
  per_version(w, s, "oakley_ike_sas_failed_total", "IKE SAs that failed before or while up.",
              &MetricsSnapshot::Engine::ike_failed);
  per_version(w, s, "oakley_child_sas_installed_total", "CHILD_SAs installed in the data plane.",
              &MetricsSnapshot::Engine::child_installed);
  per_version(w, s, "oakley_child_sas_deleted_total", "CHILD_SAs deleted.",
              &MetricsSnapshot::Engine::child_deleted);
  per_version(w, s, "oakley_ike_dpd_sent_total", "Dead peer detection requests sent.",
              &MetricsSnapshot::Engine::dpd_sent);
  per_version(w, s, "oakley_ike_peers_dead_total", "Peers given up on after retransmissions.",
              &MetricsSnapshot::Engine::peers_dead);
}

using Field = std::uint64_t dataplane::DataplaneStats::*;

// One family by direction: in and out are two fields of the stats.
void write_directions(Writer& w, std::string_view name, std::string_view thread,
                      const dataplane::DataplaneStats& d, Field in, Field out) {
  if (thread.empty()) {
    w.sample(name, {{"direction", "in"}}, d.*in);
    w.sample(name, {{"direction", "out"}}, d.*out);
  } else {
    w.sample(name, {{"thread", thread}, {"direction", "in"}}, d.*in);
    w.sample(name, {{"thread", thread}, {"direction", "out"}}, d.*out);
  }
}

void write_dataplane(Writer& w, const MetricsSnapshot& s) {
  using S = dataplane::DataplaneStats;
  w.family("oakley_esp_packets_total", "counter",
           "Packets through the data plane: decrypted and delivered (in), encrypted and sent "
           "(out).");
  write_directions(w, "oakley_esp_packets_total", {}, s.dataplane, &S::packets_in, &S::packets_out);
  w.family("oakley_esp_bytes_total", "counter", "Inner bytes of those packets.");
  write_directions(w, "oakley_esp_bytes_total", {}, s.dataplane, &S::bytes_in, &S::bytes_out);
  w.family("oakley_esp_drops_total", "counter", "Packets the data plane dropped, by reason.");
  for (std::size_t i = 1; i < dataplane::kDropReasonCount; ++i) {
    auto reason = dataplane::drop_reason_name(static_cast<dataplane::DropReason>(i));
    w.sample("oakley_esp_drops_total", {{"reason", reason}}, s.dataplane.drops[i]);
  }
  w.family("oakley_dataplane_thread_packets_total", "counter",
           "Packets through each data-plane thread.");
  for (std::size_t t = 0; t < s.dataplane_threads.size(); ++t) {
    write_directions(w, "oakley_dataplane_thread_packets_total", std::to_string(t),
                     s.dataplane_threads[t], &S::packets_in, &S::packets_out);
  }
  w.family("oakley_dataplane_thread_bytes_total", "counter",
           "Inner bytes through each data-plane thread.");
  for (std::size_t t = 0; t < s.dataplane_threads.size(); ++t) {
    write_directions(w, "oakley_dataplane_thread_bytes_total", std::to_string(t),
                     s.dataplane_threads[t], &S::bytes_in, &S::bytes_out);
  }
  w.family("oakley_dataplane_thread_drops_total", "counter",
           "Packets each data-plane thread dropped (all reasons).");
  for (std::size_t t = 0; t < s.dataplane_threads.size(); ++t) {
    w.sample("oakley_dataplane_thread_drops_total", {{"thread", std::to_string(t)}},
             s.dataplane_threads[t].drop_total());
  }
}

void write_process(Writer& w, const MetricsSnapshot& s) {
  w.family("oakley_uptime_seconds", "gauge", "Seconds since oakleyd started.");
  w.sample("oakley_uptime_seconds", {},
           static_cast<std::uint64_t>(std::max<std::int64_t>(0, s.uptime_seconds)));
  w.family("oakley_crypto_worker_threads", "gauge", "Threads computing DH and signatures.");
  w.sample("oakley_crypto_worker_threads", {}, s.crypto_threads);
  w.family("oakley_crypto_jobs_queued", "gauge", "Jobs waiting for a crypto worker.");
  w.sample("oakley_crypto_jobs_queued", {}, s.crypto_queued);
  w.family("oakley_crypto_jobs_completed_total", "counter", "Jobs the crypto workers finished.");
  w.sample("oakley_crypto_jobs_completed_total", {}, s.crypto_completed);
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_metrics(const MetricsSnapshot& s) {
  Writer w;
  write_process(w, s);
  write_sas(w, s);
  write_child_traffic(w, s);
  write_messages(w, s);
  write_engines(w, s);
  write_dataplane(w, s);
  return w.take();
}

}  // namespace oakley::daemon
