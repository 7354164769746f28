#include "common/file_permissions.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.hpp"

namespace oakley {

std::optional<std::string> secret_file_exposure(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return std::nullopt;
  const unsigned mode = info.st_mode & 07777;
  if (info.st_mode & (S_IROTH | S_IWOTH))
    return fmt::format("readable or writable by every user (mode {:04o})", mode);
  if (info.st_mode & S_IWGRP)
    return fmt::format("writable by its group, gid {} (mode {:04o})", info.st_gid, mode);
  if (info.st_uid != 0 && info.st_uid != ::geteuid())
    return fmt::format("owned by uid {}, who can rewrite it", info.st_uid);
  return std::nullopt;
}

bool warn_if_secret_file_exposed(const std::string& path, std::string_view what) {
  auto why = secret_file_exposure(path);
  if (!why) return false;
  log::warn("config", "{} {} is {}: chmod 600 (640 with the daemon's group), owner root", what,
            path, *why);
  return true;
}

}  // namespace oakley
