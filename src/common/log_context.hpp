// The context of a log line: which connection, peer and SAs it is about. The engines give it (an
// SA's lines through their sa_log helpers; a received datagram's lines through a ContextScope
// around its processing), log::write puts its SPIs in front of the message, so two negotiations
// at the same time can be told apart in the log file, and `oakctl trace --connection/--peer`
// filters on it (log_filter.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/log.hpp"

namespace oakley::log {

struct Context {
  std::string connection;              // empty: not known (yet)
  std::uint32_t sa_id = 0;             // the IKE SA's unique id (oakctl's #n); 0: no SA
  std::optional<IpAddress> peer;       // the remote address the traffic is with
  std::uint64_t spi_i = 0, spi_r = 0;  // IKE SPIs (IKEv1: the cookies); both 0: none known
  std::uint32_t child_spi_in = 0, child_spi_out = 0;  // of the CHILD_SA a line is about; 0: none

  bool has_ike_spis() const { return spi_i != 0 || spi_r != 0; }
  bool has_child_spis() const { return child_spi_in != 0 || child_spi_out != 0; }
};

// What goes in front of a line's message, ending in a space ("" for an empty context):
//   <site-b|3> [1a2b3c4d5e6f7081_i 9f8e7d6c5b4a3921_r c1a2b3c4_i c5d6e7f8_o] (an SA, a child)
//   [1a2b3c4d5e6f7081_i 0000000000000000_r]   (a datagram before any SA is found for it)
// "<name|id>" is charon's (and oakley's earlier) tag; "_i"/"_r" the IKE initiator's/responder's
// SPI, "_i"/"_o" a CHILD_SA's inbound/outbound SPI, as charon prints them.
std::string prefix(const Context& context);

// Sets the context of every line this thread logs without one of its own (log::write), until it
// is destroyed. Scopes nest: the innermost one counts. Lines given an explicit context
// (write_context) keep theirs.
class ContextScope {
 public:
  explicit ContextScope(Context context);
  ~ContextScope();
  ContextScope(const ContextScope&) = delete;
  ContextScope& operator=(const ContextScope&) = delete;

  // Once the datagram's SA is known, its context replaces the header's.
  void set(Context context) { context_ = std::move(context); }

 private:
  Context context_;
  const Context* previous_;
};

// This thread's innermost ContextScope's context, or null.
const Context* current_context();

// One line as its consumers see it: `text` is the line as the log file has it (context prefix and
// message); `context` is null for a line without one.
struct Record {
  Level level;
  std::string_view subsystem;
  std::string_view text;
  const Context* context;
};

// Writes a line with this context (null: none, even inside a ContextScope).
void write_context(const Context* context, Level level, std::string_view subsystem,
                   std::string_view message);

// A sink that sees the context of each line. Called on the logging thread with the log lock held:
// it must be cheap, thread-safe and must not log. It receives every line up to the daemon's
// level, and up to `verbosity` whatever the daemon's level: while it is there, lines that
// verbose are produced (log::enabled) but only sinks that asked for them get them, and stderr
// keeps the daemon's level. This is how one `oakctl trace --peer X --level debug` gets debug
// lines without the log file getting everybody's.
using RecordSink = std::function<void(const Record&)>;
int add_record_sink(RecordSink sink, Level verbosity = Level::kError);

}  // namespace oakley::log
