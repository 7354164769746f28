// Reads the strongswan.conf(5) settings syntax that swanctl.conf uses:
//   section { key = value  # comment
//             sub : other.section { ... } }
//   include relative/or/absolute/*.conf
// Values run to the end of the line (or to '#' or '}'); their words are joined by one space;
// "quoted strings" keep spaces, '#' and '}' and understand \n \t \r \\ \" and line continuation.
// Includes are globs relative to the including file; their settings land in the section the
// include statement is in. References ("conn : defaults { }") are resolved after parsing.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "config/settings_tree.hpp"

namespace oakley::config {

struct ParseOptions {
  bool allow_includes = true;  // the fuzzer turns them off: it must not read the file system
  std::size_t max_file_bytes = 4u << 20;
};

Result<SettingsTree> parse_settings_file(const std::string& path, const ParseOptions& options = {});
Result<SettingsTree> parse_settings_string(std::string_view text, const std::string& name,
                                           const ParseOptions& options = {});

// Copies referenced sections' settings into the sections that reference them (the referencing
// section's own values win; inherited ones follow its own, as strongSwan orders them).
Status resolve_references(SettingsTree& tree);

}  // namespace oakley::config
