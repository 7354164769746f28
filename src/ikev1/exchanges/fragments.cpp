#include "ikev1/exchanges/fragments.hpp"

#include <fmt/format.h>

namespace oakley::ikev1 {

void FragmentReassembler::prune(TimePoint now) {
  std::erase_if(partial_, [&](const auto& e) { return now - e.second.started > kTimeout; });
}

std::optional<Bytes> FragmentReassembler::add(std::uint64_t icookie, const Endpoint& from,
                                              const wire::ikev1::FragmentPayload& piece,
                                              TimePoint now, std::string* why) {
  prune(now);
  auto key = std::make_tuple(icookie, from, piece.id);
  auto refuse = [&](std::string reason) -> std::optional<Bytes> {
    partial_.erase(key);
    if (why) *why = std::move(reason);
    return std::nullopt;
  };
  if (piece.number > kMaxPieces) {
    return refuse(
        fmt::format("fragment number {} exceeds the {} we accept", piece.number, kMaxPieces));
  }
  if (!partial_.contains(key) && partial_.size() >= kMaxPending) {
    return refuse(fmt::format("{} messages are already being reassembled", kMaxPending));
  }
  auto& p = partial_[key];
  if (p.pieces.empty()) p.started = now;
  if (!p.pieces.emplace(piece.number, piece.data).second) return std::nullopt;  // a duplicate
  p.bytes += piece.data.size();
  if (p.bytes > kMaxBytes) {
    return refuse(fmt::format("fragments add up to more than {} bytes", kMaxBytes));
  }
  if (piece.last()) p.last = piece.number;
  if (!p.last || p.pieces.size() < p.last) return std::nullopt;
  if (p.pieces.size() > p.last) return refuse("pieces numbered after the one flagged LAST");
  Bytes whole;
  whole.reserve(p.bytes);
  for (auto& [n, data] : p.pieces)
    append(whole, data);
  partial_.erase(key);
  return whole;
}

}  // namespace oakley::ikev1
