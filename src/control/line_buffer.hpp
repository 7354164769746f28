// Splits a byte stream into newline-terminated lines, refusing lines longer than a limit so a
// client cannot make us buffer without bound.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace oakley::control {

class LineBuffer {
 public:
  enum class Next { kLine, kNeedMore, kTooLong };

  explicit LineBuffer(std::size_t max_line) : max_line_(max_line) {}

  void append(std::string_view data) { data_.append(data); }
  // kLine fills `line` (without "\n" or a trailing "\r"). kTooLong is final: the stream cannot be
  // resynchronised, the connection should be closed.
  Next next(std::string& line);
  std::size_t buffered() const { return data_.size() - start_; }

 private:
  void compact();

  std::string data_;
  std::size_t start_ = 0;    // first byte not yet returned
  std::size_t scanned_ = 0;  // no newline before this offset
  std::size_t max_line_;
  bool too_long_ = false;
};

}  // namespace oakley::control
