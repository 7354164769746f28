// The IKE SAs of one engine and the ways to find them, written once for both versions: by the
// operator's id (from the SaIds both engines share), by our SPI (the IKEv2 SPI or IKEv1 cookie
// we chose, which a received message names), by connection, and by identity (INITIAL_CONTACT and
// uniqueness). It also holds the operator's completions waiting on an SA or a CHILD_SA. Each
// engine keeps its own SA type (ikev2::IkeSa, ikev1::IsakmpSa) and decides what the SAs do; the
// registry owns them and keeps the indexes consistent as they come and go.
#pragma once

#include <cstdint>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include "dataplane/types.hpp"
#include "ike/completions.hpp"
#include "ike/identity.hpp"
#include "ike/sa_ids.hpp"

namespace oakley::ike {

// SA ids by identity key; an SA is under one key at most.
class IdentityIndex {
 public:
  // The key of a connection's SA between two identities. Length-prefixed parts: identity bytes
  // may hold anything, so no separator is safe.
  static std::string key(std::string_view connection, const WireId& local, const WireId& remote);

  // Files `id` under `key` (moving it if it was under another).
  void add(std::uint32_t id, std::string key);
  void remove(std::uint32_t id);
  // The ids under `key`, lowest (oldest) first.
  std::vector<std::uint32_t> ids(const std::string& key) const;

 private:
  std::unordered_map<std::string, std::set<std::uint32_t>> by_key_;
  std::unordered_map<std::uint32_t, std::string> key_of_;
};

template <class Sa>
class SaRegistry {
  struct Entry {
    std::unique_ptr<Sa> sa;
    std::uint64_t spi = 0;
  };
  using Entries = std::map<std::uint32_t, Entry>;

  // Walks the SAs in id order (oldest first), yielding pointers to them.
  template <class EntryIt, class Ptr>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Ptr;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Ptr;
    Iterator() = default;
    explicit Iterator(EntryIt it) : it_(it) {}
    Ptr operator*() const { return it_->second.sa.get(); }
    Iterator& operator++() {
      ++it_;
      return *this;
    }
    Iterator operator++(int) {
      auto old = *this;
      ++it_;
      return old;
    }
    bool operator==(const Iterator& other) const { return it_ == other.it_; }

   private:
    EntryIt it_{};
  };

 public:
  using iterator = Iterator<typename Entries::iterator, Sa*>;
  using const_iterator = Iterator<typename Entries::const_iterator, const Sa*>;

  explicit SaRegistry(SaIds& ids) : ids_(ids) {}
  SaRegistry(const SaRegistry&) = delete;
  SaRegistry& operator=(const SaRegistry&) = delete;

  // A new SA under a fresh id (its constructor's first argument, `args` follow), found by
  // `our_spi` from now on.
  template <class... Args>
  Sa& emplace(std::uint64_t our_spi, Args&&... args) {
    std::uint32_t id = ids_.next_ike_id();
    auto sa = std::make_unique<Sa>(id, std::forward<Args>(args)...);
    Sa& ref = *sa;
    by_spi_[our_spi] = &ref;
    entries_.emplace(id, Entry{std::move(sa), our_spi});
    return ref;
  }

  // Removes `sa` from every index and destroys it.
  void erase(const Sa& sa) {
    auto it = entries_.find(sa.id);
    if (it == entries_.end()) return;
    identities_.remove(sa.id);
    by_spi_.erase(it->second.spi);
    entries_.erase(it);  // destroys `sa`
  }

  Sa* find(std::uint32_t id) {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : it->second.sa.get();
  }
  const Sa* find(std::uint32_t id) const {
    auto it = entries_.find(id);
    return it == entries_.end() ? nullptr : it->second.sa.get();
  }
  Sa* find_by_spi(std::uint64_t our_spi) {
    auto it = by_spi_.find(our_spi);
    return it == by_spi_.end() ? nullptr : it->second;
  }
  bool spi_in_use(std::uint64_t spi) const { return by_spi_.contains(spi); }
  std::size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }

  iterator begin() { return iterator(entries_.begin()); }
  iterator end() { return iterator(entries_.end()); }
  const_iterator begin() const { return const_iterator(entries_.begin()); }
  const_iterator end() const { return const_iterator(entries_.end()); }
  // Every SA's id, oldest first: for walks that may remove SAs.
  std::vector<std::uint32_t> ids() const {
    std::vector<std::uint32_t> out;
    for (const auto& [id, entry] : entries_)
      out.push_back(id);
    return out;
  }

  // The SAs of the connection named `name`, oldest first.
  std::vector<Sa*> of_connection(std::string_view name) {
    std::vector<Sa*> out;
    for (Sa* sa : *this) {
      if (sa->connection && sa->connection->name == name) out.push_back(sa);
    }
    return out;
  }
  std::vector<const Sa*> of_connection(std::string_view name) const {
    std::vector<const Sa*> out;
    for (const Sa* sa : *this) {
      if (sa->connection && sa->connection->name == name) out.push_back(sa);
    }
    return out;
  }

  // The SA and CHILD_SA that hold a data-plane SA (by its direction's SPI), or two nulls. Walks
  // every SA: for data-plane events (rekey and expiry), not per packet.
  auto holding(const dataplane::SaId& id) {
    using Child = std::remove_pointer_t<decltype(std::declval<Sa&>().find_child_by_spi_in(0))>;
    for (Sa* sa : *this) {
      Child* c = id.direction == dataplane::Direction::kInbound ? sa->find_child_by_spi_in(id.spi)
                                                                : sa->find_child_by_spi_out(id.spi);
      if (c) return std::pair<Sa*, Child*>{sa, c};
    }
    return std::pair<Sa*, Child*>{nullptr, nullptr};
  }

  // The identity index (see IdentityIndex::key): one lookup instead of a walk over every SA.
  void index_identity(const Sa& sa, std::string key) { identities_.add(sa.id, std::move(key)); }
  // The SAs filed under `key`, oldest first (`sa` itself too, if it is).
  std::vector<Sa*> with_identity(const std::string& key) {
    std::vector<Sa*> out;
    for (auto id : identities_.ids(key)) {
      if (Sa* sa = find(id)) out.push_back(sa);
    }
    return out;
  }

  // A CHILD_SA's id, from the same allocator as every engine's.
  std::uint32_t next_child_id() { return ids_.next_child_id(); }

  // The operator's completions waiting on an IKE SA or a CHILD_SA, by its id.
  Completions& ike_completions() { return ike_completions_; }
  Completions& child_completions() { return child_completions_; }

 private:
  SaIds& ids_;
  Entries entries_;                                // owns the SAs, by id
  std::unordered_map<std::uint64_t, Sa*> by_spi_;  // by our SPI (IKEv2) or cookie (IKEv1)
  IdentityIndex identities_;
  Completions ike_completions_;
  Completions child_completions_;
};

}  // namespace oakley::ike
