// The proposal keyword table: strongSwan's keywords (proposal_keywords_static.txt) for every
// algorithm oakley implements, and the ones strongSwan knows but oakley does not implement with
// the reason.
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
// For a strongSwan keyword of an algorithm oakley does not implement (Serpent, Twofish, NTRU,
// ML-KEM, ...): why not, in words; nullopt for anything else.
std::optional<std::string> unimplemented_reason(std::string_view name);
const std::vector<Keyword>& all_keywords();

}  // namespace oakley::config
