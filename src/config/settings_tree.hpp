// The strongSwan settings tree (strongswan.conf(5) syntax, which swanctl.conf uses): sections of
// key/value pairs and sub-sections. A section that appears twice is one section (the later one
// extends it); a key assigned twice keeps the later value, as strongSwan does, but remembers
// every assignment's line.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/secret_string.hpp"
#include "config/location.hpp"

namespace oakley::config {

struct SettingsValue {
  std::string key;
  // Tokens joined by one space; quotes and escapes resolved. Any value may be a secret (a PSK,
  // a password): it lives in wiped memory until the loaders decode it.
  SecretString value;
  bool cleared = false;     // "key =" with nothing after it: the default applies again
  SourceLocation location;  // the assignment in force
  std::vector<SourceLocation> overridden;  // earlier assignments of the same key, oldest first
};

struct SettingsSection {
  std::string name;                     // empty for the root
  SourceLocation location;              // where the section was first opened
  std::vector<std::string> references;  // "name : a, b.c { ... }": absolute section names
  std::vector<SettingsValue> values;    // in order of first assignment
  std::vector<SettingsSection> sections;

  const SettingsValue* value(std::string_view key) const;
  const SettingsSection* section(std::string_view name) const;
  SettingsSection* section(std::string_view name);
  // Later assignment wins; the earlier location moves to `overridden`.
  void assign(SettingsValue v);
  // The existing section of that name, or a new one opened at `where`.
  SettingsSection& open(std::string_view name, const SourceLocation& where);
};

struct SettingsTree {
  SettingsSection root;
  std::vector<std::string> files;    // every file read, in order
  std::set<std::string> referenced;  // absolute names that some "name : refs" pointed at
};

// Finds a section by its absolute dotted name ("connections.site-b").
const SettingsSection* find_section(const SettingsSection& root, std::string_view path);

}  // namespace oakley::config
