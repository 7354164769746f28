// Section references ("conn-a : conn-defaults, eap-defaults { ... }", strongswan.conf(5)): the
// referencing section inherits every value and sub-section of the referenced ones, recursively;
// its own values win. Resolution makes a resolved copy, so a template can be used many times.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "config/settings_parser.hpp"

namespace oakley::config {

namespace {

// References can multiply a small file into a huge tree (many sections inheriting a large
// template); these bound the work and the memory.
constexpr int kMaxResolveSteps = 100000;
constexpr std::size_t kMaxInheritedSettings = 1000000;

class Resolver {
 public:
  Resolver(const SettingsSection& root, std::set<std::string>& referenced)
      : root_(root), referenced_(referenced) {}

  Result<SettingsSection> resolve(const SettingsSection& s, const std::string& path) {
    if (++steps_ > kMaxResolveSteps) {
      return make_error(
          fmt::format("{}: section references are nested too deeply", s.location.to_string()));
    }
    active_.push_back(path);
    auto out = resolve_inner(s, path);
    active_.pop_back();
    return out;
  }

 private:
  Result<SettingsSection> resolve_inner(const SettingsSection& s, const std::string& path) {
    SettingsSection out;
    out.name = s.name;
    out.location = s.location;
    out.references = s.references;
    out.values = s.values;
    for (const auto& child : s.sections) {
      auto r = resolve(child, path.empty() ? child.name : path + "." + child.name);
      if (!r) return r.take_error();
      out.sections.push_back(std::move(r).value());
    }
    std::vector<std::string> seen;
    for (const auto& ref : s.references) {
      if (std::find(seen.begin(), seen.end(), ref) != seen.end()) continue;
      seen.push_back(ref);
      auto inherited = resolve_reference(s, ref);
      if (!inherited) return inherited.take_error();
      if (!inherit(out, **inherited)) {
        return make_error(fmt::format("{}: section references expand to more than {} settings",
                                      s.location.to_string(), kMaxInheritedSettings));
      }
    }
    return out;
  }

  Result<const SettingsSection*> resolve_reference(const SettingsSection& from,
                                                   const std::string& ref) {
    const SettingsSection* target = find_section(root_, ref);
    if (!target || ref.empty()) {
      return make_error(fmt::format("{}: section '{}' refers to '{}', which does not exist",
                                    from.location.to_string(), from.name, ref));
    }
    if (std::find(active_.begin(), active_.end(), ref) != active_.end()) {
      return make_error(
          fmt::format("{}: section '{}' refers to '{}', which contains it or refers back to it (a "
                      "reference loop)",
                      from.location.to_string(), from.name, ref));
    }
    referenced_.insert(ref);
    if (auto cached = cache_.find(ref); cached != cache_.end()) return &cached->second;
    auto resolved = resolve(*target, ref);
    if (!resolved) return resolved.take_error();
    return &cache_.emplace(ref, std::move(resolved).value()).first->second;
  }

  bool inherit(SettingsSection& dst, const SettingsSection& src) {
    // The views point into dst's vectors: reserve first so that appending never moves them.
    dst.values.reserve(dst.values.size() + src.values.size());
    dst.sections.reserve(dst.sections.size() + src.sections.size());
    std::unordered_set<std::string_view> own;
    for (const auto& v : dst.values)
      own.insert(v.key);
    for (const auto& v : src.values) {
      if (own.count(v.key)) continue;
      if (++inherited_ > kMaxInheritedSettings) return false;
      dst.values.push_back(v);
    }
    std::unordered_map<std::string_view, std::size_t> own_sections;
    for (std::size_t i = 0; i < dst.sections.size(); ++i)
      own_sections[dst.sections[i].name] = i;
    for (const auto& sub : src.sections) {
      if (auto mine = own_sections.find(sub.name); mine != own_sections.end()) {
        if (!inherit(dst.sections[mine->second], sub)) return false;
      } else {
        inherited_ += count(sub);
        if (inherited_ > kMaxInheritedSettings) return false;
        dst.sections.push_back(sub);
      }
    }
    return true;
  }

  static std::size_t count(const SettingsSection& s) {
    std::size_t n = 1 + s.values.size();
    for (const auto& sub : s.sections)
      n += count(sub);
    return n;
  }

  const SettingsSection& root_;
  std::set<std::string>& referenced_;
  std::vector<std::string> active_;
  std::map<std::string, SettingsSection> cache_;
  std::size_t inherited_ = 0;
  int steps_ = 0;
};

}  // namespace

Status resolve_references(SettingsTree& tree) {
  Resolver resolver(tree.root, tree.referenced);
  auto resolved = resolver.resolve(tree.root, "");
  if (!resolved) return resolved.take_error();
  tree.root = std::move(resolved).value();
  return {};
}

}  // namespace oakley::config
