#include "ikev1/exchanges/fragments.hpp"

#include <fmt/format.h>

namespace oakley::ikev1 {

using Verdict = FragmentReassembler::Verdict;

void FragmentReassembler::erase(std::map<Key, Partial>::iterator it) {
  total_bytes_ -= it->second.bytes;
  partial_.erase(it);
}

std::size_t FragmentReassembler::expire(TimePoint now) {
  std::size_t n = 0;
  for (auto it = partial_.begin(); it != partial_.end();) {
    if (now - it->second.started > kTimeout) {
      auto gone = it++;
      erase(gone);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

void FragmentReassembler::forget_sa(std::uint32_t sa_id) {
  if (sa_id == 0) return;
  auto it = partial_.lower_bound(Key{FragmentOwner{sa_id, 0, {}}, 0});
  while (it != partial_.end() && std::get<0>(it->first).sa_id == sa_id) {
    auto gone = it++;
    erase(gone);
  }
}

// Why a new reassembly for `owner` may not start, if it may not. Owner-less reassemblies sort
// first (sa_id 0), and an owner's own are adjacent, so the counts walk short ranges only.
std::optional<std::string> FragmentReassembler::room_for(const FragmentOwner& owner) const {
  if (partial_.size() >= kMaxPending) {
    return fmt::format("{} messages are already being reassembled", kMaxPending);
  }
  std::size_t mine = 0;
  for (auto it = partial_.lower_bound(Key{owner, 0});
       it != partial_.end() && std::get<0>(it->first) == owner; ++it) {
    ++mine;
  }
  if (mine >= kMaxPerOwner) {
    return fmt::format("{} messages of this {} are already being reassembled", mine,
                       owner.sa_id ? "ISAKMP SA" : "initiator");
  }
  if (owner.sa_id != 0) return std::nullopt;
  std::size_t unbound = 0, same_address = 0;
  for (auto it = partial_.begin(); it != partial_.end() && std::get<0>(it->first).sa_id == 0;
       ++it) {
    ++unbound;
    same_address += std::get<0>(it->first).peer.address == owner.peer.address;
  }
  if (unbound >= kMaxUnbound) {
    return fmt::format("{} first messages without an ISAKMP SA are already being reassembled",
                       unbound);
  }
  if (same_address >= kMaxUnboundPerAddress) {
    return fmt::format("{} first messages from this address are already being reassembled",
                       same_address);
  }
  return std::nullopt;
}

FragmentReassembler::Added FragmentReassembler::add(const FragmentOwner& owner,
                                                    const wire::ikev1::FragmentPayload& piece,
                                                    TimePoint now) {
  Key key{owner, piece.id};
  auto refuse = [&](Verdict v, std::string why) {
    if (auto it = partial_.find(key); it != partial_.end()) erase(it);
    return Added{v, std::nullopt, std::move(why)};
  };
  if (piece.number > kMaxPieces) {
    return refuse(Verdict::kOverLimit, fmt::format("fragment number {} exceeds the {} we accept",
                                                   piece.number, kMaxPieces));
  }
  auto it = partial_.find(key);
  if (it == partial_.end()) {
    // Refused without touching the reassemblies already under way.
    if (auto why = room_for(owner)) return Added{Verdict::kOverLimit, std::nullopt, *why};
    it = partial_.emplace(key, Partial{}).first;
    it->second.started = now;
  }
  Partial& p = it->second;
  // Exactly pieces 1..LAST make the message: nothing may be numbered above the LAST piece, and
  // only one piece may be LAST.
  if (p.last && piece.number > p.last) {
    return refuse(
        Verdict::kInconsistent,
        fmt::format("piece {} is numbered after the one flagged LAST ({})", piece.number, p.last));
  }
  if (piece.last() && p.last && p.last != piece.number) {
    return refuse(Verdict::kInconsistent,
                  fmt::format("pieces {} and {} are both flagged LAST", p.last, piece.number));
  }
  if (piece.last() && !p.pieces.empty() && p.pieces.rbegin()->first > piece.number) {
    return refuse(Verdict::kInconsistent,
                  fmt::format("piece {} arrived before piece {} flagged LAST",
                              p.pieces.rbegin()->first, piece.number));
  }
  if (p.pieces.contains(piece.number)) return Added{Verdict::kDuplicate, std::nullopt, {}};
  std::size_t size = piece.data.size();
  if (p.bytes + size > kMaxBytes) {
    return refuse(Verdict::kOverLimit,
                  fmt::format("fragments add up to more than {} bytes", kMaxBytes));
  }
  if (total_bytes_ + size > kMaxTotalBytes) {
    return refuse(Verdict::kOverLimit, fmt::format("reassemblies hold {} bytes already (limit {})",
                                                   total_bytes_, kMaxTotalBytes));
  }
  p.pieces.emplace(piece.number, piece.data);
  p.bytes += size;
  total_bytes_ += size;
  if (piece.last()) p.last = piece.number;
  // Distinct numbers, none above LAST: as many as LAST says means every one of 1..LAST.
  if (!p.last || p.pieces.size() < p.last) return Added{Verdict::kKept, std::nullopt, {}};
  Bytes whole;
  whole.reserve(p.bytes);
  for (auto& [n, data] : p.pieces)
    append(whole, data);
  erase(it);
  return Added{Verdict::kComplete, std::move(whole), {}};
}

}  // namespace oakley::ikev1
