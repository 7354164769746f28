// Proposal and transform substructures of both IKE versions share one frame: "more(1) reserved(1)
// length(2) body", where `more` is a fixed value (2 for proposals, 3 for transforms) on every
// substructure except the last, which carries 0 (RFC 2408 3.5/3.6, RFC 7296 3.3.1/3.3.2).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/bytes.hpp"
#include "common/result.hpp"
#include "wire/writer.hpp"

namespace oakley::wire {

inline constexpr std::uint8_t kMoreProposals = 2;
inline constexpr std::uint8_t kMoreTransforms = 3;

// Splits `data` into the bodies (after the 4-byte frame) of consecutive substructures named
// `name` ("proposal", "transform"); each must be at least `min_length` bytes long (frame included),
// fit in `data`, and carry the right `more` value. The last one must end exactly at the end.
Result<std::vector<ByteView>> split_substructures(ByteView data, std::uint8_t more_value,
                                                  std::size_t min_length, std::string_view name);

// Writes `count` substructures, each framed with the right `more` value and its length;
// `body(i)` writes the body of the i-th one.
void write_substructures(Writer& w, std::size_t count, std::uint8_t more_value,
                         const std::function<void(std::size_t)>& body);

}  // namespace oakley::wire
