#include "daemon/metrics_server.hpp"

#include <microhttpd.h>
#include <sys/socket.h>

#include <cstdarg>
#include <cstdio>
#include <cstring>

#include "common/log.hpp"
#include "daemon/metrics_text.hpp"
#include "sockio/sockaddr.hpp"

namespace oakley::daemon {

namespace {

void log_mhd(void*, const char* format, va_list ap) {
  char text[256];
  std::vsnprintf(text, sizeof text, format, ap);
  std::size_t n = std::strlen(text);
  while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r'))
    text[--n] = '\0';
  // Malformed requests end up here: a peer on the management network could flood the log.
  log::debug("metrics", "http: {}", text);
}

MHD_Result reply(MHD_Connection* connection, unsigned status, std::string_view body,
                 std::string_view content_type, const char* allow = nullptr) {
  auto* response = MHD_create_response_from_buffer(body.size(), const_cast<char*>(body.data()),
                                                   MHD_RESPMEM_MUST_COPY);
  if (!response) return MHD_NO;
  MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE,
                          std::string(content_type).c_str());
  if (allow) MHD_add_response_header(response, MHD_HTTP_HEADER_ALLOW, allow);
  auto result = MHD_queue_response(connection, status, response);
  MHD_destroy_response(response);
  return result;
}

bool has_body(MHD_Connection* connection) {
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length && std::strcmp(length, "0") != 0) return true;
  return MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                     MHD_HTTP_HEADER_TRANSFER_ENCODING) != nullptr;
}

// A request with a body is refused on the first call, before libmicrohttpd reads the body.
MHD_Result handle_request(void* self, MHD_Connection* connection, const char* url,
                          const char* method, const char*, const char*, std::size_t*, void**) {
  int r =
      static_cast<MetricsServer*>(self)->answer(connection, url ? url : "", method ? method : "");
  return r == MHD_YES ? MHD_YES : MHD_NO;
}

}  // namespace

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(const MetricsServerOptions& options,
                                                            Provider provider) {
  std::unique_ptr<MetricsServer> server(new MetricsServer(std::move(provider)));
  sockaddr_storage addr{};
  sockio::to_sockaddr(options.address, addr);
  unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
  if (options.address.address.is_v6()) flags |= MHD_USE_IPv6;
  server->mhd_ = MHD_start_daemon(
      flags, options.address.port, nullptr, nullptr, &handle_request, server.get(),
      MHD_OPTION_SOCK_ADDR, reinterpret_cast<sockaddr*>(&addr), MHD_OPTION_CONNECTION_LIMIT,
      options.max_connections, MHD_OPTION_CONNECTION_TIMEOUT, options.idle_timeout_seconds,
      MHD_OPTION_CONNECTION_MEMORY_LIMIT, options.request_memory, MHD_OPTION_EXTERNAL_LOGGER,
      &log_mhd, nullptr, MHD_OPTION_END);
  if (!server->mhd_) {
    return make_error("cannot serve metrics on " + options.address.to_string() +
                      " (address in use or not on this host?)");
  }
  server->address_ = options.address;
  if (const auto* info = MHD_get_daemon_info(server->mhd_, MHD_DAEMON_INFO_BIND_PORT)) {
    server->address_.port = info->port;
  }
  return server;
}

MetricsServer::~MetricsServer() {
  if (mhd_) MHD_stop_daemon(mhd_);
}

int MetricsServer::answer(MHD_Connection* connection, const std::string& url,
                          const std::string& method) {
  constexpr std::string_view kText = "text/plain; charset=utf-8";
  if (method != MHD_HTTP_METHOD_GET && method != MHD_HTTP_METHOD_HEAD) {
    ++refused_;
    return reply(connection, MHD_HTTP_METHOD_NOT_ALLOWED, "only GET /metrics\n", kText,
                 "GET, HEAD");
  }
  if (url != "/metrics") {
    ++refused_;
    return reply(connection, MHD_HTTP_NOT_FOUND, "only GET /metrics\n", kText);
  }
  if (has_body(connection)) {
    ++refused_;
    return reply(connection, MHD_HTTP_CONTENT_TOO_LARGE, "a scrape has no body\n", kText);
  }
  auto body = provider_();
  if (!body) {
    ++refused_;
    return reply(connection, MHD_HTTP_SERVICE_UNAVAILABLE, "daemon busy, try again\n", kText);
  }
  ++scrapes_;
  return reply(connection, MHD_HTTP_OK, *body, kMetricsContentType);
}

}  // namespace oakley::daemon
