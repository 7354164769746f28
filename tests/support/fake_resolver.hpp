// FakeResolver: DNS for tests. Names resolve from a table the test edits (set, remove); the answer
// is looked up when it is delivered, through the TimerService after `delay` (zero: at the next
// timer run), never from inside resolve(), as the daemon's resolver answers on a later loop turn.
// Every question is recorded.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/name_resolver.hpp"
#include "common/timer_service.hpp"

namespace oakley::test_support {

class FakeResolver final : public NameResolver {
 public:
  struct Question {
    std::string name;
    std::optional<IpAddress::Family> family;
  };

  explicit FakeResolver(TimerService& timers) : timers_(timers) {}

  void set(const std::string& name, std::vector<IpAddress> addresses);
  void remove(const std::string& name);
  void resolve(const std::string& name, std::optional<IpAddress::Family> family,
               Done done) override;

  Duration delay = Duration::zero();
  std::vector<Question> questions;
  std::size_t answered = 0;

 private:
  Addresses answer(const std::string& name, std::optional<IpAddress::Family> family) const;

  TimerService& timers_;
  std::map<std::string, std::vector<IpAddress>> table_;
};

}  // namespace oakley::test_support
