// The receive path: cookies → ISAKMP SA → exchange (message ID) → answer a retransmission
// from the cache, or decrypt with the exchange's IV → payload rules → the exchange. Quick Modes
// and informational exchanges get their own IVs from the last Phase 1 block (RFC 2409 app. B).
#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "common/log_summary.hpp"
#include "crypto/compare.hpp"
#include "crypto/ikev1_keys.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/aggressive_mode.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/main_mode.hpp"
#include "ikev1/exchanges/mode_config.hpp"
#include "ikev1/exchanges/quick_mode.hpp"
#include "ikev1/exchanges/xauth.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/describe.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using ET = w::ExchangeType;

namespace {

bool is_phase1(ET t) {
  return t == ET::kIdentityProtection || t == ET::kAggressive;
}

}  // namespace

IsakmpSa* Engine::lookup(const w::Header& h) {
  if (IsakmpSa* sa = sas_.find_by_spi(h.initiator_cookie); sa && sa->initiator) {
    if (sa->rcookie == 0 || h.responder_cookie == 0 || sa->rcookie == h.responder_cookie) return sa;
  }
  if (IsakmpSa* sa = sas_.find_by_spi(h.responder_cookie); sa && !sa->initiator) {
    if (sa->icookie == h.initiator_cookie) return sa;
  }
  return nullptr;
}

void Engine::on_packet(ByteView data, const Endpoint& local, const Endpoint& remote) {
  // Every line about this datagram names its sender and cookies (oakctl trace --peer needs it).
  log::ContextScope scope(ike::datagram_log_context(remote, data));
  ++stats_.messages_in;
  ike::InboundCount counted(messages_, data, stats_);
  auto msg = w::parse_message(data);
  if (!msg) {
    // Anyone can send these at any rate: each at debug, a count now and then above it.
    static log::EventSummary invalid(log::Level::kInfo, "ike", "invalid ISAKMP messages dropped");
    ++stats_.invalid_messages;
    log::debug("ike", "dropping invalid ISAKMP message from {}: {}", remote.to_string(),
               msg.error().message);
    invalid.record();
    return;
  }
  const auto& h = msg->header;
  log::debug("ike", "received {} from {}", w::describe_message(*msg), remote.to_string());
  if (on_fragment(*msg, local, remote)) return;
  if (is_phase1(h.exchange_type) && h.responder_cookie == 0) {
    on_phase1_request(*msg, data, local, remote);
    return;
  }
  IsakmpSa* sa = lookup(h);
  if (!sa) {
    ++stats_.unknown_cookies;
    log::debug("ike", "no ISAKMP SA for {} from {}", w::exchange_name(h.exchange_type),
               remote.to_string());
    return;
  }
  // Our responder cookie came back: the address receives what we send to it.
  if (!sa->initiator) {
    verified_.add(remote.address);
    half_open_.mark_verified(sa->id);
  }
  if (sa->initiator && sa->rcookie == 0 && h.responder_cookie != 0) {
    sa->rcookie = h.responder_cookie;  // learnt from MM2/AM2 (or the responder's refusal)
  }
  scope.set(log_context(*sa));
  switch (h.exchange_type) {
    case ET::kIdentityProtection:
    case ET::kAggressive: {
      ExchangeRecord* rec = sa->exchange(0);
      if (!rec || (h.exchange_type == ET::kAggressive) != sa->aggressive) {
        ++stats_.invalid_messages;
        return;
      }
      on_exchange_message(*sa, *rec, *msg, data, local, remote);
      return;
    }
    case ET::kQuickMode:
    case ET::kTransaction:
      on_quick_mode(*sa, *msg, data, local, remote);
      return;
    case ET::kInformational:
      on_informational(*sa, *msg, local, remote);
      return;
    default:
      ++stats_.invalid_messages;
      sa_log(*sa, log::Level::kInfo, "{} exchanges are not supported",
             w::exchange_name(h.exchange_type));
  }
}

