// The send path: an exchange's Outcome → build → encrypt (IV chain) → send → retransmit until
// answered; finishing and failing exchanges; informational messages and plain notifies.
#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "crypto/ikev1_keys.hpp"
#include "crypto/prf.hpp"
#include "crypto/random.hpp"
#include "ikev1/engine.hpp"
#include "ikev1/exchanges/aggressive_mode.hpp"
#include "ikev1/exchanges/informational.hpp"
#include "ikev1/exchanges/main_mode.hpp"
#include "ikev1/exchanges/quick_mode.hpp"
#include "ikev1/sa_log.hpp"
#include "wire/ikev1/describe.hpp"
#include "wire/ikev1/names.hpp"

namespace oakley::ikev1 {

namespace w = wire::ikev1;
using ET = w::ExchangeType;

// ---- sending
// --------------------------------------------------------------------------------------

std::uint32_t Engine::new_message_id(IsakmpSa& sa) {
  std::uint32_t mid = 0;
  do {
    mid = crypto::random_u32();
  } while (mid == 0 || sa.exchanges.contains(mid) || sa.mid_used(mid));
  remember_mid(sa, mid);
  return mid;
}

Result<Bytes> Engine::build_message(IsakmpSa& sa, ET type, std::uint32_t mid, Outbound& out,
                                    Bytes* iv) {
  w::Header h;
  h.initiator_cookie = sa.icookie;
  h.responder_cookie = sa.rcookie;
  h.exchange_type = type;
  h.message_id = mid;
  if (!iv) return w::encode(w::Message{h, std::move(out.payloads), {}});
  if (!sa.crypter) return make_error("no keys to encrypt with");
  auto chain = w::encode_payload_chain(out.payloads);
  if (!chain) return chain.take_error();
  if (out.fill_hash) {
    auto hash = out.fill_hash(chain->after(0));
    if (!hash) return hash.take_error();
    auto slot = chain->body(0);
    if (slot.size() != hash->size()) return make_error("HASH placeholder has the wrong size");
    std::copy(hash->begin(), hash->end(), slot.begin());
  }
  auto body = sa.crypter->encrypt(chain->bytes, *iv);
  secure_wipe(chain->bytes.data(), chain->bytes.size());  // may hold an XAuth password
  if (!body) return body.take_error();
  h.flags = w::kFlagEncryption;
  h.next_payload = chain->first_type;
  return w::encode(w::Message{h, {}, std::move(*body)});
}

void Engine::transmit(IsakmpSa& sa, ByteView packet) {
  deps_.sender.send(sa.local, sa.remote, packet);
  ++stats_.messages_out;
  messages_.sent(packet, stats_.retransmits_sent + stats_.retransmits_answered);
  sa.last_outbound = deps_.timers.now();
}

void Engine::send_plain_notify(std::uint64_t icookie, std::uint64_t rcookie, const Endpoint& local,
                               const Endpoint& remote, w::NotifyType type) {
  w::Header h;
  h.initiator_cookie = icookie;
  h.responder_cookie = rcookie;
  h.exchange_type = ET::kInformational;
  w::NotifyPayload n;
  n.protocol = w::ProtocolId::kIsakmp;
  n.type = type;
  auto bytes = w::encode(w::Message{h, {w::Payload{std::move(n)}}, {}});
  if (!bytes) return;
  log::info("ike", "sending INFORMATIONAL_V1 [ N({}) ] to {} ({:016x}_i)", w::notify_name(type),
            remote.to_string(), icookie);
  deps_.sender.send(local, remote, *bytes);
  ++stats_.messages_out;
  messages_.sent(*bytes, stats_.retransmits_sent + stats_.retransmits_answered);
}

void Engine::send_informational(IsakmpSa& sa, std::vector<w::Payload> payloads) {
  std::string summary = w::describe_payloads(payloads);
  if (!sa.crypter || sa.phase1_last_block.empty()) {
    auto bytes = w::encode(w::Message{
        w::Header{sa.icookie, sa.rcookie, w::PayloadType::kNone, 1, 0, ET::kInformational, 0, 0, 0},
        std::move(payloads),
        {}});
    if (!bytes) return;
    sa_log(sa, log::Level::kInfo, "sending INFORMATIONAL_V1 {} to {}", summary,
           sa.remote.to_string());
    transmit(sa, *bytes);
    return;
  }
  std::uint32_t mid = new_message_id(sa);
  auto iv = crypto::ikev1::phase2_iv(sa.prf, sa.phase1_last_block, mid, sa.crypter->block_size());
  if (!iv) return;
  Outbound out;
  out.encrypt = true;
  out.payloads.push_back(w::Payload{w::HashPayload{Bytes(crypto::prf_output_size(sa.prf), 0)}});
  for (auto& p : payloads)
    out.payloads.push_back(std::move(p));
  out.fill_hash = [prf = sa.prf, key = sa.skeyid_a, mid](ByteView after) {
    return crypto::ikev1::informational_hash(prf, key, mid, after);
  };
  summary = w::describe_payloads(out.payloads);
  auto bytes = build_message(sa, ET::kInformational, mid, out, &*iv);
  if (!bytes) {
    sa_log(sa, log::Level::kWarn, "cannot build INFORMATIONAL_V1: {}", bytes.error().message);
    return;
  }
  sa_log(sa, log::Level::kInfo, "sending INFORMATIONAL_V1 {:08x} *{} to {}", mid, summary,
         sa.remote.to_string());
  transmit(sa, *bytes);
}

void Engine::start_exchange(IsakmpSa& sa, std::uint32_t mid, std::unique_ptr<Exchange> exchange) {
  exchange->bind(mid);
  auto rec = std::make_unique<ExchangeRecord>(mid, deps_.timers, retransmit_);
  rec->we_initiated = true;
  if (mid != 0 && sa.crypter) {
    auto iv = crypto::ikev1::phase2_iv(sa.prf, sa.phase1_last_block, mid, sa.crypter->block_size());
    if (iv) rec->iv = std::move(*iv);
  }
  Exchange* handler = exchange.get();
  rec->handler = std::move(exchange);
  sa.exchanges[mid] = std::move(rec);
  apply(sa, mid, handler->start(sa), false);
}

void Engine::apply(IsakmpSa& sa, std::uint32_t mid, Outcome outcome, bool answers) {
  ExchangeRecord* rec = sa.exchange(mid);
  if (!rec || !rec->handler) return;
  switch (outcome.kind) {
    case Outcome::Kind::kSend:
      send_outcome(sa, *rec, outcome, answers);
      return;
    case Outcome::Kind::kFinished:
      finish_exchange(sa, mid);
      return;
    case Outcome::Kind::kFailed:
      fail_exchange(sa, mid, outcome.reason, outcome.notify, std::move(outcome.notify_spi));
      return;
    case Outcome::Kind::kIgnore:
      ++stats_.invalid_messages;
      sa_log(sa, log::Level::kInfo, "{}: message ignored: {}", rec->handler->name(),
             outcome.reason);
      return;
    case Outcome::Kind::kDeferred: {
      ++sa.busy;
      std::uint32_t sa_id = sa.id;
      Exchange* handler = rec->handler.get();
      deps_.work.submit(std::move(outcome.work),
                        [this, sa_id, mid, handler, answers, then = std::move(outcome.then)] {
                          IsakmpSa* s = find_sa(sa_id);
                          if (!s) return;
                          --s->busy;
                          ExchangeRecord* r = s->exchange(mid);
                          if (!r || r->handler.get() != handler) return;
                          apply(*s, mid, then(*s), answers);
                        });
      return;
    }
  }
}

void Engine::send_outcome(IsakmpSa& sa, ExchangeRecord& rec, Outcome& outcome, bool answers) {
  auto type = rec.handler->type();
  std::string summary = w::describe_payloads(outcome.out.payloads);
  bool encrypted = outcome.out.encrypt;
  auto bytes = build_message(sa, type, rec.mid, outcome.out, encrypted ? &rec.iv : nullptr);
  if (!bytes) {
    fail_exchange(sa, rec.mid, "cannot build the message: " + bytes.error().message, std::nullopt);
    return;
  }
  rec.last_sent = std::move(*bytes);
  rec.last_sent_answers = answers;
  sa_log(sa, log::Level::kInfo, "sending {} {:08x} {}{} to {}", w::exchange_name(type), rec.mid,
         encrypted ? "*" : "", summary, sa.remote.to_string());
  std::uint32_t sa_id = sa.id, mid = rec.mid;
  switch (outcome.after) {
    case Outcome::After::kAwaitReply:
      rec.retransmitter.start(
          [this, sa_id, mid] {
            IsakmpSa* s = find_sa(sa_id);
            ExchangeRecord* r = s ? s->exchange(mid) : nullptr;
            if (!r) return;
            bool again = r->retransmitter.sends() > 0;
            if (again) {
              ++stats_.retransmits_sent;
              sa_log(*s, log::Level::kInfo, "retransmit {} of {} message {:08x}",
                     r->retransmitter.sends(),
                     w::exchange_name(r->handler ? r->handler->type() : ET::kInformational), mid);
            }
            if (s->connection && r->handler) {
              diagnosis_.request_sent(s->connection->name, s->id, r->handler->name(), mid,
                                      s->remote, r->last_sent.size(), 1, again, deps_.timers.now());
            }
            transmit(*s, r->last_sent);
          },
          [this, sa_id, mid] {
            if (IsakmpSa* s = find_sa(sa_id)) on_retransmit_give_up(*s, mid);
          });
      return;
    case Outcome::After::kAwaitPeer:
      rec.retransmitter.stop();
      transmit(sa, rec.last_sent);
      return;
    case Outcome::After::kFinished:
      rec.retransmitter.stop();
      transmit(sa, rec.last_sent);
      finish_exchange(sa, rec.mid);
      return;
  }
}

void Engine::finish_exchange(IsakmpSa& sa, std::uint32_t mid) {
  ExchangeRecord* rec = sa.exchange(mid);
  if (!rec || !rec->handler) return;
  rec->retransmitter.stop();
  auto handler = std::move(rec->handler);
  if (mid == 0) {
    // The last CBC block of Phase 1 seeds every Phase 2 IV (RFC 2409 appendix B).
    sa.phase1_last_block = rec->iv;
  } else {
    ++stats_.quick_modes_completed;
    std::uint32_t sa_id = sa.id;
    rec->linger_timer = deps_.timers.schedule(options_.quick_mode_linger, [this, sa_id, mid] {
      if (IsakmpSa* s = find_sa(sa_id)) s->exchanges.erase(mid);
    });
  }
  handler->on_finished(sa);
}

// MM6 and AM3 end Phase 1: their sender has nothing more to wait for.
static bool peer_sent_last_phase1_message(MessageKind expected) {
  return expected == MessageKind::kMm6 || expected == MessageKind::kAm3;
}

void Engine::fail_exchange(IsakmpSa& sa, std::uint32_t mid, const std::string& reason,
                           std::optional<w::NotifyType> notify, Bytes notify_spi) {
  ExchangeRecord* rec = sa.exchange(mid);
  if (!rec || !rec->handler) return;
  rec->retransmitter.stop();
  auto handler = std::move(rec->handler);
  sa_log(sa, log::Level::kWarn, "{} failed: {}", handler->name(), reason);
  note_exchange_failure(sa, *handler, reason);
  if (mid == 0) {
    if (notify && sa.crypter && peer_sent_last_phase1_message(handler->expected())) {
      // The peer sent Phase 1's last message and holds the SA as up: it ignores an unprotected
      // refusal, so tell it why under the Phase 1 keys (seeded by the last block, as Phase 2
      // is), then delete the SA as charon does (it logs the notify but keeps the SA).
      sa.phase1_last_block = rec->iv;
      Bytes spi;
      put_be64(spi, sa.icookie);
      put_be64(spi, sa.rcookie);
      send_informational(sa, {error_notify(*notify, w::ProtocolId::kIsakmp, std::move(spi))});
      send_informational(sa, {delete_isakmp_payload(sa)});
    } else if (notify) {
      send_plain_notify(sa.icookie, sa.rcookie, sa.local, sa.remote, *notify);
    }
    handler->abort(sa, reason);
    if (IsakmpSa* s = find_sa(sa.id)) destroy_sa(*s, reason, true);
    return;
  }
  ++stats_.quick_modes_failed;
  if (auto qm = handler->child_in_flight()) {
    emit_child_failed(sa, qm->child ? std::string_view(qm->child->name) : std::string_view(),
                      reason);
  }
  if (notify) {
    send_informational(sa, {error_notify(*notify, w::ProtocolId::kEsp, std::move(notify_spi))});
  }
  sa.exchanges.erase(mid);
  note_failure(sa, reason);
  std::string why = notify ? fmt::format("{} ({})", reason, w::notify_name(*notify)) : reason;
  handler->abort(sa, why);
}

void Engine::on_retransmit_give_up(IsakmpSa& sa, std::uint32_t mid) {
  ExchangeRecord* rec = sa.exchange(mid);
  if (!rec || !rec->handler) return;
  std::string why = fmt::format("peer {} did not answer {} after {} retransmissions",
                                sa.remote.to_string(), rec->handler->name(), retransmit_.tries);
  note_no_answer(sa, *rec->handler, why);
  fail_exchange(sa, mid, why, std::nullopt);
}

}  // namespace oakley::ikev1
