// The HTTP side of the Prometheus endpoint, on libmicrohttpd: one internal thread bound to the
// configured address only, serving GET (and HEAD) /metrics and nothing else (404 for another
// path, 405 for another method, 413 for a request with a body). The number of connections, the
// memory of a request (request line and headers) and idle time are bounded; libmicrohttpd
// refuses what does not fit.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "common/ip_address.hpp"
#include "common/result.hpp"

struct MHD_Daemon;
struct MHD_Connection;

namespace oakley::daemon {

struct MetricsServerOptions {
  Endpoint address{};                      // port 0: any free port (see port())
  unsigned max_connections = 8;            // Prometheus keeps one; a few for curl and friends
  unsigned idle_timeout_seconds = 10;      // a connection that sends nothing is closed
  std::size_t request_memory = 16 * 1024;  // request line + headers of one connection
};

class MetricsServer {
 public:
  // The body of a scrape, or nullopt when it could not be had in time (503).
  using Provider = std::function<std::optional<std::string>()>;

  static Result<std::unique_ptr<MetricsServer>> start(const MetricsServerOptions& options,
                                                      Provider provider);
  // Stops the thread; a scrape in progress finishes first.
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  const Endpoint& address() const { return address_; }  // with the port actually bound

  std::uint64_t scrapes() const { return scrapes_.load(); }
  std::uint64_t refused() const { return refused_.load(); }  // 404, 405, 413, 503

  // For the libmicrohttpd callback: answers one request (MHD_YES or MHD_NO).
  int answer(MHD_Connection* connection, const std::string& url, const std::string& method);

 private:
  explicit MetricsServer(Provider provider) : provider_(std::move(provider)) {}

  Provider provider_;
  MHD_Daemon* mhd_ = nullptr;
  Endpoint address_;
  std::atomic<std::uint64_t> scrapes_{0};
  std::atomic<std::uint64_t> refused_{0};
};

}  // namespace oakley::daemon
