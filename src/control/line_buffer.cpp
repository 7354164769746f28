#include "control/line_buffer.hpp"

namespace oakley::control {

LineBuffer::Next LineBuffer::next(std::string& line) {
  if (too_long_) return Next::kTooLong;
  std::size_t newline = data_.find('\n', std::max(start_, scanned_));
  if (newline == std::string::npos) {
    scanned_ = data_.size();
    too_long_ = buffered() > max_line_;
    compact();
    return too_long_ ? Next::kTooLong : Next::kNeedMore;
  }
  std::size_t length = newline - start_;
  if (length > max_line_) {
    too_long_ = true;
    return Next::kTooLong;
  }
  if (length > 0 && data_[newline - 1] == '\r') --length;
  line.assign(data_, start_, length);
  start_ = newline + 1;
  scanned_ = start_;
  return Next::kLine;
}

void LineBuffer::compact() {
  if (start_ == 0) return;
  data_.erase(0, start_);
  scanned_ -= start_;
  start_ = 0;
}

}  // namespace oakley::control
