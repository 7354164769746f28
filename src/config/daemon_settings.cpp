// The oakley { } section.
#include "config/daemon_settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>

#include "config/address.hpp"
#include "config/enum_parse.hpp"
#include "config/loaders.hpp"

namespace oakley::config {

namespace {

const std::vector<std::string> kDaemonKeys = {
    "listen",
    "port",
    "port_nat_t",
    "retransmit_tries",
    "retransmit_timeout",
    "retransmit_base",
    "retransmit_jitter",
    "retransmit_limit",
    "half_open_timeout",
    "dos_protection",
    "cookie_threshold",
    "cookie_threshold_ip",
    "block_threshold",
    "init_limit_half_open",
    "ikev1_half_open_limit",
    "ikev1_dh_rate",
    "i_dont_care_about_security_and_use_aggressive_mode_psk",
    "signature_authentication",
    "control_socket",
    "replay_window",
    "dataplane",
    "tun_name",
    "tun_mtu",
    "worker_threads",
    "dataplane_threads",
    "install_routes",
    "routing_table",
    "routing_table_prio",
    "fwmark",
    "keep_alive",
    "fragment_size",
    "max_packet",
    "max_fragments",
    "log_level",
    "ikesa_table_size",
    "user",
    "group",
    "drop_cleartext",
    "fetch_timeout",
    "legacy_ciphers",
    "metrics",
    "export_keys",
    "export_keys_dir",
};

Result<std::vector<EncrId>> parse_legacy_ciphers(std::string_view text) {
  std::vector<EncrId> out;
  for (const auto& item : split_list(text)) {
    EncrId id{};
    if (item == "des") {
      id = EncrId::kDes;
    } else if (item == "blowfish") {
      id = EncrId::kBlowfish;
    } else if (item == "cast" || item == "cast128") {
      id = EncrId::kCast;
    } else {
      return make_error(
          fmt::format("'{}': expected des, blowfish or cast (the ciphers of "
                      "OpenSSL's legacy provider)",
                      item));
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

Result<std::vector<IpAddress>> parse_listen(std::string_view text) {
  std::vector<IpAddress> out;
  for (const auto& item : split_list(text)) {
    if (item == "%any") {
      out.push_back(IpAddress::any(IpAddress::Family::kV4));
      out.push_back(IpAddress::any(IpAddress::Family::kV6));
      continue;
    }
    auto a = parse_ip_address(item);
    if (!a) return make_error(fmt::format("'{}': {}", item, a.error().message));
    out.push_back(*a);
  }
  if (out.empty()) return make_error("expected addresses or %any");
  return out;
}

Result<std::chrono::milliseconds> parse_seconds_fraction(std::string_view text) {
  auto v = parse_decimal(text);
  if (!v || *v > 86400) return make_error("expected seconds such as 4.0 (at most a day)");
  return std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(*v * 1000)));
}

Result<double> parse_base(std::string_view text) {
  auto v = parse_decimal(text);
  if (!v || *v < 1.0 || *v > 10.0) return make_error("expected a factor from 1.0 to 10.0");
  return *v;
}

Result<std::string> parse_tun_name(std::string_view text) {
  text = trim(text);
  bool ok = !text.empty() && text.size() <= 12 && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  });
  if (!ok) {
    return make_error(
        "expected up to 12 letters, digits, '-' or '_' (the interface number is "
        "appended)");
  }
  return std::string(text);
}

Result<std::string> parse_socket_path(std::string_view text) {
  text = trim(text);
  if (text.empty() || text[0] != '/') return make_error("expected an absolute path");
  if (text.size() > 100) return make_error("a Unix socket path must be shorter than 100 bytes");
  return std::string(text);
}

// "127.0.0.1:9101" or "[::1]:9101"; port 0 picks a free port (the log says which).
Result<Endpoint> parse_metrics_address(std::string_view text) {
  text = trim(text);
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos)
    return make_error("expected ADDRESS:PORT such as 127.0.0.1:9101");
  auto host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return make_error("write an IPv6 address in brackets: [::1]:9101");
  }
  auto address = parse_ip_address(host);
  if (!address) return make_error(fmt::format("'{}': {}", host, address.error().message));
  auto port = parse_uint(text.substr(colon + 1), 65535);
  if (!port) return make_error("expected a port from 0 to 65535 after the ':'");
  return Endpoint{*address, static_cast<std::uint16_t>(*port)};
}

Result<std::string> parse_file_path(std::string_view text) {
  text = trim(text);
  if (text.empty() || text[0] != '/') return make_error("expected an absolute path");
  return std::string(text);
}

Result<log::Level> parse_log_level(std::string_view text) {
  log::Level level{};
  if (!log::parse_level(trim(text), level)) {
    return make_error("expected error, warn, info, debug or trace");
  }
  return level;
}

// A user or group name as useradd accepts it, or a numeric id.
Result<std::string> parse_account_name(std::string_view text) {
  std::string name(trim(text));
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  };
  if (name.empty() || name.size() > 32 || name[0] == '-' ||
      !std::all_of(name.begin(), name.end(), ok))
    return make_error("expected a user or group name (letters, digits, '_', '-', '.') or a number");
  return name;
}

template <std::uint32_t Min, std::uint32_t Max>
Result<std::uint32_t> bounded(std::string_view text) {
  auto n = parse_uint(text, Max);
  if (!n || *n < Min) return make_error(fmt::format("expected a number from {} to {}", Min, Max));
  return static_cast<std::uint32_t>(*n);
}

