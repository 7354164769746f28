#include "tools/oakload/options.hpp"

#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <sstream>

#ifndef OAKLEY_VERSION
#define OAKLEY_VERSION "0.0.0"
#endif

namespace oakley::oakload {
namespace {

// The text forms of options that need converting after CLI11 has read them.
struct RawOptions {
  std::string remote;
  std::vector<std::string> sources;
  std::string ts_pool;
  std::string flood_from;
  std::string log_level = "error";
};

IpAddress address_or_throw(const std::string& option, const std::string& text) {
  auto a = IpAddress::parse(text);
  if (!a) throw CLI::ValidationError(option, fmt::format("'{}' is not an IP address", text));
  return *a;
}

TrafficSelector prefix_or_throw(const std::string& option, const std::string& text) {
  auto slash = text.find('/');
  auto address = IpAddress::parse(text.substr(0, slash));
  unsigned bits = 0;
  bool ok = address && slash != std::string::npos;
  if (ok) {
    std::istringstream in(text.substr(slash + 1));
    ok = static_cast<bool>(in >> bits) && in.eof() && bits <= address->max_prefix();
  }
  if (!ok)
    throw CLI::ValidationError(option, fmt::format("'{}' is not a prefix like 10.0.0.0/16", text));
  return TrafficSelector::from_prefix(address->masked(bits), bits);
}

// Text that goes into the generated swanctl.conf: it must not be able to end its value early.
void check_config_value(const std::string& option, const std::string& text) {
  if (text.empty() || text.find_first_of("\"{}\n\r#\\") != std::string::npos)
    throw CLI::ValidationError(
        option, fmt::format("'{}' is empty or holds \" {{ }} # \\ or a line break", text));
}

void convert(const RawOptions& raw, LoadOptions& o) {
  o.remote = address_or_throw("--remote", raw.remote);
  for (const auto& s : raw.sources) {
    IpAddress a = address_or_throw("--source", s);
    if (a.family() != o.remote.family())
      throw CLI::ValidationError("--source", fmt::format("{} is not of --remote's family", s));
    o.sources.push_back(a);
  }
  if (!raw.ts_pool.empty()) o.ts_pool = prefix_or_throw("--ts-pool", raw.ts_pool);
  if (!raw.flood_from.empty()) o.flood_from = prefix_or_throw("--flood-from", raw.flood_from);
  if (!log::parse_level(raw.log_level, o.log_level))
    throw CLI::ValidationError("--log-level", "expects error, warn, info, debug or trace");
  for (const auto* text : {&o.psk, &o.proposals, &o.esp_proposals, &o.id_domain, &o.remote_id,
                           &o.local_ts, &o.remote_ts})
    check_config_value("option", *text);
  if (o.port != 0 && o.port == o.natt_port)
    throw CLI::ValidationError("--natt-port", "must differ from --port");
  if (o.flood_rate > 0 && !o.remote.is_v4())
    throw CLI::ValidationError("--flood-rate", "the flooder speaks IPv4 only");
  if (o.flood_rate > 0 && !o.flood_from.start.is_v4())
    throw CLI::ValidationError("--flood-from", "expects an IPv4 prefix");
  if (o.ts_pool && o.ts_pool->family() != o.remote.family())
    throw CLI::ValidationError("--ts-pool", "is not of --remote's family");
}

void declare(CLI::App& app, LoadOptions& o, RawOptions& raw) {
  app.add_option("-r,--remote", raw.remote, "responder address")->required();
  app.add_option("--remote-port", o.remote_port, "responder IKE port")
      ->capture_default_str()
      ->check(CLI::Range(1, 65535));
  app.add_option("-s,--source", raw.sources,
                 "source address to initiate from (repeatable: SAs take them in turn); every "
                 "identity may come from one address");
  app.add_option("--port", o.port, "our IKE port (0: any free port)")->capture_default_str();
  app.add_option("--natt-port", o.natt_port, "our NAT-T port (0: any free port)")
      ->capture_default_str();
  app.add_option("-n,--count", o.count, "IKE SAs to establish, each with one CHILD_SA")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("-c,--concurrency", o.concurrency, "at most this many SAs in flight")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--first-index", o.first_index, "index of the first identity c<i>@domain")
      ->capture_default_str();
  app.add_option("--psk", o.psk, "pre-shared key (0x... / 0s... for hex / base64)")->required();
  app.add_option("--proposals", o.proposals, "IKE proposals (swanctl keywords)")
      ->capture_default_str();
  app.add_option("--esp", o.esp_proposals, "CHILD_SA proposals (swanctl keywords)")
      ->capture_default_str();
  app.add_option("--id-domain", o.id_domain, "identities are c<i>@DOMAIN")->capture_default_str();
  app.add_option("--remote-id", o.remote_id, "identity the responder must prove")
      ->capture_default_str();
  app.add_option("--local-ts", o.local_ts, "local traffic selectors")->capture_default_str();
  app.add_option("--remote-ts", o.remote_ts, "remote traffic selectors")->capture_default_str();
  app.add_option("--ts-pool", raw.ts_pool,
                 "PREFIX: SA i proposes the i-th host address of PREFIX as its local_ts");
  app.add_flag("--rekey-ike", o.rekey_ike, "rekey each IKE SA once it is up");
  app.add_flag("--rekey-child", o.rekey_child, "rekey each CHILD_SA once it is up");
  app.add_flag("--delete", o.delete_after, "delete each IKE SA at the end of its work");
  app.add_option("--timeout", o.timeout_s, "seconds one SA may take for all its work")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--progress", o.progress_s, "seconds between progress lines on stderr (0: none)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--hold", o.hold_s, "seconds to keep the SAs after the run before exiting")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_flag("--json", o.json, "print the summary as JSON");
  app.add_option("--workers", o.workers, "crypto worker threads (0: one per core)")
      ->capture_default_str();
  app.add_option("--log-level", raw.log_level, "engine log level: error, warn, info, debug, trace")
      ->capture_default_str();
  app.add_option("--flood-rate", o.flood_rate,
                 "spoofed IKE_SA_INIT requests per second during the run (raw sockets, root)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--flood-from", raw.flood_from,
                 "PREFIX the spoofed source addresses come from (the responder must route it back)")
      ->default_str("198.18.0.0/16");
}

}  // namespace

ParsedOptions parse_options(const std::vector<std::string>& args) {
  CLI::App app{
      "oakload: establish many IKEv2 PSK SAs (one CHILD_SA each) against a responder and report "
      "the rate, the failures and the latency",
      "oakload"};
  app.footer("Exit codes: 0 every SA did all its work, 1 some failed, 2 usage error.");
  app.set_version_flag("--version", std::string("oakload ") + OAKLEY_VERSION);
  LoadOptions options;
  RawOptions raw;
  declare(app, options, raw);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 wants them reversed
    app.parse(reversed);
    convert(raw, options);
  } catch (const CLI::Error& error) {
    std::ostringstream out, err;
    int code = app.exit(error, out, err);
    if (code == 0) return {std::nullopt, 0, out.str()};
    return {std::nullopt, 2, err.str()};
  }
  return {std::move(options), 0, ""};
}

std::string identity_of(const LoadOptions& options, std::uint64_t i) {
  return fmt::format("c{}@{}", options.first_index + i, options.id_domain);
}

}  // namespace oakley::oakload
