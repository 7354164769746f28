// What the configuration allows of the algorithms proposals name: the legacy-provider ciphers
// only when oakley.legacy_ciphers lists them (they are weak and the provider is loaded only then),
// and a warning for every weak algorithm, with the place it was configured.
#include <fmt/format.h>

#include <algorithm>

#include "config/loaders.hpp"

namespace oakley::config {

namespace {

std::string_view legacy_keyword(EncrId id) {
  switch (id) {
    case EncrId::kDes:
      return "des";
    case EncrId::kBlowfish:
      return "blowfish";
    default:
      return "cast";
  }
}

void check_transform(const Transform& t, const SourceLocation& where, std::string_view what,
                     const DaemonSettings& daemon, ErrorList& errors) {
  const std::string name = transform_name(t);
  if (t.type == TransformType::kEncr) {
    const auto id = static_cast<EncrId>(t.id);
    const auto& allowed = daemon.legacy_ciphers;
    if (needs_legacy_provider(id) &&
        std::find(allowed.begin(), allowed.end(), id) == allowed.end()) {
      errors.add(where, fmt::format("{} use {}, which is off: it is weak and needs OpenSSL's "
                                    "legacy provider; to use it with an old peer anyway, add "
                                    "'{}' to legacy_ciphers in the oakley section",
                                    what, name, legacy_keyword(id)));
      return;
    }
  }
  if (auto why = weakness(t.type, t.id)) {
    errors.warn(where, fmt::format("{} use the weak {}: {}", what, name, *why));
  }
}

}  // namespace

void check_proposal_policy(const std::vector<Proposal>& proposals, const SourceLocation& where,
                           std::string_view what, const DaemonSettings& daemon, ErrorList& errors) {
  for (const auto& p : proposals) {
    for (const auto& t : p.transforms)
      check_transform(t, where, what, daemon, errors);
  }
}

}  // namespace oakley::config