void read_network(SectionReader& r, DaemonSettings& d) {
  r.read("listen", d.listen, parse_listen);
  r.read("port", d.port, parse_port_number);
  r.read("port_nat_t", d.port_nat_t, parse_port_number);
  r.read("retransmit_tries", d.retransmit_tries, bounded<0, 100>);
  r.read("retransmit_timeout", d.retransmit_timeout, parse_seconds_fraction);
  r.read("retransmit_base", d.retransmit_base, parse_base);
  r.read("retransmit_jitter", d.retransmit_jitter, bounded<0, 100>);
  r.read("retransmit_limit", d.retransmit_limit, parse_seconds_fraction);
  r.read("half_open_timeout", d.half_open_timeout, parse_duration);
  r.read("keep_alive", d.keep_alive, parse_duration);
  r.read("fragment_size", d.fragment_size, bounded<576, 65535>);
  r.read("max_packet", d.max_packet, bounded<1280, 65535>);
  r.read("max_fragments", d.max_fragments, bounded<1, 65535>);
}

void read_dos(SectionReader& r, DaemonSettings& d) {
  r.read("dos_protection", d.dos_protection, parse_bool);
  r.read("cookie_threshold", d.cookie_threshold, parse_u32);
  r.read("cookie_threshold_ip", d.cookie_threshold_ip, parse_u32);
  r.read("block_threshold", d.block_threshold, parse_u32);
  r.read("init_limit_half_open", d.init_limit_half_open, parse_u32);
  r.read("ikev1_half_open_limit", d.ikev1_half_open_limit, parse_u32);
  r.read("ikev1_dh_rate", d.ikev1_dh_rate, parse_u32);
  r.read("i_dont_care_about_security_and_use_aggressive_mode_psk", d.aggressive_mode_psk,
         parse_bool);
  r.read("signature_authentication", d.signature_authentication, parse_bool);
}

// "2.5" (seconds) or a duration ("10s"). The peer retransmits its AUTH while we wait for the
// network and gives up after a minute or two, hence the bound.
Result<std::chrono::milliseconds> parse_fetch_timeout(std::string_view text) {
  auto v = parse_seconds_fraction(text);
  if (!v) {
    auto d = parse_duration(text);
    if (!d) return make_error("expected seconds such as 2.5 or a duration such as 10s");
    v = std::chrono::duration_cast<std::chrono::milliseconds>(*d);
  }
  if (v->count() < 100 || v->count() > 30000) return make_error("expected 0.1 to 30 seconds");
  return v;
}

void read_runtime(SectionReader& r, DaemonSettings& d) {
  r.read("control_socket", d.control_socket, parse_socket_path);
  r.read("replay_window", d.replay_window, bounded<0, 1u << 20>);
  r.read("dataplane", d.dataplane,
         enum_parser<Dataplane>(
             {{"tun", Dataplane::kTun}, {"xfrm", Dataplane::kXfrm}, {"none", Dataplane::kNone}}));
  r.read("tun_name", d.tun_name, parse_tun_name);
  r.read("tun_mtu", d.tun_mtu, bounded<576, 65535>);
  r.read("worker_threads", d.worker_threads, bounded<0, 256>);
  r.read("dataplane_threads", d.dataplane_threads, bounded<0, 256>);
  r.read("install_routes", d.install_routes, parse_bool);
  r.read("routing_table", d.routing_table, parse_u32);
  r.read("routing_table_prio", d.routing_table_prio, parse_u32);
  r.read("fwmark", d.fwmark, parse_u32);
  r.read("log_level", d.log_level, parse_log_level);
  r.read("ikesa_table_size", d.ikesa_table_size, bounded<1, 1u << 24>);
  r.read("user", d.user, parse_account_name);
  r.read("group", d.group, parse_account_name);
  r.read("drop_cleartext", d.drop_cleartext, parse_bool);
  r.read("fetch_timeout", d.fetch_timeout, parse_fetch_timeout);
  r.read("legacy_ciphers", d.legacy_ciphers, parse_legacy_ciphers);
}

// The rule to a routing table of our own is "not fwmark M": with no mark it matches nothing (the
// kernel ignores a zero mark), so the tunnels' routes would never be looked up.
void check_routing(SectionReader& r, const DaemonSettings& d) {
  bool own_table = d.routing_table != 0 && d.routing_table != 254;
  if (d.fwmark != 0 || !own_table || !d.install_routes || d.dataplane != Dataplane::kTun) return;
  const SettingsValue* v = r.get("fwmark");
  r.errors().add(v ? v->location : r.section().location,
                 fmt::format("fwmark = 0 in the oakley section: the rule to routing_table {} "
                             "needs a mark for oakleyd's own IKE and ESP packets to skip it, and "
                             "without one it matches no packet; set a nonzero fwmark, or "
                             "routing_table = 254 to route in the main table",
                             d.routing_table));
}

void read_operations(SectionReader& r, DaemonSettings& d) {
  r.read("metrics", d.metrics, parse_metrics_address);
  r.read("export_keys", d.export_keys, parse_bool);
  r.read("export_keys_dir", d.export_keys_dir, parse_file_path);
}

}  // namespace

std::string_view dataplane_name(Dataplane d) {
  switch (d) {
    case Dataplane::kTun:
      return "tun";
    case Dataplane::kXfrm:
      return "xfrm";
    case Dataplane::kNone:
      return "none";
  }
  return "?";
}

DaemonSettings load_daemon_settings(const SettingsSection& section, ErrorList& errors) {
  DaemonSettings d;
  d.location = section.location;
  SectionReader r(section, "the oakley section", errors, kDaemonKeys);
  read_network(r, d);
  read_dos(r, d);
  read_runtime(r, d);
  read_operations(r, d);
  check_routing(r, d);
  r.check_keys();
  for (const auto& sub : section.sections)
    r.unknown_section(sub, {});
  return d;
}

}  // namespace oakley::config
