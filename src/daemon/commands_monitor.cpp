// `subscribe` (oakctl monitor): the request stays open and gets one "sa" event per SA event until
// the client hangs up, lags behind (overflow) or the daemon stops.
#include <fmt/format.h>

#include "daemon/commands.hpp"
#include "daemon/daemon.hpp"

namespace oakley::daemon {

void register_monitor_commands(control::Server& server, Daemon& daemon) {
  server.register_command("subscribe", [&daemon](const control::Json&, control::ReplyPtr reply) {
    if (!daemon.sa_events().subscribe(reply)) {
      reply->fail(fmt::format("too many subscribers (at most {})", SaEventHub::kMaxSubscribers));
      return;
    }
    reply->event({{"event", "subscribed"}});
  });
}

}  // namespace oakley::daemon
