// The control socket protocol: one JSON object per line, both ways.
//   request  {"id": N, "command": "list-sas", "args": {...}}
//   event    {"id": N, "event": "log", "level": "info", "subsystem": "ike", "message": "..."}
//   final    {"id": N, "ok": true, "result": {...}}  or  {"id": N, "ok": false, "error": "..."}
// A command may send any number of events before its single final response. Nothing here throws.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "common/log.hpp"
#include "common/log_context.hpp"
#include "common/result.hpp"

namespace oakley::control {

using Json = nlohmann::json;

inline constexpr std::size_t kMaxRequestBytes = 1 << 20;
// Responses can be big (list-sas with thousands of SAs); clients accept more than requests.
inline constexpr std::size_t kMaxResponseBytes = 256 << 20;
// Deeper nesting is refused before parsing: nothing we accept needs it, and it bounds recursion.
inline constexpr int kMaxJsonDepth = 32;

struct Request {
  std::uint64_t id = 0;
  std::string command;
  Json args = Json::object();
};

Result<Json> parse_json_line(std::string_view line, std::size_t max_bytes = kMaxRequestBytes);
// The request's id if it has a usable one, else 0: error responses echo it when they can.
std::uint64_t request_id(const Json& message);
Result<Request> to_request(const Json& message);
Result<Request> parse_request(std::string_view line);

// Serialised lines, each ending in "\n". Invalid UTF-8 in strings (a peer's identity, say) is
// replaced rather than refused.
std::string request_line(std::uint64_t id, std::string_view command, const Json& args);
std::string ok_line(std::uint64_t id, const Json& result);
std::string error_line(std::uint64_t id, std::string_view message);
std::string event_line(std::uint64_t id, const Json& event);  // `event` holds "event" and fields
Json log_event(log::Level level, std::string_view subsystem, std::string_view message);
// The same with the line's context, when it has one: "connection", "ike_id", "peer", "ike_spi_i",
// "ike_spi_r", "child_spi_in", "child_spi_out" (those known; SPIs in hex, as list-sas has them).
Json log_event(const log::Record& record);

// What a client reads back.
struct ServerMessage {
  enum class Kind { kEvent, kFinal };
  Kind kind = Kind::kFinal;
  std::uint64_t id = 0;
  Json body;  // the whole object
};
Result<ServerMessage> parse_server_message(std::string_view line);

}  // namespace oakley::control
