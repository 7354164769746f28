// The Prometheus endpoint's side of the daemon: (re)starting it from the configuration, and each
// scrape's snapshot, which is taken on the loop thread because the IKE state lives there.
#include <fmt/format.h>

#include <future>

#include "common/log.hpp"
#include "daemon/daemon.hpp"
#include "daemon/metrics_text.hpp"

namespace oakley::daemon {

namespace {
// Longer than any loop iteration should take; Prometheus's default scrape timeout is 10 s.
constexpr auto kScrapeTimeout = std::chrono::seconds(3);

std::string url(const Endpoint& e) {
  auto host = e.address.to_string();
  return fmt::format("http://{}:{}/metrics", e.address.is_v6() ? "[" + host + "]" : host, e.port);
}
}  // namespace

Status Daemon::apply_metrics_config() {
  const auto& wanted = config_->daemon.metrics;
  if (metrics_ && wanted && *wanted == metrics_->address()) return {};
  if (metrics_ && wanted && wanted->port == 0 && wanted->address == metrics_->address().address) {
    return {};  // "any free port" is already served
  }
  if (metrics_) {
    log::info("metrics", "stopping the metrics endpoint on {}", metrics_->address().to_string());
    metrics_.reset();
  }
  if (!wanted) return {};
  auto server = MetricsServer::start({.address = *wanted}, [this] { return scrape(); });
  if (!server) return server.error();
  metrics_ = std::move(*server);
  log::info("metrics", "serving Prometheus metrics on {}", url(metrics_->address()));
  return {};
}

std::optional<std::string> Daemon::scrape() {
  auto promise = std::make_shared<std::promise<MetricsSnapshot>>();
  auto future = promise->get_future();
  loop_.post([this, promise] { promise->set_value(collect_metrics(*this, traffic_ledger_)); });
  if (future.wait_for(kScrapeTimeout) != std::future_status::ready) {
    log::warn("metrics", "scrape refused: the event loop did not answer within {} s",
              kScrapeTimeout.count());
    return std::nullopt;
  }
  return render_metrics(future.get());
}

}  // namespace oakley::daemon
