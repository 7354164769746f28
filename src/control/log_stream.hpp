// Streams the daemon's log lines to a control client as "log" events: `oakctl trace`, and the
// progress `oakctl initiate` shows. Log lines come from any thread; the events are sent from the
// loop thread. The stream ends by itself when the reply is answered or the client goes away.
#pragma once

#include <asio/io_context.hpp>
#include <cstddef>
#include <functional>

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "control/reply.hpp"

namespace oakley::control {

// Called on the logging thread with the log lock held: must be cheap, thread-safe, and must not
// log. An empty filter passes every line the stream gets.
using LogFilter = std::function<bool(const log::Record& record)>;

struct LogStreamOptions {
  LogFilter filter;
  // Lines up to this level reach the stream even while the daemon logs less; stderr keeps the
  // daemon's level (log::add_record_sink). The default adds nothing to the daemon's level.
  log::Level verbosity = log::Level::kError;
  // Reply::stream's bound: a client this many bytes behind is dropped with an "overflow" event.
  // 0: none beyond the session's own (events are dropped with a notice, the stream goes on).
  std::size_t max_backlog = 0;
};

void stream_logs(asio::io_context& io, const ReplyPtr& reply, LogStreamOptions options = {});

}  // namespace oakley::control
