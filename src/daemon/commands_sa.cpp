// list-sas, list-conns, initiate, terminate, rekey.
#include <fmt/format.h>

#include "control/log_stream.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon.hpp"
#include "daemon/certs_json.hpp"
#include "daemon/status_json.hpp"

namespace oakley::daemon {

using control::Json;
using control::ReplyPtr;

namespace {

std::string string_arg(const Json& args, const char* key) {
  auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::uint32_t> id_arg(const Json& args, const char* key) {
  auto it = args.find(key);
  if (it == args.end() || !it->is_number_unsigned()) return std::nullopt;
  return static_cast<std::uint32_t>(it->get<std::uint64_t>());
}

// An engine completion that answers the reply if the client still waits for it.
Engines::Completion answer(const ReplyPtr& reply, std::string success) {
  return [reply, success = std::move(success)](const Status& status) {
    if (!reply->active()) return;
    if (status) {
      reply->ok({{"message", success}});
    } else {
      reply->fail(status.error().message);
    }
  };
}

void list_sas(Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  auto sas = daemon.engines().list_sas();
  if (auto only = string_arg(args, "ike"); !only.empty()) {
    std::erase_if(sas, [&](const ike::IkeSaInfo& sa) { return sa.connection != only; });
  }
  reply->ok(ike_sas_json(sas));
}

void initiate(Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  auto connection = string_arg(args, "connection");
  auto child = string_arg(args, "child");
  if (connection.empty()) return reply->fail("initiate needs a connection");
  auto timeout = std::chrono::seconds(args.value("timeout", 30));
  control::stream_logs(daemon.loop().context(), reply);
  auto what = child.empty() ? connection : fmt::format("{}/{}", connection, child);
  auto st = daemon.engines().initiate(connection, child,
                                      answer(reply, fmt::format("{} established", what)));
  if (!st) return reply->fail(st.error().message);
  // The exchange goes on (retransmits, keyingtries) after we stop waiting for it.
  auto& loop = daemon.loop();
  auto timer = loop.schedule(timeout, [reply, what, timeout] {
    if (reply->active()) {
      reply->fail(fmt::format("{} not established within {} s (see oakctl diagnose)", what,
                              timeout.count()));
    }
  });
  reply->on_close([&loop, timer] { loop.cancel(timer); });
}

void terminate(Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  auto& engines = daemon.engines();
  auto connection = string_arg(args, "connection");
  auto child = string_arg(args, "child");
  control::stream_logs(daemon.loop().context(), reply);
  Status st;
  if (auto id = id_arg(args, "ike_id")) {
    st = engines.terminate_ike(*id, answer(reply, fmt::format("IKE SA #{} deleted", *id)));
  } else if (!child.empty()) {
    st = engines.terminate_child(connection, child,
                                 answer(reply, fmt::format("{}/{} deleted", connection, child)));
  } else if (!connection.empty()) {
    st = engines.terminate_connection(connection,
                                      answer(reply, fmt::format("{} deleted", connection)));
  } else {
    st = make_error("terminate needs a connection, CONN/CHILD or an IKE SA id");
  }
  if (!st && reply->active()) reply->fail(st.error().message);
}

void rekey(Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  auto& engines = daemon.engines();
  auto connection = string_arg(args, "connection");
  auto child = string_arg(args, "child");
  control::stream_logs(daemon.loop().context(), reply);
  Status st;
  if (auto id = id_arg(args, "ike_id")) {
    st = engines.rekey_ike(*id, answer(reply, fmt::format("IKE SA #{} rekeyed", *id)));
  } else if (!child.empty()) {
    st = engines.rekey_child(connection, child,
                             answer(reply, fmt::format("{}/{} rekeyed", connection, child)));
  } else if (!connection.empty()) {
    st = engines.rekey_connection(connection,
                                  answer(reply, fmt::format("IKE SA of {} rekeyed", connection)));
  } else {
    st = make_error("rekey needs a connection, CONN/CHILD or an IKE SA id");
  }
  if (!st && reply->active()) reply->fail(st.error().message);
}

}  // namespace

void register_sa_commands(control::Server& server, Daemon& daemon) {
  server.register_command(
      "list-sas", [&daemon](const Json& args, ReplyPtr reply) { list_sas(daemon, args, reply); });
  server.register_command("list-conns", [&daemon](const Json&, ReplyPtr reply) {
    reply->ok(connections_json(daemon.engines().config()));
  });
  server.register_command("list-certs", [&daemon](const Json&, ReplyPtr reply) {
    reply->ok(certificates_json(daemon.engines().config()));
  });
  server.register_command(
      "initiate", [&daemon](const Json& args, ReplyPtr reply) { initiate(daemon, args, reply); });
  server.register_command(
      "terminate", [&daemon](const Json& args, ReplyPtr reply) { terminate(daemon, args, reply); });
  server.register_command(
      "rekey", [&daemon](const Json& args, ReplyPtr reply) { rekey(daemon, args, reply); });
}

}  // namespace oakley::daemon