void Engine::on_phase1_request(const w::Message& msg, ByteView raw, const Endpoint& local,
                               const Endpoint& remote) {
  const auto& h = msg.header;
  if (auto id = half_open_.find(h.initiator_cookie, remote)) {
    IsakmpSa* sa = find_sa(*id);
    ExchangeRecord* rec = sa ? sa->exchange(0) : nullptr;
    if (rec) on_exchange_message(*sa, *rec, msg, raw, local, remote);
    return;
  }
  if (!admit_phase1_request(h, remote)) return;
  IsakmpSa& sa = create_sa(false, nullptr, local, remote, h.initiator_cookie);
  sa.aggressive = h.exchange_type == ET::kAggressive;
  std::unique_ptr<Exchange> handler;
  if (sa.aggressive) {
    handler = std::make_unique<AggressiveModeResponder>(exchange_context());
  } else {
    handler = std::make_unique<MainModeResponder>(exchange_context());
  }
  handler->bind(0);
  auto rec = std::make_unique<ExchangeRecord>(0, deps_.timers, retransmit_);
  rec->handler = std::move(handler);
  ExchangeRecord& ref = *rec;
  sa.exchanges[0] = std::move(rec);
  on_exchange_message(sa, ref, msg, raw, local, remote);
}

void Engine::follow_peer(IsakmpSa& sa, const Endpoint& local, const Endpoint& remote) {
  if (!local.address.is_unspecified()) sa.local = local;
  if (sa.remote == remote) return;
  sa_log(sa, log::Level::kInfo, "peer moved from {} to {}", sa.remote.to_string(),
         remote.to_string());
  sa.remote = remote;
}

void Engine::on_exchange_message(IsakmpSa& sa, ExchangeRecord& rec, const w::Message& msg,
                                 ByteView raw, const Endpoint& local, const Endpoint& remote) {
  const auto& h = msg.header;
  if (!rec.last_received.empty() &&
      std::equal(raw.begin(), raw.end(), rec.last_received.begin(), rec.last_received.end())) {
    // Only a peer that waits for our answer repeats itself on purpose: the initiator of the
    // exchange, or a responder retransmitting AM2/QM2 after our final message was lost. Anything
    // else is a network duplicate, and answering it would bounce duplicates back and forth.
    bool peer_waits = !rec.we_initiated || !rec.handler;
    if (peer_waits && rec.last_sent_answers && !rec.last_sent.empty()) {
      ++stats_.retransmits_answered;
      sa_log(sa, log::Level::kInfo, "received retransmit of {} {:08x}, answering it again",
             w::exchange_name(h.exchange_type), h.message_id);
      transmit(sa, rec.last_sent);
    }
    return;
  }
  if (!rec.handler) {
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kDebug, "{} {:08x}: exchange already complete, message ignored",
           w::exchange_name(h.exchange_type), h.message_id);
    return;
  }
  if (sa.busy > 0) {
    ++stats_.dropped_busy;
    return;
  }
  Exchange& handler = *rec.handler;
  Bytes saved_iv = rec.iv;
  std::vector<w::Payload> decrypted;
  SecretBytes plain;  // may hold an XAuth password
  // So may the raw bodies of decrypted attribute payloads (their parsed values wipe themselves).
  struct WipeRawBodies {
    std::vector<w::Payload>& payloads;
    ~WipeRawBodies() {
      for (auto& p : payloads)
        secure_wipe(p.raw_body.data(), p.raw_body.size());
    }
  } wipe_raw_bodies{decrypted};
  const std::vector<w::Payload>* payloads = &msg.payloads;
  ByteView buffer = raw;
  auto garbled = [&](const std::string& why) {
    rec.iv = saved_iv;
    auto outcome = handler.on_undecryptable(sa, why);
    apply(sa, rec.mid, std::move(outcome), true);
  };
  if (h.encrypted()) {
    if (!sa.crypter) {
      ++stats_.invalid_messages;
      sa_log(sa, log::Level::kInfo, "encrypted {} before we have keys; ignored",
             w::exchange_name(h.exchange_type));
      return;
    }
    auto dec = sa.crypter->decrypt(msg.encrypted_body, rec.iv);
    if (!dec) return garbled(dec.error().message);
    plain = std::move(*dec);
    auto chain = w::parse_payload_chain(h.next_payload, plain);
    if (!chain) return garbled(chain.error().message);
    decrypted = std::move(*chain);
    payloads = &decrypted;
    buffer = plain;
  }
  if (auto bad = check_payload_rules(handler.expected(), *payloads, h.encrypted())) {
    if (h.encrypted() && rec.mid == 0) return garbled(*bad);
    rec.iv = saved_iv;
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kInfo, "{} from {} ignored: {}", message_kind_name(handler.expected()),
           remote.to_string(), *bad);
    bool first = handler.expected() == MessageKind::kMm1 || handler.expected() == MessageKind::kAm1;
    if (first) fail_exchange(sa, 0, *bad, w::NotifyType::kPayloadMalformed);
    return;
  }
  sa_log(sa, log::Level::kInfo, "received {} {:08x} {}{} from {}",
         w::exchange_name(h.exchange_type), h.message_id, h.encrypted() ? "*" : "",
         w::describe_payloads(*payloads), remote.to_string());
  if (!sa.initiator && handler.expected() == MessageKind::kMm3 && !admit_dh(remote)) {
    rec.iv = saved_iv;  // dropped unseen: the peer's retransmission gets another chance
    return;
  }
  Inbound in{h, *payloads, buffer, h.encrypted(), local, remote};
  auto outcome = handler.on_message(sa, in);
  if (outcome.kind == Outcome::Kind::kIgnore) {
    rec.iv = saved_iv;
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kInfo, "{} from {} ignored: {}", message_kind_name(handler.expected()),
           remote.to_string(), outcome.reason);
    return;
  }
  rec.last_received.assign(raw.begin(), raw.end());
  rec.last_sent_answers = false;  // until we send something in answer to this message
  rec.retransmitter.stop();       // the peer answered what we last sent
  follow_peer(sa, local, remote);
  sa.last_inbound = deps_.timers.now();
  if (sa.connection) {
    diagnosis_.received(sa.connection->name, sa.id, handler.name(), rec.we_initiated, rec.mid,
                        rec.we_initiated, remote, sa.last_inbound);
  }
  apply(sa, rec.mid, std::move(outcome), true);
}

