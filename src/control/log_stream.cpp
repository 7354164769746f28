#include "control/log_stream.hpp"

#include <asio/post.hpp>
#include <memory>
#include <string>

namespace oakley::control {

void stream_logs(asio::io_context& io, const ReplyPtr& reply, LogFilter filter) {
  std::weak_ptr<Reply> weak = reply;
  // The sink owns the reply: nothing else may (a trace's handler returns at once), and the sink
  // lives until the reply closes.
  int sink =
      log::add_sink([&io, weak, owner = reply, filter = std::move(filter)](
                        log::Level level, std::string_view subsystem, std::string_view message) {
        (void)owner;  // held, not used: see above
        if (filter && !filter(level, subsystem, message)) return;
        asio::post(
            io, [weak, level, subsystem = std::string(subsystem), message = std::string(message)] {
              if (auto r = weak.lock()) r->log(level, subsystem, message);
            });
      });
  // Runs on the loop thread, never inside a sink, so taking the log lock here is safe.
  reply->on_close([sink] { log::remove_sink(sink); });
}

}  // namespace oakley::control
