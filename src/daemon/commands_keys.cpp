// export-keys, and the daemon's half of the Wireshark key export: the key log follows the
// configuration, and export_keys_dir is rewritten on the loop after every change (changes that
// come together, e.g. both SAs of a CHILD_SA, are written once).
#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "daemon/commands.hpp"
#include "daemon/daemon.hpp"
#include "daemon/key_export.hpp"

namespace oakley::daemon {

using control::Json;
using control::ReplyPtr;

void Daemon::apply_key_export_config() {
  const auto& d = config_->daemon;
  bool was = key_log_.enabled();
  key_log_.set_enabled(d.keys_exported());
  if (d.keys_exported() != was) {
    std::string where = d.export_keys_dir.empty() ? "" : " and written to " + d.export_keys_dir;
    if (d.keys_exported()) {
      log::warn("daemon", "Wireshark key export is ON: keys of new SAs are kept for export{}",
                where);
    } else {
      log::warn("daemon", "Wireshark key export is off: kept keys wiped");
    }
  }
  if (!key_dir_.empty() && key_dir_ != d.export_keys_dir) {
    // The folder the daemon no longer keeps current would go on holding keys: empty its tables.
    if (auto st = write_key_files(ike::KeyLog{}, key_files_in(key_dir_)); !st) {
      log::error("daemon", "Wireshark key export: {}", st.error().message);
    }
  }
  key_dir_ = d.export_keys_dir;
  if (d.export_keys_dir.empty()) {
    key_log_.set_on_change({});
    return;
  }
  key_log_.set_on_change([this] {
    if (!key_dir_write_pending_.exchange(true)) loop_.post([this] { write_key_dir(); });
  });
  write_key_dir();
}

void Daemon::write_key_dir() {
  key_dir_write_pending_ = false;
  const auto& dir = config_->daemon.export_keys_dir;
  if (dir.empty()) return;
  if (auto st = write_key_files(key_log_, key_files_in(dir)); !st) {
    log::error("daemon", "Wireshark key export: {}", st.error().message);
  }
}

namespace {

std::string path_arg(const Json& args, const char* name) {
  auto it = args.find(name);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void export_keys(const Daemon& daemon, const Json& args, const ReplyPtr& reply) {
  KeyFiles files;
  if (auto dir = path_arg(args, "dir"); !dir.empty()) files = key_files_in(dir);
  if (auto p = path_arg(args, "ikev2"); !p.empty()) files.ikev2 = p;
  if (auto p = path_arg(args, "ikev1"); !p.empty()) files.ikev1 = p;
  if (auto p = path_arg(args, "esp"); !p.empty()) files.esp = p;
  for (const auto* path : {&files.ikev2, &files.ikev1, &files.esp}) {
    if (!path->empty() && path->front() != '/')
      return reply->fail(fmt::format("'{}' is not an absolute path", *path));
  }
  if (files.ikev2.empty() && files.ikev1.empty() && files.esp.empty())
    return reply->fail("name at least one file: ikev2, ikev1, esp or dir");
  const auto& log = daemon.key_log();
  if (!log.enabled()) {
    return reply->fail(
        "key export is off: set export_keys = yes in the oakley section and reload; the keys of "
        "SAs set up after that can be exported");
  }
  if (auto st = write_key_files(log, files); !st) return reply->fail(st.error().message);
  auto ike = log.ike_sas();
  auto esp = log.esp_sas();
  std::size_t v1 = std::count_if(ike.begin(), ike.end(), [](auto& k) { return k.version == 1; });
  log::warn("daemon", "exported the keys of {} IKE SA(s) and {} ESP SA(s) for Wireshark",
            ike.size(), esp.size());
  Json written = Json::array();
  for (const auto* path : {&files.ikev2, &files.ikev1, &files.esp})
    if (!path->empty()) written.push_back(*path);
  reply->ok({{"message", fmt::format("wrote the keys of {} IKEv2 SA(s), {} IKEv1 SA(s) and {} ESP "
                                     "SA(s) (secrets: mode 0600) to {}",
                                     ike.size() - v1, v1, esp.size(), written.dump())},
             {"ikev2_sas", ike.size() - v1},
             {"ikev1_sas", v1},
             {"esp_sas", esp.size()},
             {"files", written}});
}

}  // namespace

void register_key_commands(control::Server& server, Daemon& daemon) {
  server.register_command("export-keys", [&daemon](const Json& args, ReplyPtr reply) {
    export_keys(daemon, args, reply);
  });
}

}  // namespace oakley::daemon
