// Where a piece of configuration came from: every node of the settings tree and every model
// object carries one, so that every error and log line can say "swanctl.conf:14".
#pragma once

#include <string>
#include <vector>

#include "common/result.hpp"

namespace oakley::config {

struct SourceLocation {
  std::string file;  // the path as given to the loader (or as an include resolved it)
  int line = 0;

  std::string to_string() const;  // "swanctl.conf:14"
  bool operator==(const SourceLocation&) const = default;
};

// Collects every problem of a load, so an operator fixes a file in one pass instead of one error
// per reload.
class ErrorList {
 public:
  void add(const SourceLocation& where, const std::string& message);
  // Not an error: the file loads, and the daemon logs these ("<file:line>: <message>").
  void warn(const SourceLocation& where, const std::string& message);
  const std::vector<std::string>& warnings() const { return warnings_; }
  bool empty() const { return lines_.empty(); }
  std::size_t size() const { return lines_.size() + dropped_; }
  // Past this many problems a file is hopeless; further ones are only counted.
  bool full() const { return lines_.size() >= kMaxKept; }
  const std::vector<std::string>& lines() const { return lines_; }
  // One line per problem, ordered by file (in order of first mention) and line; very long lists
  // are cut with a count.
  Error to_error() const;

 private:
  static constexpr std::size_t kMaxKept = 1000;
  std::size_t dropped_ = 0;
  std::vector<SourceLocation> where_;
  std::vector<std::string> lines_;
  std::vector<std::string> warnings_;
};

}  // namespace oakley::config
