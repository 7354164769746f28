#include "cli/args.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <filesystem>
#include <sstream>

#include "common/ip_address.hpp"

namespace oakley::cli {
namespace {

using std::chrono::seconds;

struct Options {
  std::string target;  // CONN or CONN/CHILD
  std::string child_target;
  std::string name;
  std::string level;
  std::string subsystem;
  std::string peer;  // trace
  std::int64_t ike_id = 0;
  int timeout_seconds = 60;
  std::string ikev2_file, ikev1_file, esp_file, key_dir;  // export-keys
};

// "CONN[/CHILD]" → {"connection": CONN, "child": CHILD}.
Json target_args(const std::string& target) {
  auto slash = target.find('/');
  if (slash == std::string::npos) return {{"connection", target}};
  std::string conn = target.substr(0, slash);
  std::string child = target.substr(slash + 1);
  if (conn.empty() || child.empty() || child.find('/') != std::string::npos)
    throw CLI::ValidationError("CONN/CHILD", fmt::format("'{}' is not CONN or CONN/CHILD", target));
  return {{"connection", conn}, {"child", child}};
}

Json terminate_args(const Options& o) {
  int given = !o.target.empty() + (o.ike_id != 0) + !o.child_target.empty();
  if (given != 1)
    throw CLI::ValidationError("terminate",
                               "give exactly one of CONN, --ike-id N, --child CONN/CHILD");
  if (o.ike_id != 0) return {{"ike_id", o.ike_id}};
  if (o.target.empty()) {
    Json args = target_args(o.child_target);
    if (!args.contains("child")) throw CLI::ValidationError("--child", "expects CONN/CHILD");
    return args;
  }
  return {{"connection", o.target}};
}

// The daemon writes the files, and its working directory is not ours: paths go over absolute.
std::string absolute(const std::string& path) {
  return std::filesystem::absolute(path).lexically_normal().string();
}

Json export_keys_args(const Options& o) {
  Json args = Json::object();
  if (!o.ikev2_file.empty()) args["ikev2"] = absolute(o.ikev2_file);
  if (!o.ikev1_file.empty()) args["ikev1"] = absolute(o.ikev1_file);
  if (!o.esp_file.empty()) args["esp"] = absolute(o.esp_file);
  if (!o.key_dir.empty()) args["dir"] = absolute(o.key_dir);
  if (args.empty())
    throw CLI::ValidationError("export-keys", "give at least one of --ike, --ikev1, --esp, --dir");
  return args;
}

CLI::Validator ip_address_check() {
  return CLI::Validator(
      [](std::string& text) {
        return IpAddress::parse(text) ? std::string() : "'" + text + "' is not an IP address";
      },
      "ADDR");
}

// Declares the subcommands; their callbacks (run after a successful parse) build the request.
struct Builder {
  CLI::App& app;
  Options& o;
  Invocation& inv;

  // Registers a subcommand whose callback fills in the request.
  CLI::App* command(const std::string& name, const std::string& help,
                    std::function<void()> fill = {}) {
    CLI::App* sub = app.add_subcommand(name, help);
    sub->callback([this, name, fill] {
      inv.command = name;
      if (fill) fill();
    });
    return sub;
  }

  void simple_commands() {
    command("load", "reload the configuration file (a bad file changes nothing)");
    command("list-conns", "list the loaded connections");
    command("list-certs", "list the loaded certificates (ours, trusted CAs, pinned peers)");
    command("stats", "show the daemon's counters");
    command("version", "show oakctl's and the daemon's versions");
    auto* list_sas = command("list-sas", "list the IKE and CHILD SAs", [this] {
      if (!o.name.empty()) inv.args["ike"] = o.name;
    });
    list_sas->add_option("--ike", o.name, "only the SAs of this connection");
    auto* diagnose = command("diagnose", "explain why a connection is not up",
                             [this] { inv.args["connection"] = o.target; });
    diagnose->add_option("CONN", o.target, "connection name")->required();
  }

  void initiate() {
    auto* sub = command("initiate", "bring up a connection and show its progress", [this] {
      inv.args = target_args(o.target);
      inv.args["timeout"] = o.timeout_seconds;
      // The daemon enforces the timeout and answers; we wait a little longer for that answer.
      inv.timeout = seconds(o.timeout_seconds + 10);
    });
    sub->add_option("CONN", o.target, "CONN or CONN/CHILD")->required();
    sub->add_option("--timeout", o.timeout_seconds, "seconds to wait for the SA (default 60)")
        ->check(CLI::Range(1, 86400));
  }

