#include "daemon/key_export.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ike/wireshark_keys.hpp"

namespace oakley::daemon {

namespace {

Status os_error(const std::string& what, const std::string& path) {
  return make_error(what + " " + path + ": " + std::strerror(errno));
}

}  // namespace

KeyFiles key_files_in(const std::string& dir) {
  return {dir + "/ikev2_decryption_table", dir + "/ikev1_decryption_table", dir + "/esp_sa"};
}

Status write_secret_file(const std::string& path, const SecretBytes& content) {
  std::string temp = path + ".oakley-" + std::to_string(::getpid());
  // O_EXCL|O_NOFOLLOW: never write through a link someone left at the temporary name.
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0 && errno == EEXIST) {
    ::unlink(temp.c_str());
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  }
  if (fd < 0) return os_error("cannot create", temp);
  std::size_t done = 0;
  while (done < content.size()) {
    auto n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      auto st = os_error("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return st;
    }
    done += static_cast<std::size_t>(n);
  }
  // A umask cannot widen 0600, but fchmod makes the mode explicit whatever created the inode.
  if (::fchmod(fd, 0600) != 0 || ::close(fd) != 0) {
    ::unlink(temp.c_str());
    return os_error("cannot finish", temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    auto st = os_error("cannot replace", path);
    ::unlink(temp.c_str());
    return st;
  }
  return {};
}

Status write_key_files(const ike::KeyLog& log, const KeyFiles& files) {
  auto tables = ike::wireshark_tables(log.ike_sas(), log.esp_sas());
  const std::pair<const std::string*, const SecretBytes*> outputs[] = {
      {&files.ikev2, &tables.ikev2_decryption_table},
      {&files.ikev1, &tables.ikev1_decryption_table},
      {&files.esp, &tables.esp_sa}};
  for (const auto& [path, content] : outputs) {
    if (path->empty()) continue;
    if (auto st = write_secret_file(*path, *content); !st) return st;
  }
  return {};
}

}  // namespace oakley::daemon
