#include "support/fake_resolver.hpp"

#include <utility>

namespace oakley::test_support {

void FakeResolver::set(const std::string& name, std::vector<IpAddress> addresses) {
  table_[name] = std::move(addresses);
}

void FakeResolver::remove(const std::string& name) {
  table_.erase(name);
}

void FakeResolver::resolve(const std::string& name, std::optional<IpAddress::Family> family,
                           Done done) {
  questions.push_back({name, family});
  timers_.schedule(delay, [this, name, family, done = std::move(done)] {
    ++answered;
    done(answer(name, family));
  });
}

// The texts glibc's getaddrinfo gives for a name it does not know and for a name without an
// address of the family asked for.
NameResolver::Addresses FakeResolver::answer(const std::string& name,
                                             std::optional<IpAddress::Family> family) const {
  auto it = table_.find(name);
  if (it == table_.end()) return make_error("Name or service not known");
  std::vector<IpAddress> out;
  for (const auto& a : it->second) {
    if (!family || a.family() == *family) out.push_back(a);
  }
  if (out.empty()) return make_error("No address associated with hostname");
  return out;
}

}  // namespace oakley::test_support
