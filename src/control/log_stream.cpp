#include "control/log_stream.hpp"

#include <asio/post.hpp>
#include <memory>
#include <optional>
#include <string>

namespace oakley::control {

void stream_logs(asio::io_context& io, const ReplyPtr& reply, LogStreamOptions options) {
  std::weak_ptr<Reply> weak = reply;
  // The sink owns the reply: nothing else may (a trace's handler returns at once), and the sink
  // lives until the reply closes.
  auto sink = [&io, weak, owner = reply, filter = std::move(options.filter),
               max_backlog = options.max_backlog](const log::Record& r) {
    (void)owner;  // held, not used: see above
    if (filter && !filter(r)) return;
    // The record's views die with this call: the event carries copies.
    std::optional<log::Context> context;
    if (r.context) context = *r.context;
    asio::post(io, [weak, max_backlog, level = r.level, subsystem = std::string(r.subsystem),
                    text = std::string(r.text), context = std::move(context)] {
      auto client = weak.lock();
      if (!client) return;
      auto event = log_event({level, subsystem, text, context ? &*context : nullptr});
      if (max_backlog == 0) {
        client->event(event);
      } else {
        client->stream(event, max_backlog);
      }
    });
  };
  int id = log::add_record_sink(std::move(sink), options.verbosity);
  // Runs on the loop thread, never inside a sink, so taking the log lock here is safe.
  reply->on_close([id] { log::remove_sink(id); });
}

}  // namespace oakley::control
