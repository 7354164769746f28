// Store::load: finding and reading the files a configuration names.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <filesystem>

#include "common/file_permissions.hpp"
#include "common/log.hpp"
#include "credentials/store.hpp"

namespace oakley::credentials {

namespace fs = std::filesystem;

namespace {

constexpr const char* kKeyFolders[] = {"private", "rsa", "ecdsa", "pkcs8"};

std::string resolve(const std::string& base_dir, const char* folder, const std::string& name) {
  if (fs::path(name).is_absolute()) return name;
  return (fs::path(base_dir) / folder / name).string();
}

std::vector<std::string> files_in(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.is_regular_file(ec)) out.push_back(e.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The passphrase of a private<suffix> (rsa, ecdsa, pkcs8) secret that names this file.
ByteView passphrase_for(const config::Config& cfg, const std::string& base_dir,
                        const std::string& path) {
  for (const auto& p : cfg.key_passphrases) {
    const char* folder = p.kind == "private" ? "private" : p.kind.c_str();
    if (fs::path(resolve(base_dir, folder, p.file)).lexically_normal() ==
        fs::path(path).lexically_normal())
      return p.secret.view();
  }
  return {};
}

// Every private key beside the configuration. Keys that cannot be read are only logged here:
// they matter (and become an error) only when a connection's certificate needs one of them.
std::vector<crypto::PrivateKey> load_keys(const config::Config& cfg, const std::string& base_dir,
                                          std::vector<std::string>& unreadable) {
  std::vector<crypto::PrivateKey> keys;
  std::vector<std::string> paths;
  for (const char* folder : kKeyFolders) {
    auto more = files_in((fs::path(base_dir) / folder).string());
    paths.insert(paths.end(), more.begin(), more.end());
  }
  for (const auto& p : cfg.key_passphrases) {
    auto path = resolve(base_dir, p.kind == "private" ? "private" : p.kind.c_str(), p.file);
    if (std::find(paths.begin(), paths.end(), path) == paths.end()) paths.push_back(path);
  }
  for (const auto& path : paths) {
    warn_if_secret_file_exposed(path, "private key");
    auto key = crypto::PrivateKey::load_file(path, passphrase_for(cfg, base_dir, path));
    if (key) {
      keys.push_back(std::move(*key));
    } else {
      log::warn("config", "private key {} not loaded: {}", path, key.error().message);
      unreadable.push_back(fmt::format("{} ({})", path, key.error().message));
    }
  }
  return keys;
}

std::vector<crypto::Certificate> load_certs(const std::vector<std::string>& names,
                                            const std::string& base_dir, const char* folder,
                                            const config::SourceLocation& where,
                                            config::ErrorList& errors) {
  std::vector<crypto::Certificate> out;
  for (const auto& name : names) {
    auto cert = crypto::Certificate::load_file(resolve(base_dir, folder, name));
    if (cert) {
      out.push_back(std::move(*cert));
    } else {
      errors.add(where, fmt::format("certificate '{}': {}", name, cert.error().message));
    }
  }
  return out;
}

std::optional<LocalCredential> pair_with_key(const crypto::Certificate& cert,
                                             const std::vector<crypto::PrivateKey>& keys) {
  for (const auto& key : keys) {
    if (key.public_key().same_key(cert.public_key())) return LocalCredential{cert, key};
  }
  return std::nullopt;
}

// Files swanctl would load from a folder; unreadable ones are logged and skipped, as swanctl does.
template <typename T>
std::vector<T> load_folder(const std::string& base_dir, const char* folder, const char* what) {
  std::vector<T> out;
  for (const auto& path : files_in((fs::path(base_dir) / folder).string())) {
    auto item = T::load_file(path);
    if (item) {
      out.push_back(std::move(*item));
    } else {
      log::warn("config", "{} {} not loaded: {}", what, path, item.error().message);
    }
  }
  return out;
}

// A pinned certificate outside its validity would fail every authentication; say so at load.
void warn_pinned_validity(const config::Connection& conn,
                          const std::vector<crypto::Certificate>& pinned) {
  for (const auto& p : pinned) {
    if (auto st = p.check_validity(); !st) {
      log::warn("config", "remote.certs of connection '{}': {}; the peer will be refused",
                conn.name, st.error().message);
    }
  }
}

}  // namespace

void Store::load_authorities(const config::Config& cfg, const std::string& base_dir,
                             config::ErrorList& errors) {
  for (const auto& a : cfg.authorities) {
    auto ca = crypto::Certificate::load_file(resolve(base_dir, "x509ca", a.cacert));
    if (!ca) {
      errors.add(a.location, fmt::format("authority '{}': {}", a.name, ca.error().message));
      continue;
    }
    if (std::none_of(all_cas_.begin(), all_cas_.end(),
                     [&](const crypto::Certificate& c) { return c == *ca; }))
      all_cas_.push_back(*ca);
    authorities_.push_back(AuthorityUris{*ca, a.crl_uris, a.ocsp_uris});
  }
}

std::shared_ptr<const Store> Store::load(const config::Config& cfg, const std::string& base_dir,
                                         config::ErrorList& errors,
                                         std::shared_ptr<RevocationFetcher> fetcher) {
  auto store = std::make_shared<Store>();
  store->all_cas_ = load_folder<crypto::Certificate>(base_dir, "x509ca", "CA certificate");
  store->crls_ = load_folder<crypto::Crl>(base_dir, "x509crl", "CRL");
  store->ocsp_signers_ =
      load_folder<crypto::Certificate>(base_dir, "x509ocsp", "OCSP signer certificate");
  store->load_authorities(cfg, base_dir, errors);
  store->fetcher_ = std::move(fetcher);
  store->fetch_timeout_ = cfg.daemon.fetch_timeout;
  std::vector<std::string> unreadable;
  std::vector<crypto::PrivateKey> keys;
  bool keys_loaded = false;
  for (const auto& conn : cfg.connections) {
    PerConnection pc;
    if (!conn.local.empty() && !conn.local.front().certs.empty()) {
      const auto& round = conn.local.front();
      if (!keys_loaded) keys = load_keys(cfg, base_dir, unreadable);
      keys_loaded = true;
      auto certs = load_certs(round.certs, base_dir, "x509", round.location, errors);
      if (!certs.empty()) {
        pc.local = pair_with_key(certs.front(), keys);
        if (!pc.local) {
          std::string unread = unreadable.empty() ? ""
                                                  : fmt::format("; unreadable keys: {}",
                                                                fmt::join(unreadable, ", "));
          errors.add(round.location,
                     fmt::format("no private key in private/, rsa/, ecdsa/ or pkcs8/ beside the "
                                 "configuration matches certificate '{}' (\"{}\"){}",
                                 round.certs.front(), certs.front().subject_text(), unread));
        }
      }
    }
    if (!conn.remote.empty()) {
      const auto& round = conn.remote.front();
      pc.cas = load_certs(round.cacerts, base_dir, "x509ca", round.location, errors);
      pc.pinned = load_certs(round.certs, base_dir, "x509", round.location, errors);
      warn_pinned_validity(conn, pc.pinned);
    }
    store->connections_.emplace(conn.name, std::move(pc));
  }
  return store;
}

}  // namespace oakley::credentials
