// `trace` (oakctl trace): the daemon's log lines streamed to one client until it hangs up, filtered
// for that client alone on each line's context (connection, peer), at a level that may be more
// verbose than the daemon's: `trace --peer X --level debug` is Cisco's `debug crypto condition
// peer X` with debugging on, and the log file keeps the daemon's level for everybody.
#include <fmt/format.h>

#include "common/log_filter.hpp"
#include "control/log_stream.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon.hpp"
#include "daemon/trace_filter.hpp"

namespace oakley::daemon {
namespace {

// A trace client this far behind is dropped with an "overflow" event (Reply::stream, as
// `subscribe` does); debug lines come in bursts, so more room than SaEventHub's.
constexpr std::size_t kMaxTraceBacklogBytes = 1 << 20;

void trace(Daemon& daemon, const control::Json& args, const control::ReplyPtr& reply) {
  auto filter = trace_filter(args, log::level());
  if (!filter) return reply->fail(filter.error().message);
  if (!filter->connection.empty() &&
      !daemon.engines().config().find_connection(filter->connection)) {
    return reply->fail(fmt::format("trace: no connection '{}' is loaded", filter->connection));
  }
  reply->event({{"event", "tracing"}, {"message", describe_trace(*filter)}});
  control::LogStreamOptions options;
  options.verbosity = filter->level;
  options.max_backlog = kMaxTraceBacklogBytes;
  options.filter = [f = *filter](const log::Record& r) { return f.matches(r); };
  control::stream_logs(daemon.loop().context(), reply, std::move(options));
}

}  // namespace

void register_trace_command(control::Server& server, Daemon& daemon) {
  server.register_command("trace", [&daemon](const control::Json& args, control::ReplyPtr reply) {
    trace(daemon, args, reply);
  });
}

}  // namespace oakley::daemon
