#include "control/protocol.hpp"

#include <fmt/format.h>

namespace oakley::control {
namespace {

// Bracket depth outside strings; a cheap scan that bounds what the parser and dump() recurse on.
bool nests_too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

std::string dump_line(const Json& message) {
  try {
    return message.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  } catch (const std::exception&) {
    return "{\"ok\":false,\"error\":\"internal error: unserialisable response\"}\n";
  }
}

}  // namespace

Result<Json> parse_json_line(std::string_view line, std::size_t max_bytes) {
  if (line.size() > max_bytes)
    return make_error(fmt::format("message larger than {} bytes refused", max_bytes));
  if (nests_too_deep(line))
    return make_error(fmt::format("JSON nested deeper than {} levels refused", kMaxJsonDepth));
  try {
    Json parsed = Json::parse(line.begin(), line.end(), nullptr, false);
    if (parsed.is_discarded()) return make_error("not valid JSON");
    return parsed;
  } catch (const std::exception& e) {
    return make_error(fmt::format("not valid JSON: {}", e.what()));
  }
}

std::uint64_t request_id(const Json& message) {
  if (!message.is_object()) return 0;
  auto it = message.find("id");
  if (it == message.end()) return 0;
  if (it->is_number_unsigned()) return it->get<std::uint64_t>();
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(it->get<std::int64_t>());
  return 0;
}

Result<Request> to_request(const Json& message) {
  if (!message.is_object()) return make_error("a request must be a JSON object");
  auto id = message.find("id");
  if (id == message.end()) return make_error("the request has no \"id\"");
  bool id_ok =
      id->is_number_unsigned() || (id->is_number_integer() && id->get<std::int64_t>() >= 0);
  if (!id_ok) return make_error("\"id\" must be a non-negative integer");
  auto command = message.find("command");
  if (command == message.end() || !command->is_string() ||
      command->get_ref<const std::string&>().empty())
    return make_error("the request has no \"command\" string");
  Request request;
  request.id = request_id(message);
  request.command = command->get<std::string>();
  auto args = message.find("args");
  if (args != message.end() && !args->is_null()) {
    if (!args->is_object()) return make_error("\"args\" must be a JSON object");
    request.args = *args;
  }
  return request;
}

Result<Request> parse_request(std::string_view line) {
  auto parsed = parse_json_line(line);
  if (!parsed) return parsed.take_error();
  return to_request(*parsed);
}

std::string request_line(std::uint64_t id, std::string_view command, const Json& args) {
  return dump_line(Json{{"id", id}, {"command", command}, {"args", args}});
}

std::string ok_line(std::uint64_t id, const Json& result) {
  return dump_line(
      Json{{"id", id}, {"ok", true}, {"result", result.is_null() ? Json::object() : result}});
}

std::string error_line(std::uint64_t id, std::string_view message) {
  return dump_line(Json{{"id", id}, {"ok", false}, {"error", message}});
}

std::string event_line(std::uint64_t id, const Json& event) {
  Json line = event.is_object() ? event : Json{{"event", "message"}, {"message", event}};
  line["id"] = id;
  if (!line.contains("event")) line["event"] = "message";
  return dump_line(line);
}

Json log_event(log::Level level, std::string_view subsystem, std::string_view message) {
  return Json{{"event", "log"},
              {"level", log::level_name(level)},
              {"subsystem", subsystem},
              {"message", message}};
}

Json log_event(const log::Record& record) {
  Json event = log_event(record.level, record.subsystem, record.text);
  const log::Context* c = record.context;
  if (!c) return event;
  if (!c->connection.empty()) event["connection"] = c->connection;
  if (c->sa_id != 0) event["ike_id"] = c->sa_id;
  if (c->peer) event["peer"] = c->peer->to_string();
  if (c->has_ike_spis()) {
    event["ike_spi_i"] = fmt::format("{:016x}", c->spi_i);
    event["ike_spi_r"] = fmt::format("{:016x}", c->spi_r);
  }
  if (c->has_child_spis()) {
    event["child_spi_in"] = fmt::format("{:08x}", c->child_spi_in);
    event["child_spi_out"] = fmt::format("{:08x}", c->child_spi_out);
  }
  return event;
}

Result<ServerMessage> parse_server_message(std::string_view line) {
  auto parsed = parse_json_line(line, kMaxResponseBytes);
  if (!parsed) return parsed.take_error();
  if (!parsed->is_object())
    return make_error("the daemon sent something that is not a JSON object");
  ServerMessage message;
  message.id = request_id(*parsed);
  if (parsed->contains("event")) {
    message.kind = ServerMessage::Kind::kEvent;
  } else if (auto ok = parsed->find("ok"); ok != parsed->end() && ok->is_boolean()) {
    message.kind = ServerMessage::Kind::kFinal;
  } else {
    return make_error("the daemon sent a message that is neither an event nor a response");
  }
  message.body = std::move(*parsed);
  return message;
}

}  // namespace oakley::control
