#include "cli/oakctl.hpp"

#include <fmt/format.h>

#include <exception>

#include "cli/args.hpp"
#include "cli/format.hpp"
#include "control/client.hpp"

#ifndef OAKLEY_VERSION
#define OAKLEY_VERSION "unknown"
#endif

namespace oakley::cli {
namespace {

std::string compact(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Events are the output of `trace`; for other commands they are progress, kept off stdout under
// --json so that stdout holds only the result.
bool is_stream(const Invocation& inv) {
  return inv.command == "trace" || inv.command == "subscribe";
}

void print_event(const Invocation& inv, const Environment& env, const Json& event) {
  bool streaming = is_stream(inv);
  if (inv.json_output && streaming) {
    env.out << compact(event) << '\n' << std::flush;
  } else if (inv.command == "subscribe") {
    env.out << format_sa_event(event) << std::flush;
  } else {
    (inv.json_output ? env.err : env.out) << format_event(event) << std::flush;
  }
}

void print_result(const Invocation& inv, const Environment& env, const Json& result) {
  if (inv.json_output) {
    env.out << result.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  } else if (inv.command == "version") {
    auto version = get_string(result, "version");
    env.out << (version ? "oakleyd " + *version + "\n" : format_message(result));
  } else {
    env.out << format_result(inv.command, result);
  }
}

int report_transport_error(const Invocation& inv, const Environment& env, const Error& error) {
  switch (error.code) {
    case control::kInterrupted:
      if (is_stream(inv)) return kExitOk;  // Ctrl-C is how a trace or monitor ends
      env.err << "oakctl: interrupted\n";
      return kExitRefused;
    case control::kTimedOut:
      env.err << fmt::format("oakctl: {}: no answer from the daemon within {}s\n", inv.command,
                             inv.timeout ? inv.timeout->count() / 1000 : 0);
      return kExitRefused;
    default:
      env.err << fmt::format("oakctl: {}: {}\n", inv.command, error.message);
      return kExitRefused;
  }
}

int report_refusal(const Invocation& inv, const Environment& env, const std::string& error) {
  env.err << fmt::format("oakctl: {} failed: {}\n", inv.command, error);
  if (inv.command == "load") env.err << "oakctl: the running configuration was kept\n";
  return kExitRefused;
}

int execute(const Invocation& inv, const Environment& env) {
  if (inv.command == "version" && !inv.json_output) env.out << "oakctl " << OAKLEY_VERSION << '\n';
  auto client = control::Client::connect(inv.control_path);
  if (!client) {
    env.err << "oakctl: " << client.error().message << '\n';
    return kExitNoDaemon;
  }
  control::CallOptions options;
  options.timeout = inv.timeout;
  options.on_event = [&](const Json& event) { print_event(inv, env, event); };
  options.should_stop = env.interrupted;
  auto response = client->call(inv.command, inv.args, options);
  if (!response) return report_transport_error(inv, env, response.error());
  if (!response->ok) return report_refusal(inv, env, response->error);
  print_result(inv, env, response->result);
  return kExitOk;
}

}  // namespace

int run(const std::vector<std::string>& args, const Environment& env) {
  try {
    ParsedArgs parsed = parse_args(args, env.default_control);
    if (!parsed.invocation) {
      (parsed.exit_code == 0 ? env.out : env.err) << parsed.output;
      return parsed.exit_code;
    }
    int code = execute(*parsed.invocation, env);
    env.out << std::flush;
    return code;
  } catch (const std::exception& e) {
    env.err << "oakctl: internal error: " << e.what() << '\n';
    return kExitRefused;
  }
}

}  // namespace oakley::cli
