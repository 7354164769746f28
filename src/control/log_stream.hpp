// Streams the daemon's log lines to a control client as "log" events: `oakctl trace`, and the
// progress `oakctl initiate` shows. Log lines come from any thread; the events are sent from the
// loop thread. The stream ends by itself when the reply is answered or the client goes away.
#pragma once

#include <asio/io_context.hpp>
#include <functional>
#include <string_view>

#include "common/log.hpp"
#include "control/reply.hpp"

namespace oakley::control {

// Called on the logging thread with the log lock held: must be cheap, thread-safe, and must not
// log. An empty filter passes everything.
using LogFilter =
    std::function<bool(log::Level level, std::string_view subsystem, std::string_view message)>;

// Note the global log level still decides which lines are produced at all.
void stream_logs(asio::io_context& io, const ReplyPtr& reply, LogFilter filter = {});

}  // namespace oakley::control
