// The proposal keyword table: strongSwan's keywords (proposal_keywords_static.txt) for every
// algorithm oakley implements, and the ones strongSwan knows but oakley does not implement.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/proposal.hpp"

namespace oakley::config {

struct Keyword {
  std::string name;
  Transform transform;
};

std::optional<Transform> find_keyword(std::string_view name);
// A strongSwan keyword for an algorithm oakley does not implement (Camellia, Blowfish, NTRU...).
bool is_unimplemented_keyword(std::string_view name);
const std::vector<Keyword>& all_keywords();

}  // namespace oakley::config
