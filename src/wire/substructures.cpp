#include "wire/substructures.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire {

namespace {

Status check_more(std::uint8_t more, std::uint8_t more_value, bool is_last, std::string_view name,
                  std::size_t index) {
  if (more != 0 && more != more_value) {
    return make_error(fmt::format("{} #{}: 'more' field is {} (expected 0 or {})", name, index,
                                  more, more_value));
  }
  if (more == 0 && !is_last) {
    return make_error(fmt::format("{} #{} is marked last but more data follows", name, index));
  }
  if (more != 0 && is_last) {
    return make_error(
        fmt::format("{} #{} announces another {} but none follows", name, index, name));
  }
  return {};
}

}  // namespace

Result<std::vector<ByteView>> split_substructures(ByteView data, std::uint8_t more_value,
                                                  std::size_t min_length, std::string_view name) {
  std::vector<ByteView> out;
  Reader r(data);
  while (!r.empty()) {
    std::size_t index = out.size() + 1;
    if (auto s = r.need(min_length, fmt::format("{} #{}", name, index)); !s) return s.take_error();
    std::uint8_t more = r.u8();
    r.skip(1);
    std::uint16_t length = r.u16();
    if (length < min_length) {
      return make_error(fmt::format("{} #{}: length {} is below the minimum {}", name, index,
                                    length, min_length));
    }
    if (auto s = r.need(length - 4u, fmt::format("{} #{} (length {})", name, index, length)); !s) {
      return s.take_error();
    }
    out.push_back(r.bytes(length - 4u));
    if (auto s = check_more(more, more_value, r.empty(), name, index); !s) return s.take_error();
  }
  return out;
}

void write_substructures(Writer& w, std::size_t count, std::uint8_t more_value,
                         const std::function<void(std::size_t)>& body) {
  for (std::size_t i = 0; i < count; ++i) {
    std::uint8_t more = i + 1 < count ? more_value : 0;
    write_with_header(w, more, 0, [&] { body(i); });
  }
}

}  // namespace oakley::wire