void Engine::on_quick_mode(IsakmpSa& sa, const w::Message& msg, ByteView raw, const Endpoint& local,
                           const Endpoint& remote) {
  std::uint32_t mid = msg.header.message_id;
  if (ExchangeRecord* rec = sa.exchange(mid); rec && mid != 0) {
    on_exchange_message(sa, *rec, msg, raw, local, remote);
    return;
  }
  bool usable = sa.state == IsakmpState::kEstablished || sa.state == IsakmpState::kRekeyed;
  if (mid == 0 || !usable || !msg.header.encrypted()) {
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kInfo, "Quick Mode {:08x} ignored: ISAKMP SA is {}{}", mid,
           isakmp_state_name(sa.state), msg.header.encrypted() ? "" : " and it was not encrypted");
    return;
  }
  if (sa.mid_used(mid)) {
    ++stats_.replays_dropped;
    sa_log(sa, log::Level::kInfo, "Quick Mode {:08x} reuses a message ID; dropped as a replay",
           mid);
    return;
  }
  if (sa.mids_exhausted()) {
    ++stats_.message_ids_exhausted;
    sa_log(sa, log::Level::kDebug, "{} {:08x} dropped: the SA's message IDs are exhausted",
           w::exchange_name(msg.header.exchange_type), mid);
    return;
  }
  bool transaction = msg.header.exchange_type == ET::kTransaction;
  if ((sa.xauth_pending() && !(transaction && sa.xauth_client())) ||
      sa.xauth == XauthState::kFailed) {
    // Until the gateway's XAuth accepted the user, the SA carries nothing but XAuth.
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kInfo, "{} {:08x} ignored: XAuth has not succeeded on this SA",
           w::exchange_name(msg.header.exchange_type), mid);
    return;
  }
  auto iv = crypto::ikev1::phase2_iv(sa.prf, sa.phase1_last_block, mid, sa.crypter->block_size());
  if (!iv) return;
  // A new Phase 2 exchange of the peer: Quick Mode, or XAuth / Mode Config (TRANSACTION).
  std::unique_ptr<Exchange> handler;
  if (transaction && sa.xauth_pending()) {
    handler = std::make_unique<XauthClient>(exchange_context());
  } else if (transaction) {
    handler = std::make_unique<ModeConfigResponder>(exchange_context());
  } else {
    handler = std::make_unique<QuickModeResponder>(exchange_context());
  }
  handler->bind(mid);
  auto rec = std::make_unique<ExchangeRecord>(mid, deps_.timers, retransmit_);
  rec->iv = std::move(*iv);
  rec->handler = std::move(handler);
  ExchangeRecord& ref = *rec;
  sa.exchanges[mid] = std::move(rec);
  std::uint32_t sa_id = sa.id;
  on_exchange_message(sa, ref, msg, raw, local, remote);
  IsakmpSa* s = find_sa(sa_id);
  if (!s) return;
  ExchangeRecord* r = s->exchange(mid);
  if (r && r->last_received.empty()) {
    s->exchanges.erase(mid);  // not accepted: keep nothing an unauthenticated sender made us hold
  } else {
    remember_mid(*s, mid);
  }
}

