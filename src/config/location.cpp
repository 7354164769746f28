#include "config/location.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace oakley::config {

namespace {
constexpr std::size_t kMaxReportedErrors = 50;
}

std::string SourceLocation::to_string() const {
  return fmt::format("{}:{}", file, line);
}

void ErrorList::add(const SourceLocation& where, const std::string& message) {
  if (full()) {
    ++dropped_;
    return;
  }
  where_.push_back(where);
  lines_.push_back(fmt::format("{}: {}", where.to_string(), message));
}

void ErrorList::warn(const SourceLocation& where, const std::string& message) {
  std::string line = fmt::format("{}: {}", where.to_string(), message);
  // The same algorithm in the same place warns once (templates may repeat a section).
  if (warnings_.size() < kMaxKept &&
      std::find(warnings_.begin(), warnings_.end(), line) == warnings_.end())
    warnings_.push_back(std::move(line));
}

Error ErrorList::to_error() const {
  std::vector<std::string> files;
  auto rank = [&](const std::string& f) {
    auto it = std::find(files.begin(), files.end(), f);
    if (it == files.end()) it = files.insert(files.end(), f);
    return it - files.begin();
  };
  std::vector<std::size_t> order(lines_.size());
  std::vector<std::pair<std::ptrdiff_t, int>> keys;
  for (std::size_t i = 0; i < lines_.size(); ++i) {
    order[i] = i;
    keys.emplace_back(rank(where_[i].file), where_[i].line);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return keys[a] < keys[b]; });
  std::string text;
  for (std::size_t i = 0; i < order.size() && i < kMaxReportedErrors; ++i) {
    if (i) text += '\n';
    text += lines_[order[i]];
  }
  if (size() > kMaxReportedErrors) {
    text += fmt::format("\n... and {} more errors", size() - kMaxReportedErrors);
  }
  return make_error(std::move(text));
}

}  // namespace oakley::config
