// Reads one section of the settings tree into a model object. Each getter marks its key as known;
// check_keys() then reports every key nobody asked for, with a suggestion, so that no setting is
// ever silently ignored. Value errors name file:line, the key, the value and what is accepted.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings_tree.hpp"

namespace oakley::config {

class SectionReader {
 public:
  // `context` names the section in messages: "connection 'site-b'", "child 'net' of connection
  // 'site-b'". `keys` are all keys this section may have.
  SectionReader(const SettingsSection& section, std::string context, ErrorList& errors,
                std::vector<std::string> keys);

  const SettingsSection& section() const { return section_; }
  const std::string& context() const { return context_; }
  ErrorList& errors() { return errors_; }

  // The assignment of `key` in force, or nullptr when unset or cleared ("key =").
  const SettingsValue* get(std::string_view key) const;

  // Parses `key` with `parse` (a function returning Result<T>) into `out`; leaves `out` as it was
  // when the key is unset or invalid (invalid values are reported). Returns true if it was set.
  template <typename T, typename Parse>
  bool read(std::string_view key, T& out, Parse parse) {
    const SettingsValue* v = get(key);
    if (!v) return false;
    auto r = parse(v->value);
    if (!r) {
      invalid(*v, r.error().message);
      return false;
    }
    out = std::move(r).value();
    return true;
  }
  template <typename T, typename Parse>
  bool read(std::string_view key, std::optional<T>& out, Parse parse) {
    T value{};
    if (!read(key, value, parse)) return false;
    out = std::move(value);
    return true;
  }
  bool read_string(std::string_view key, std::string& out);
  bool read_list(std::string_view key, std::vector<std::string>& out);

  // A strongSwan key oakley does not implement: accepted only with a value meaning "off", so
  // files that spell out the default still load; anything else is reported with `why`.
  void unsupported(std::string_view key, std::initializer_list<std::string_view> harmless,
                   std::string_view why);

  // "<file:line>: invalid <key> '<value>' in <context>: <reason>"
  void invalid(const SettingsValue& v, std::string_view reason);
  // "<file:line>: <message>" for problems that are not about one value's syntax.
  void error(const SourceLocation& where, const std::string& message);

  // Reports keys of this section that are not in `keys`.
  void check_keys();
  // Reports a sub-section that the caller does not know, with a suggestion from `candidates`.
  void unknown_section(const SettingsSection& sub, const std::vector<std::string>& candidates);

 private:
  const SettingsSection& section_;
  std::string context_;
  ErrorList& errors_;
  std::vector<std::string> keys_;
};

// A hint for keys that people carry over from ipsec.conf or write from memory, or "".
std::string migration_hint(std::string_view key);

}  // namespace oakley::config