void Engine::on_informational(IsakmpSa& sa, const w::Message& msg, const Endpoint& local,
                              const Endpoint& remote) {
  const auto& h = msg.header;
  if (!h.encrypted()) {
    if (auto bad = check_payload_rules(MessageKind::kInformational, msg.payloads, false)) {
      ++stats_.invalid_messages;
      return;
    }
    sa_log(sa, log::Level::kInfo, "received INFORMATIONAL_V1 {} in the clear from {}",
           w::describe_payloads(msg.payloads), remote.to_string());
    handle_informational(exchange_context(), sa, msg.payloads, false);
    return;
  }
  ExchangeRecord* p1 = sa.exchange(0);
  ByteView base = sa.state == IsakmpState::kNegotiating && p1 ? ByteView(p1->iv)
                                                              : ByteView(sa.phase1_last_block);
  if (!sa.crypter || base.empty() || sa.state == IsakmpState::kDeleted) {
    ++stats_.invalid_messages;
    return;
  }
  if (sa.mid_used(h.message_id)) {
    ++stats_.replays_dropped;
    sa_log(sa, log::Level::kInfo,
           "INFORMATIONAL_V1 {:08x} reuses a message ID; dropped as a replay", h.message_id);
    return;
  }
  if (sa.mids_exhausted()) {
    ++stats_.message_ids_exhausted;
    sa_log(sa, log::Level::kDebug,
           "INFORMATIONAL_V1 {:08x} dropped: the SA's message IDs are "
           "exhausted",
           h.message_id);
    return;
  }
  auto iv = crypto::ikev1::phase2_iv(sa.prf, base, h.message_id, sa.crypter->block_size());
  if (!iv) return;
  auto plain = sa.crypter->decrypt(msg.encrypted_body, *iv);
  auto fail = [&](const std::string& why) {
    ++stats_.invalid_messages;
    sa_log(sa, log::Level::kInfo, "INFORMATIONAL_V1 {:08x} from {} dropped: {}", h.message_id,
           remote.to_string(), why);
    if (sa.state == IsakmpState::kNegotiating && sa.initiator) {
      // The peer answered our encrypted identity with an encrypted error we cannot read: it
      // derived other keys, which with matching KE and nonces means another pre-shared key.
      destroy_sa(sa,
                 fmt::format("the peer answered our identity with an encrypted notify we cannot "
                             "read ({}): most likely its pre-shared key differs from ours",
                             why),
                 true);
    }
  };
  if (!plain) return fail(plain.error().message);
  auto payloads = w::parse_payload_chain(h.next_payload, *plain);
  if (!payloads) return fail(payloads.error().message);
  if (auto bad = check_payload_rules(MessageKind::kInformational, *payloads, true))
    return fail(*bad);
  const auto* hash = payloads->empty() ? nullptr : payloads->front().get<w::HashPayload>();
  if (!hash) return fail("it carries no HASH(1)");
  auto expected = crypto::ikev1::informational_hash(sa.prf, sa.skeyid_a, h.message_id,
                                                    w::bytes_after(*plain, *payloads, 0));
  if (!expected || !crypto::equal_constant_time(*expected, hash->data))
    return fail("HASH(1) does not verify");
  remember_mid(sa, h.message_id);
  sa.last_inbound = deps_.timers.now();
  follow_peer(sa, local, remote);
  if (sa.connection) {
    diagnosis_.received(sa.connection->name, sa.id, "INFORMATIONAL", false, h.message_id, false,
                        remote, sa.last_inbound);
  }
  std::vector<w::Payload> body(payloads->begin() + 1, payloads->end());
  sa_log(sa, log::Level::kInfo, "received INFORMATIONAL_V1 {:08x} *{} from {}", h.message_id,
         w::describe_payloads(*payloads), remote.to_string());
  handle_informational(exchange_context(), sa, body, true);
}

}  // namespace oakley::ikev1
