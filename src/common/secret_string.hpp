// SecretString: text that may be a secret (a configuration value such as a PSK or an XAuth
// password, before it is decoded into SecretBytes). Its heap buffer is wiped when freed (also
// when the string grows and moves to a bigger one), and the short-string buffer inside the object
// is wiped when the object is destroyed, assigned or moved from: no copy of the text is left in
// freed memory.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/secret.hpp"

namespace oakley {

class SecretString {
 public:
  using Storage = std::basic_string<char, std::char_traits<char>, WipingAllocator<char>>;

  SecretString() = default;
  SecretString(std::string_view s) : s_(s) {}  // NOLINT: built from literals and views freely
  SecretString(const char* s) : s_(s) {}       // NOLINT
  SecretString(const SecretString&) = default;
  SecretString(SecretString&& o) noexcept : s_(std::move(o.s_)) { o.wipe(); }
  SecretString& operator=(const SecretString& o) {
    if (this != &o) {
      wipe();
      s_ = o.s_;
    }
    return *this;
  }
  SecretString& operator=(SecretString&& o) noexcept {
    if (this != &o) {
      wipe();
      s_ = std::move(o.s_);
      o.wipe();
    }
    return *this;
  }
  ~SecretString() { wipe(); }

  const char* data() const { return s_.data(); }
  char* data() { return s_.data(); }
  std::size_t size() const { return s_.size(); }
  bool empty() const { return s_.empty(); }
  void reserve(std::size_t n) { s_.reserve(n); }
  void clear() { wipe(); }
  SecretString& operator+=(char c) {
    s_ += c;
    return *this;
  }
  SecretString& operator+=(std::string_view v) {
    s_ += v;
    return *this;
  }

  std::string_view view() const { return {s_.data(), s_.size()}; }
  operator std::string_view() const { return view(); }  // NOLINT: parsers take views
  // A plain copy, for values that are not secret (names, addresses, proposals).
  std::string str() const { return std::string(view()); }

  friend bool operator==(const SecretString& a, const SecretString& b) {
    return a.view() == b.view();
  }
  friend bool operator==(const SecretString& a, std::string_view b) { return a.view() == b; }
  friend bool operator==(const SecretString& a, const char* b) {
    return a.view() == std::string_view(b);
  }

 private:
  // Every byte the buffer can hold (inline or on the heap), then empty.
  void wipe() {
    secure_wipe(s_.data(), s_.capacity());
    s_.clear();
  }

  Storage s_;
};

}  // namespace oakley
