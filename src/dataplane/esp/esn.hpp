// RFC 4304 extended sequence numbers: only the low 32 bits travel in the ESP header; the receiver
// infers the high 32 bits from the top of its replay window (RFC 4303 Appendix A2.2).
#pragma once

#include <cstdint>
#include <optional>

namespace oakley::dataplane::esp {

// `top` is the highest sequence number accepted so far, `window` the replay window size (>= 1).
// nullopt when the packet would lie before sequence number 0 or after 2^64 - 1.
constexpr std::optional<std::uint32_t> infer_seq_hi(std::uint64_t top, std::uint32_t window,
                                                    std::uint32_t seq_lo) {
  const auto tl = static_cast<std::uint32_t>(top);
  const auto th = static_cast<std::uint32_t>(top >> 32);
  const std::uint32_t bottom = tl - (window - 1);  // wraps on purpose in case B
  if (tl >= window - 1) {
    // Case A: the window lies within one 2^32 span; a lower number has wrapped ahead.
    if (seq_lo >= bottom) return th;
    if (th == 0xffffffffu) return std::nullopt;
    return th + 1;
  }
  // Case B: the window straddles a wrap; numbers above `bottom` belong to the previous span.
  if (seq_lo >= bottom) {
    if (th == 0) return std::nullopt;
    return th - 1;
  }
  return th;
}

}  // namespace oakley::dataplane::esp
