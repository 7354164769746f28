#include "config/settings_tree.hpp"

#include <algorithm>

namespace oakley::config {

const SettingsValue* SettingsSection::value(std::string_view key) const {
  auto it = std::find_if(values.begin(), values.end(), [&](auto& v) { return v.key == key; });
  return it == values.end() ? nullptr : &*it;
}

const SettingsSection* SettingsSection::section(std::string_view n) const {
  auto it = std::find_if(sections.begin(), sections.end(), [&](auto& s) { return s.name == n; });
  return it == sections.end() ? nullptr : &*it;
}

SettingsSection* SettingsSection::section(std::string_view n) {
  auto it = std::find_if(sections.begin(), sections.end(), [&](auto& s) { return s.name == n; });
  return it == sections.end() ? nullptr : &*it;
}

void SettingsSection::assign(SettingsValue v) {
  auto it = std::find_if(values.begin(), values.end(), [&](auto& x) { return x.key == v.key; });
  if (it == values.end()) {
    values.push_back(std::move(v));
    return;
  }
  it->overridden.push_back(it->location);
  it->value = std::move(v.value);
  it->cleared = v.cleared;
  it->location = std::move(v.location);
}

SettingsSection& SettingsSection::open(std::string_view n, const SourceLocation& where) {
  if (auto* existing = section(n)) return *existing;
  SettingsSection s;
  s.name = std::string(n);
  s.location = where;
  sections.push_back(std::move(s));
  return sections.back();
}

const SettingsSection* find_section(const SettingsSection& root, std::string_view path) {
  const SettingsSection* at = &root;
  while (at && !path.empty()) {
    auto dot = path.find('.');
    at = at->section(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
  }
  return at;
}

}  // namespace oakley::config
