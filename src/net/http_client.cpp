#include "net/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <memory>
#include <mutex>

namespace oakley::net {

namespace {

using CurlPtr = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;
using HeadersPtr = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

struct Sink {
  Bytes data;
  std::size_t limit = 0;
  bool too_large = false;
};

// Stops the transfer (by returning less than offered) once the answer passes the limit, so a
// hostile server cannot make us buffer more.
std::size_t write_body(char* ptr, std::size_t size, std::size_t n, void* user) {
  auto* sink = static_cast<Sink*>(user);
  const std::size_t len = size * n;
  if (sink->data.size() + len > sink->limit) {
    sink->too_large = true;
    return 0;
  }
  sink->data.insert(sink->data.end(), reinterpret_cast<std::uint8_t*>(ptr),
                    reinterpret_cast<std::uint8_t*>(ptr) + len);
  return len;
}

Result<Bytes> perform(CURL* curl, Sink& sink, const HttpCall& call) {
  CURLcode rc = curl_easy_perform(curl);
  if (sink.too_large) {
    return make_error(fmt::format("{}: answer larger than {} bytes", call.url, sink.limit));
  }
  if (rc == CURLE_OPERATION_TIMEDOUT) {
    return make_error(fmt::format("{}: timed out after {} ms", call.url, call.timeout.count()));
  }
  if (rc != CURLE_OK) return make_error(fmt::format("{}: {}", call.url, curl_easy_strerror(rc)));
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status != 200) return make_error(fmt::format("{}: HTTP {}", call.url, status));
  return std::move(sink.data);
}

}  // namespace

void http_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Result<Bytes> http_fetch(const HttpCall& call) {
  http_init();
  CurlPtr curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return make_error("cannot start an HTTP transfer (libcurl)");
  Sink sink;
  sink.limit = call.max_bytes;
  HeadersPtr headers(nullptr, curl_slist_free_all);
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, call.url.c_str());
  // Revocation URIs come from certificates a peer sent: no other schemes, no redirects (to
  // somewhere the certificate did not name), no signals (we run on worker threads).
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(call.timeout.count()));
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(call.max_bytes));
  curl_easy_setopt(c, CURLOPT_USERAGENT, "oakley");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
  if (!call.content_type.empty()) {
    headers.reset(curl_slist_append(nullptr, ("Content-Type: " + call.content_type).c_str()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  return perform(c, sink, call);
}

}  // namespace oakley::net
