// "did you mean" hints for misspelled keys, sections and keywords.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace oakley::config {

// Edit distance with adjacent transpositions ("remtoe" is one step from "remote").
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo.
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// " (did you mean 'x'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace oakley::config
