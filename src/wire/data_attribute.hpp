// ISAKMP data attributes (RFC 2408 3.3): the TV/TLV encoding shared by IKEv1 transform attributes,
// IKEv1 Mode Config attributes and IKEv2 transform attributes (RFC 7296 3.3.5). The AF bit picks
// the form: basic (TV, a 2-byte value in the header) or variable (TLV, a 2-byte length + value).
#pragma once

#include <cstdint>
#include <optional>
#include <type_traits>
#include <variant>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {

struct DataAttribute {
  std::uint16_t type = 0;                      // without the AF bit
  std::variant<std::uint16_t, Bytes> value{};  // uint16_t: basic (TV); Bytes: variable (TLV)

  static DataAttribute basic(std::uint16_t type, std::uint16_t v) { return {type, v}; }
  static DataAttribute variable(std::uint16_t type, Bytes v) { return {type, std::move(v)}; }
  // A number in the smallest form that holds it: basic up to 0xffff, else a 4- or 8-byte TLV
  // (RFC 2409 lifetimes such as 86400 s are sent as "len=4 value=00015180").
  static DataAttribute integer(std::uint16_t type, std::uint64_t v);
  template <typename E>
  requires std::is_enum_v<E>
  static DataAttribute integer(E type, std::uint64_t v) {
    return integer(static_cast<std::uint16_t>(type), v);
  }

  bool is_basic() const { return value.index() == 0; }
  // The value as a number whatever its encoding: a basic value, or a variable value of up to 8
  // significant bytes (big-endian). nullopt for an empty or longer variable value.
  std::optional<std::uint64_t> as_integer() const;
  // The value bytes as on the wire (2 bytes for a basic attribute).
  Bytes raw_value() const;

  bool operator==(const DataAttribute&) const = default;
};

// Parses attributes until `data` ends; an attribute running past the end is an Error.
Result<std::vector<DataAttribute>> parse_data_attributes(ByteView data);
void encode_data_attribute(Writer& w, const DataAttribute& a);
void encode_data_attributes(Writer& w, const std::vector<DataAttribute>& attrs);

// The first attribute of `type`, or nullptr.
const DataAttribute* find_attribute(const std::vector<DataAttribute>& attrs, std::uint16_t type);
template <typename E>
requires std::is_enum_v<E>
const DataAttribute* find_attribute(const std::vector<DataAttribute>& attrs, E type) {
  return find_attribute(attrs, static_cast<std::uint16_t>(type));
}
// The first attribute of `type` as a number (see DataAttribute::as_integer).
template <typename T>
std::optional<std::uint64_t> attribute_value(const std::vector<DataAttribute>& attrs, T type) {
  const DataAttribute* a = find_attribute(attrs, type);
  return a ? a->as_integer() : std::nullopt;
}

}  // namespace oakley::wire