  void terminate() {
    auto* sub = command("terminate", "close an IKE SA or a CHILD SA", [this] {
      inv.args = terminate_args(o);
      inv.timeout = seconds(60);
    });
    sub->add_option("CONN", o.target, "connection whose IKE SAs to close");
    sub->add_option("--ike-id", o.ike_id, "unique id of the IKE SA")->check(CLI::PositiveNumber);
    sub->add_option("--child", o.child_target, "CONN/CHILD: close that CHILD SA");
  }

  void rekey() {
    auto* sub = command("rekey", "rekey an IKE SA or a CHILD SA now", [this] {
      if (o.target.empty() == (o.ike_id == 0))
        throw CLI::ValidationError("rekey", "give exactly one of CONN[/CHILD], --ike-id N");
      inv.args = o.target.empty() ? Json{{"ike_id", o.ike_id}} : target_args(o.target);
      inv.timeout = seconds(60);
    });
    sub->add_option("CONN", o.target, "CONN (its IKE SA) or CONN/CHILD");
    sub->add_option("--ike-id", o.ike_id, "unique id of the IKE SA")->check(CLI::PositiveNumber);
  }

  void logging() {
    const std::vector<std::string> levels = {"error", "warn", "info", "debug", "trace"};
    auto* level = command("log-level", "set the daemon's log level", [this] {
      inv.args = {{"level", o.level}};
      if (!o.subsystem.empty()) inv.args["subsystem"] = o.subsystem;
    });
    level->add_option("LEVEL", o.level, "error, warn, info, debug or trace")
        ->required()
        ->check(CLI::IsMember(levels));
    level->add_option("SUBSYSTEM", o.subsystem, "only this subsystem (ike, net, ...)");
    auto* trace = command("trace", "stream the daemon's log until Ctrl-C", [this] {
      if (!o.level.empty()) inv.args["level"] = o.level;
      if (!o.target.empty()) inv.args["connection"] = o.target;
      if (!o.peer.empty()) inv.args["peer"] = o.peer;
      inv.timeout.reset();
    });
    trace
        ->add_option("--level", o.level,
                     "log level to stream (default: the daemon's; may be more verbose than it "
                     "without changing what the daemon logs)")
        ->check(CLI::IsMember(levels));
    trace->add_option("--connection", o.target, "only the lines of this connection's SAs");
    trace->add_option("--peer", o.peer, "only the lines of traffic with this peer address")
        ->check(ip_address_check());
  }

  void monitor() {
    command("monitor", "stream SA events (up, down, rekeyed, failed) until Ctrl-C", [this] {
      inv.command = "subscribe";
      inv.timeout.reset();
    });
  }

  void export_keys() {
    auto* sub = command(
        "export-keys",
        "write the keys of the current SAs as Wireshark decryption tables (files are secrets, "
        "mode 0600; needs export_keys = yes)",
        [this] { inv.args = export_keys_args(o); });
    sub->add_option("--ike", o.ikev2_file, "IKEv2 SAs: Wireshark's ikev2_decryption_table");
    sub->add_option("--ikev1", o.ikev1_file, "IKEv1 SAs: Wireshark's ikev1_decryption_table");
    sub->add_option("--esp", o.esp_file, "ESP SAs: Wireshark's esp_sa");
    sub->add_option("--dir", o.key_dir, "all three, named as Wireshark names them, in DIR");
  }
};

ParsedArgs usage_result(const CLI::App& app, const CLI::Error& error) {
  std::ostringstream out, err;
  int code = app.exit(error, out, err);
  if (code == 0) return {std::nullopt, 0, out.str()};
  return {std::nullopt, 2, err.str()};
}

}  // namespace

ParsedArgs parse_args(const std::vector<std::string>& args, const std::string& default_control) {
  Invocation inv;
  inv.control_path = default_control;
  Options options;
  CLI::App app{"oakctl: control the oakley IPsec daemon", "oakctl"};
  app.require_subcommand(1);
  app.fallthrough();  // --json and --control may also follow the command
  app.footer(
      "Exit codes: 0 success, 1 the daemon refused or the command did not succeed, 2 usage error, "
      "3 cannot connect to the daemon.");
  app.add_option(
      "--control", inv.control_path,
      "control socket (default $OAKLEY_CONTROL or " + std::string(kDefaultControlPath) + ")");
  app.add_flag("--json", inv.json_output, "print the daemon's JSON result as is");
  Builder builder{app, options, inv};
  builder.simple_commands();
  builder.initiate();
  builder.terminate();
  builder.rekey();
  builder.logging();
  builder.monitor();
  builder.export_keys();
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 wants them reversed
    app.parse(reversed);
  } catch (const CLI::Error& error) {
    return usage_result(app, error);
  }
  return {std::move(inv), 0, ""};
}

}  // namespace oakley::cli
