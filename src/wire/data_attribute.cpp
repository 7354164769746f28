#include "wire/data_attribute.hpp"

#include <fmt/format.h>

#include "wire/reader.hpp"

namespace oakley::wire {

namespace {
constexpr std::uint16_t kAfBit = 0x8000;
}

DataAttribute DataAttribute::integer(std::uint16_t type, std::uint64_t v) {
  if (v <= 0xffff) return basic(type, static_cast<std::uint16_t>(v));
  Bytes b;
  if (v <= 0xffffffffu) {
    put_be32(b, static_cast<std::uint32_t>(v));
  } else {
    put_be64(b, v);
  }
  return variable(type, std::move(b));
}

std::optional<std::uint64_t> DataAttribute::as_integer() const {
  if (const auto* v = std::get_if<std::uint16_t>(&value)) return *v;
  const Bytes& b = std::get<Bytes>(value);
  if (b.empty()) return std::nullopt;
  std::uint64_t out = 0;
  std::size_t significant = 0;
  for (std::uint8_t byte : b) {
    if (significant == 0 && byte == 0) continue;
    if (++significant > 8) return std::nullopt;
    out = (out << 8) | byte;
  }
  return out;
}

Bytes DataAttribute::raw_value() const {
  if (const auto* v = std::get_if<std::uint16_t>(&value)) {
    Bytes b;
    put_be16(b, *v);
    return b;
  }
  return std::get<Bytes>(value);
}

Result<std::vector<DataAttribute>> parse_data_attributes(ByteView data) {
  std::vector<DataAttribute> out;
  Reader r(data);
  while (!r.empty()) {
    if (auto s = r.need(4, fmt::format("attribute #{}", out.size() + 1)); !s) return s.take_error();
    std::uint16_t raw_type = r.u16();
    std::uint16_t type = raw_type & ~kAfBit;
    if (raw_type & kAfBit) {
      out.push_back(DataAttribute::basic(type, r.u16()));
      continue;
    }
    std::uint16_t len = r.u16();
    if (auto s = r.need(len, fmt::format("attribute #{} (type {}) value", out.size() + 1, type));
        !s) {
      return s.take_error();
    }
    out.push_back(DataAttribute::variable(type, r.copy(len)));
  }
  return out;
}

void encode_data_attribute(Writer& w, const DataAttribute& a) {
  if (a.type & kAfBit) w.fail();  // a 16-bit type cannot be sent in 15 bits
  if (const auto* v = std::get_if<std::uint16_t>(&a.value)) {
    w.u16(static_cast<std::uint16_t>(a.type | kAfBit));
    w.u16(*v);
    return;
  }
  const Bytes& b = std::get<Bytes>(a.value);
  w.u16(a.type);
  std::size_t len_at = w.reserve16();
  w.bytes(b);
  w.fill16(len_at, b.size());
}

void encode_data_attributes(Writer& w, const std::vector<DataAttribute>& attrs) {
  for (const auto& a : attrs)
    encode_data_attribute(w, a);
}

const DataAttribute* find_attribute(const std::vector<DataAttribute>& attrs, std::uint16_t type) {
  for (const auto& a : attrs) {
    if (a.type == type) return &a;
  }
  return nullptr;
}

}  // namespace oakley::wire
