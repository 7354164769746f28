#include "ike/message_counters.hpp"

#include <algorithm>
#include <iterator>
#include <utility>

namespace oakley::ike {

namespace {

// The IKE header of both versions carries the exchange type at byte 18.
constexpr std::size_t kExchangeOffset = 18;
constexpr std::size_t kHeaderSize = 28;

struct KnownExchange {
  std::uint8_t id;
  std::string_view name;
};

// As the wire layer names them in logs (wire/ikev2/names.cpp, wire/ikev1/names.cpp).
constexpr KnownExchange kIkev2Exchanges[] = {{34, "IKE_SA_INIT"},      {35, "IKE_AUTH"},
                                             {36, "CREATE_CHILD_SA"},  {37, "INFORMATIONAL"},
                                             {43, "IKE_INTERMEDIATE"}, {44, "IKE_FOLLOWUP_KE"}};
constexpr KnownExchange kIkev1Exchanges[] = {{2, "ID_PROT"},
                                             {4, "AGGRESSIVE"},
                                             {5, "INFORMATIONAL_V1"},
                                             {6, "TRANSACTION"},
                                             {32, "QUICK_MODE"}};

}  // namespace

std::string_view message_result_name(MessageResult r) {
  switch (r) {
    case MessageResult::kProcessed:
      return "processed";
    case MessageResult::kInvalid:
      return "invalid";
    case MessageResult::kUnknownSa:
      return "unknown_sa";
    case MessageResult::kUnexpectedId:
      return "unexpected_id";
    case MessageResult::kReplay:
      return "replay";
    case MessageResult::kRetransmit:
      return "retransmit";
    case MessageResult::kBusy:
      return "busy";
    case MessageResult::kHalfOpenLimit:
      return "half_open_limit";
    case MessageResult::kCookie:
      return "cookie";
    case MessageResult::kFragment:
      return "fragment";
    case MessageResult::kSent:
      return "sent";
    case MessageResult::kCount:
      break;
  }
  return "unknown";
}

std::string_view message_direction_name(MessageDirection d) {
  return d == MessageDirection::kIn ? "in" : "out";
}

MessageCounters::MessageCounters(int ike_version) : version_(ike_version) {
  // Each version's exchanges and "other" must fit the fixed rows.
  static_assert(std::size(kIkev2Exchanges) + 1 <= kSlots);
  static_assert(std::size(kIkev1Exchanges) + 1 <= kSlots);
  auto add_known = [this](const auto& table) {
    for (const auto& e : table) {
      exchange_ids_[known_] = e.id;
      names_[known_] = e.name;
      ++known_;
    }
  };
  if (ike_version == 1) {
    add_known(kIkev1Exchanges);
  } else {
    add_known(kIkev2Exchanges);
  }
  names_[known_] = "other";
}

std::size_t MessageCounters::slot_of(ByteView message) const {
  if (message.size() < kHeaderSize) return known_;
  auto id = message[kExchangeOffset];
  for (std::size_t i = 0; i < known_; ++i) {
    if (exchange_ids_[i] == id) return i;
  }
  return known_;
}

void MessageCounters::add(std::size_t slot, MessageDirection d, MessageResult r) {
  ++counts_[slot][static_cast<std::size_t>(d)][static_cast<std::size_t>(r)];
}

void MessageCounters::received(ByteView message, MessageResult result) {
  add(slot_of(message), MessageDirection::kIn, result);
}

void MessageCounters::sent(ByteView message, std::uint64_t retransmissions) {
  bool again = retransmissions != last_retransmissions_;
  last_retransmissions_ = retransmissions;
  add(slot_of(message), MessageDirection::kOut,
      again ? MessageResult::kRetransmit : MessageResult::kSent);
}

std::vector<MessageCounters::Row> MessageCounters::rows() const {
  std::vector<Row> out;
  for (std::size_t s = 0; s <= known_; ++s) {
    for (std::size_t d = 0; d < 2; ++d) {
      for (std::size_t r = 0; r < kMessageResultCount; ++r) {
        if (auto n = counts_[s][d][r]) {
          out.push_back(
              {names_[s], static_cast<MessageDirection>(d), static_cast<MessageResult>(r), n});
        }
      }
    }
  }
  return out;
}

}  // namespace oakley::ike
