// Helpers both versions' payload code uses over their own Payload / PayloadBody types: visiting
// the body variant, lifting a typed parse result into the variant, finding a payload in a parsed
// list, and the "[ SA KE No N(NATD_S_IP) ]" text of a list for logs.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace oakley::wire {

// std::visit with one lambda per alternative.
template <typename... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <typename... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

// A parser's Result<T> as a Result<Body> (Body: the version's payload variant).
template <typename Body, typename T>
Result<Body> lift(Result<T> r) {
  if (!r) return r.take_error();
  return Body{std::move(r).value()};
}

// The first payload of type T in `payloads` for which `match` holds, or nullptr.
template <typename T, typename Payload, typename Match>
const T* find_first(const std::vector<Payload>& payloads, Match match) {
  for (const auto& p : payloads) {
    const T* body = p.template get<T>();
    if (body && match(*body)) return body;
  }
  return nullptr;
}

// "[ a b c ]" with `describe(p)` for each payload.
template <typename Payload, typename Describe>
std::string describe_list(const std::vector<Payload>& payloads, Describe describe) {
  std::string out = "[ ";
  for (const auto& p : payloads)
    out += describe(p) + " ";
  return out + "]";
}

}  // namespace oakley::wire
