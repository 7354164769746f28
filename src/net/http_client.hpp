// A blocking HTTP client over libcurl, for revocation data (OCSP requests, CRL downloads). It
// blocks the calling thread for up to the timeout: call it on a worker, never on the loop.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

#include "common/bytes.hpp"
#include "common/result.hpp"

namespace oakley::net {

struct HttpCall {
  std::string url;           // http:// or https:// only
  std::string content_type;  // of `body`; empty: GET
  Bytes body;
  std::chrono::milliseconds timeout{10000};  // the whole transfer, connecting included
  std::size_t max_bytes = 1 << 20;           // a longer answer is an error
};

// The body of a 200 answer; anything else is an error that says what happened ("HTTP 404",
// "timed out after 10000 ms", "answer larger than 65536 bytes").
Result<Bytes> http_fetch(const HttpCall& call);

// libcurl's global initialisation, once per process (thread-safe).
void http_init();

}  // namespace oakley::net
