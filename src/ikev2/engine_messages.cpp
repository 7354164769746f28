// The message path of the engine: receive → find the SA → check message ID → decrypt (or
// reassemble) → hand to the task or the responder; and the way back: build → encrypt (or
// fragment) → send → remember for retransmission or the response cache.
#include <fmt/format.h>

#include <algorithm>

#include "common/log.hpp"
#include "common/log_summary.hpp"
#include "ikev2/diagnosis_phase.hpp"
#include "ikev2/engine.hpp"
#include "ikev2/exchanges/child_create.hpp"
#include "ikev2/exchanges/followup_ke.hpp"
#include "ikev2/exchanges/ike_auth.hpp"
#include "ikev2/exchanges/ike_intermediate.hpp"
#include "ikev2/exchanges/ike_sa_init.hpp"
#include "ikev2/exchanges/informational.hpp"
#include "ikev2/payload_rules.hpp"
#include "ikev2/sa_log.hpp"
#include "ikev2/sk_message.hpp"
#include "wire/ikev2/describe.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

w::Header make_header(const IkeSa& sa, w::ExchangeType exchange, bool response,
                      std::uint32_t message_id) {
  w::Header h;
  h.initiator_spi = sa.spi_i;
  h.responder_spi = sa.spi_r;
  h.exchange_type = exchange;
  h.message_id = message_id;
  h.flags = static_cast<std::uint8_t>((sa.original_initiator ? w::kFlagInitiator : 0) |
                                      (response ? w::kFlagResponse : 0));
  return h;
}

// The exchanges that set an IKE SA up: when one fails, there is no SA.
bool ends_sa_on_failure(w::ExchangeType exchange) {
  return exchange == w::ExchangeType::kIkeSaInit || exchange == w::ExchangeType::kIkeAuth ||
         exchange == w::ExchangeType::kIkeIntermediate;
}

}  // namespace

// Builds the packets of one message: plain, one SK payload, or SKF fragments.
static Result<std::vector<Bytes>> build_packets(IkeSa& sa, const config::Config& cfg,
                                                const w::Header& header, Payloads payloads,
                                                bool encrypted) {
  if (!encrypted) {
    auto bytes = w::encode(w::Message{header, std::move(payloads)});
    if (!bytes) return bytes.take_error();
    return std::vector<Bytes>{std::move(*bytes)};
  }
  if (!sa.crypter) return make_error("no keys to encrypt with");
  auto inner = w::encode_payload_chain(payloads);
  if (!inner) return inner.take_error();
  std::size_t size = 28 + 4 + sa.crypter->body_size(inner->bytes.size());
  bool may_fragment = sa.peer_supports_fragmentation && sa.connection &&
                      sa.connection->fragmentation != config::Fragmentation::kNo;
  if (may_fragment && size > cfg.daemon.fragment_size) {
    return seal_fragments(*sa.crypter, header, *inner, cfg.daemon.fragment_size);
  }
  auto bytes = seal_sk_message(*sa.crypter, header, inner->first_type, inner->bytes);
  if (!bytes) return bytes.take_error();
  return std::vector<Bytes>{std::move(*bytes)};
}

void Engine::transmit(IkeSa& sa, const std::vector<Bytes>& packets) {
  if (!packets.empty())
    messages_.sent(packets.front(), stats_.retransmits_sent + stats_.retransmits_answered);
  for (const auto& p : packets) {
    deps_.sender.send(sa.local, sa.remote, p);
    ++stats_.messages_out;
  }
  sa.last_outbound = deps_.timers.now();
}

void Engine::send_request(IkeSa& sa, w::ExchangeType exchange, Payloads payloads, bool encrypted) {
  std::uint32_t mid = exchange == w::ExchangeType::kIkeSaInit ? 0 : sa.next_request_id;
  auto header = make_header(sa, exchange, false, mid);
  std::string summary = w::describe_payloads(payloads);
  auto packets = build_packets(sa, *config_, header, std::move(payloads), encrypted);
  if (!packets) {
    destroy_sa(
        sa, "cannot build " + w::exchange_name(exchange) + " request: " + packets.error().message,
        true);
    return;
  }
  sa_log(sa, log::Level::kInfo, "sending {} request {} {} to {}{}", w::exchange_name(exchange), mid,
         summary, sa.remote.to_string(),
         packets->size() > 1 ? fmt::format(" in {} fragments", packets->size()) : "");
  if (exchange == w::ExchangeType::kIkeSaInit) sa.init_request = packets->front();
  sa.outstanding = SentRequest{mid, exchange, std::move(*packets)};
  std::uint32_t sa_id = sa.id;
  sa.retransmitter.start(
      [this, sa_id] {
        IkeSa* s = find_sa(sa_id);
        if (!s || !s->outstanding) return;
        bool again = s->retransmitter.sends() > 0;
        if (again) {
          ++stats_.retransmits_sent;
          sa_log(*s, log::Level::kInfo, "retransmit {} of request with message ID {}",
                 s->retransmitter.sends(), s->outstanding->message_id);
        }
        const auto& out = *s->outstanding;
        diagnosis_.request_sent(s->name(), s->id, w::exchange_name(out.exchange), out.message_id,
                                s->remote, out.packets.front().size(), out.packets.size(), again,
                                deps_.timers.now());
        transmit(*s, s->outstanding->packets);
      },
      [this, sa_id] {
        if (IkeSa* s = find_sa(sa_id)) on_retransmit_give_up(*s);
      });
}

void Engine::send_response(IkeSa& sa, w::ExchangeType exchange, std::uint32_t message_id,
                           Payloads payloads, bool encrypted) {
  auto header = make_header(sa, exchange, true, message_id);
  std::string summary = w::describe_payloads(payloads);
  auto packets = build_packets(sa, *config_, header, std::move(payloads), encrypted);
  if (!packets) {
    sa_log(sa, log::Level::kError, "cannot build {} response: {}", w::exchange_name(exchange),
           packets.error().message);
    return;
  }
  sa_log(sa, log::Level::kInfo, "sending {} response {} {} to {}", w::exchange_name(exchange),
         message_id, summary, sa.remote.to_string());
  if (exchange == w::ExchangeType::kIkeSaInit) sa.init_response = packets->front();
  transmit(sa, *packets);
  sa.last_response = CachedResponse{message_id, exchange, std::move(*packets)};
  sa.next_peer_request_id = message_id + 1;
}

void Engine::send_plain_response(const w::Header& request, const Endpoint& local,
                                 const Endpoint& remote, Payloads payloads) {
  w::Header h = request;
  h.flags = w::kFlagResponse;
  h.responder_spi = 0;
  std::string summary = w::describe_payloads(payloads);
  auto bytes = w::encode(w::Message{h, std::move(payloads)});
  if (!bytes) return;
  // Stateless answers to unauthenticated requests (COOKIE, INVALID_KE_PAYLOAD, NO_PROPOSAL_CHOSEN):
  // per message at debug; the callers count and summarise them.
  log::debug("ike", "sending {} response {} {} to {} ({:016x}_i)",
             w::exchange_name(h.exchange_type), h.message_id, summary, remote.to_string(),
             h.initiator_spi);
  deps_.sender.send(local, remote, *bytes);
  ++stats_.messages_out;
  messages_.sent(*bytes, stats_.retransmits_sent + stats_.retransmits_answered);
}

void Engine::queue_task(IkeSa& sa, std::unique_ptr<Task> task) {
  sa.queue.push_back(std::move(task));
  if (!sa.active) start_next_task(sa);
}

void Engine::start_next_task(IkeSa& sa) {
  while (!sa.active && !sa.queue.empty()) {
    if (sa.busy > 0) return;  // resumes when the worker finishes (see defer())
    sa.active = std::move(sa.queue.front());
    sa.queue.pop_front();
    if (auto prep = sa.active->prepare_for(sa)) {
      defer(sa, std::move(prep), [this](IkeSa& s) {
        if (s.active && !send_active_request(s)) start_next_task(s);
      });
      return;
    }
    if (send_active_request(sa)) return;
  }
}

bool Engine::send_active_request(IkeSa& sa) {
  auto payloads = sa.active->build_request(sa);
  if (!payloads) {
    auto task = std::move(sa.active);
    sa_log(sa, log::Level::kWarn, "{} not started: {}", task->name(), payloads.error().message);
    task->abort(sa, payloads.error().message);
    if (ends_sa_on_failure(task->exchange())) {
      destroy_sa(sa, payloads.error().message, true);
      return true;  // the SA is gone: nothing more to start
    }
    return false;
  }
  auto exchange = sa.active->exchange();
  bool encrypted = sa.active->encrypted();
  send_request(sa, exchange, std::move(*payloads), encrypted);
  return true;
}

void Engine::run_step(IkeSa& sa, Step step) {
  switch (step.kind) {
    case Step::Kind::kDone:
      sa.active.reset();
      if (sa.state == IkeState::kDeleting && sa.queue.empty()) return;
      start_next_task(sa);
      return;
    case Step::Kind::kResend: {
      auto payloads = sa.active->build_request(sa);
      if (!payloads) {
        destroy_sa(sa, payloads.error().message, true);
        return;
      }
      send_request(sa, sa.active->exchange(), std::move(*payloads), sa.active->encrypted());
      return;
    }
    case Step::Kind::kFailed: {
      if (step.notice != Step::Notice::kNone) tell_peer_now(sa, step.notice);
      auto task = std::move(sa.active);
      bool fatal = ends_sa_on_failure(task->exchange());
      sa_log(sa, log::Level::kWarn, "{} failed: {}", task->name(), step.reason);
      auto phase = diagnosis_phase(task->exchange());
      diagnosis_.failed_because(sa.name(), sa.id, phase, step.reason, sa.remote, deps_.timers.now(),
                                role_in(sa, phase));
      task->abort(sa, step.reason);
      if (fatal) {
        destroy_sa(sa, step.reason, true);
        return;
      }
      start_next_task(sa);
      return;
    }
    case Step::Kind::kDeferred:
      defer(sa, std::move(step.work), [this, then = std::move(step.then)](IkeSa& s) {
        if (!s.active) return;
        std::uint32_t sa_id = s.id;
        Step next = then(s);
        if (IkeSa* still = find_sa(sa_id)) run_step(*still, std::move(next));
      });
      return;
    case Step::Kind::kDeleteSa:
      sa.active.reset();
      destroy_sa(sa, step.reason, false);
      return;
  }
}

void Engine::tell_peer_now(IkeSa& sa, Step::Notice notice) {
  if (sa.outstanding) return;  // a request is in flight; the message ID is taken
  Payloads payloads;
  if (notice == Step::Notice::kAuthFailed) {
    if (!sa.crypter) return;
    payloads.push_back(
        w::Payload{w::NotifyPayload::of(w::NotifyType::kAuthenticationFailed), false});
  } else {
    sa.state = IkeState::kDeleting;
  }
  payloads.push_back(w::Payload{w::DeletePayload::ike(), false});
  send_request(sa, w::ExchangeType::kInformational, std::move(payloads), true);
  sa.retransmitter.stop();
}

void Engine::defer(IkeSa& sa, std::function<void()> work, std::function<void(IkeSa&)> then) {
  ++sa.busy;
  std::uint32_t sa_id = sa.id;
  deps_.work.submit(std::move(work), [this, sa_id, then = std::move(then)] {
    IkeSa* s = find_sa(sa_id);
    if (!s) return;
    --s->busy;
    then(*s);
    if (IkeSa* again = find_sa(sa_id); again && again->busy == 0 && !again->active) {
      start_next_task(*again);
    }
  });
}

void Engine::on_retransmit_give_up(IkeSa& sa) {
  std::string why = fmt::format(
      "peer {} did not answer {} after {} retransmissions", sa.remote.to_string(),
      sa.outstanding ? w::exchange_name(sa.outstanding->exchange) : "?", retransmit_.tries);
  note_no_answer(sa, why);
  sa.outstanding.reset();
  ++stats_.peers_dead;
  if (sa.state == IkeState::kEstablished || sa.state == IkeState::kRekeying) {
    remove_all_children(sa, ChildEnd::kPeerDead);
  }
  destroy_sa(sa, why, true);
}

void Engine::on_packet(ByteView data, const Endpoint& local, const Endpoint& remote) {
  // Every line about this datagram names its sender and SPIs (oakctl trace --peer needs it).
  log::ContextScope scope(ike::datagram_log_context(remote, data));
  ++stats_.messages_in;
  ike::InboundCount counted(messages_, data, stats_);
  if (data.size() > config_->daemon.max_packet) {
    ++stats_.oversized_messages;
    log::debug("ike", "dropping {} byte IKEv2 message from {}: larger than max_packet ({})",
               data.size(), remote.to_string(), config_->daemon.max_packet);
    return;
  }
  auto msg = w::parse_message(data);
  if (!msg) {
    // Anyone can send these at any rate: each at debug, a count now and then above it.
    static log::EventSummary invalid(log::Level::kInfo, "ike", "invalid IKEv2 messages dropped");
    ++stats_.invalid_messages;
    log::debug("ike", "dropping invalid IKEv2 message from {}: {}", remote.to_string(),
               msg.error().message);
    invalid.record();
    return;
  }
  const auto& h = msg->header;
  log::debug("ike", "received {} from {}", w::describe_message(*msg), remote.to_string());
  if (h.exchange_type == w::ExchangeType::kIkeSaInit && !h.response() && h.initiator()) {
    if (h.responder_spi == 0) {
      on_init_request(*msg, data, local, remote);
      return;
    }
  }
  // The I flag says whether the sender is the original initiator, i.e. which SPI is ours.
  std::uint64_t ours = h.initiator() ? h.responder_spi : h.initiator_spi;
  IkeSa* sa = sas_.find_by_spi(ours);
  if (!sa) {
    ++stats_.unknown_spi;
    log::debug("ike", "no IKE SA for {} from {}", w::exchange_name(h.exchange_type),
               remote.to_string());
    return;
  }
  scope.set(log_context(*sa));
  if (h.initiator() == sa->original_initiator) {
    ++stats_.invalid_messages;  // the peer claims our role
    return;
  }
  // Only authenticated traffic may move the SA (RFC 7296 2.23): on_request/on_response update
  // the endpoints after decryption.
  if (h.response()) {
    on_response(*sa, *msg, data, local, remote);
  } else {
    on_request(*sa, *msg, data, local, remote);
  }
}

void Engine::on_init_request(const w::Message& msg, ByteView raw, const Endpoint& local,
                             const Endpoint& remote) {
  auto it = init_index_.find({msg.header.initiator_spi, remote});
  if (it != init_index_.end()) {
    IkeSa* sa = find_sa(it->second);
    if (sa && sa->last_response && sa->state == IkeState::kCreated &&
        sa->last_response->exchange == w::ExchangeType::kIkeSaInit) {
      ++stats_.retransmits_answered;
      transmit(*sa, sa->last_response->packets);
    } else if (sa) {
      ++stats_.dropped_busy;
    }
    return;
  }
  auto answer = init_responder_->respond(InitRequest{msg, raw, local, remote});
  if (answer.stateless)
    send_plain_response(msg.header, local, remote, std::move(*answer.stateless));
  if (answer.sa) carry_out(*answer.sa, w::ExchangeType::kIkeSaInit, 0, std::move(answer.reply));
}

std::optional<Payloads> Engine::open_message(IkeSa& sa, const w::Message& msg, ByteView raw) {
  if (msg.payloads.empty()) return std::nullopt;
  const auto& last = msg.payloads.back();
  if (!sa.crypter) return std::nullopt;
  if (const auto* sk = last.get<w::SkPayload>()) {
    auto offset = w::encrypted_body_offset(raw);
    if (!offset) return std::nullopt;
    auto plain = sa.crypter->open(raw, *offset);
    if (!plain) {
      // SPIs are visible on the wire: anyone can make these, as often as they like.
      static log::EventSummary undecryptable(log::Level::kInfo, "ike",
                                             "IKEv2 messages that failed to decrypt dropped");
      ++stats_.invalid_messages;
      sa_log(sa, log::Level::kDebug, "dropping {} {}: {}",
             w::exchange_name(msg.header.exchange_type),
             msg.header.response() ? "response" : "request", plain.error().message);
      undecryptable.record_with([&] {
        return fmt::format("{} {} from {}: {}", w::exchange_name(msg.header.exchange_type),
                           msg.header.response() ? "response" : "request", sa.remote.to_string(),
                           plain.error().message);
      });
      return std::nullopt;
    }
    // A whole message of this direction: a partial reassembly there can no longer complete.
    std::size_t dir = msg.header.response() ? 1 : 0;
    if (sa.reassembly[dir]) {
      ++stats_.reassemblies_superseded;
      drop_reassembly(sa, dir);
    }
    auto inner = w::parse_payload_chain(sk->inner_next_payload, *plain);
    if (inner && msg.header.exchange_type == w::ExchangeType::kIkeIntermediate) {
      sa.intermediate.received = {sk->inner_next_payload, Bytes(plain->begin(), plain->end())};
    }
    if (!inner) {
      ++stats_.invalid_messages;
      sa_log(sa, log::Level::kWarn, "invalid payloads in {}: {}",
             w::exchange_name(msg.header.exchange_type), inner.error().message);
      return std::nullopt;
    }
    return std::move(*inner);
  }
  const auto* skf = last.get<w::SkfPayload>();
  if (!skf) return std::nullopt;
  return open_fragment(sa, msg, *skf, raw);
}

void Engine::update_peer_address(IkeSa& sa, const Endpoint& local, const Endpoint& remote) {
  if (sa.local == local && sa.remote == remote) return;
  // A peer behind a NAT may get a new mapping; and both sides move to the NAT-T port after
  // IKE_SA_INIT. Follow authenticated messages only.
  if (!local.address.is_unspecified()) sa.local = local;
  if (sa.remote != remote) {
    sa_log(sa, log::Level::kInfo, "peer moved from {} to {}", sa.remote.to_string(),
           remote.to_string());
    sa.remote = remote;
    for (auto& c : sa.children)
      c->udp_encap = sa.nat_any();
  }
}

void Engine::on_request(IkeSa& sa, const w::Message& msg, ByteView raw, const Endpoint& local,
                        const Endpoint& remote) {
  std::uint32_t mid = msg.header.message_id;
  if (sa.last_response && mid == sa.last_response->message_id &&
      mid + 1 == sa.next_peer_request_id) {
    if (is_ignored_fragment_retransmit(msg)) return;
    ++stats_.retransmits_answered;
    sa_log(sa, log::Level::kInfo,
           "received retransmit of request with ID {}, retransmitting response", mid);
    transmit(sa, sa.last_response->packets);
    return;
  }
  if (mid != sa.next_peer_request_id) {
    ++stats_.unexpected_message_id;
    sa_log(sa, log::Level::kDebug, "ignoring {} request {}: expected message ID {}",
           w::exchange_name(msg.header.exchange_type), mid, sa.next_peer_request_id);
    return;
  }
  if (sa.busy > 0) {
    ++stats_.dropped_busy;
    return;
  }
  auto inner = open_message(sa, msg, raw);
  if (!inner) return;
  update_peer_address(sa, local, remote);
  sa_log(sa, log::Level::kInfo, "received {} request {} {} from {}",
         w::exchange_name(msg.header.exchange_type), mid, w::describe_payloads(*inner),
         sa.remote.to_string());
  diagnosis_.received(sa.name(), sa.id, w::exchange_name(msg.header.exchange_type), false, mid,
                      false, remote, deps_.timers.now());
  sa.last_inbound = deps_.timers.now();
  dispatch_request(sa, msg, *inner);
}

void Engine::dispatch_request(IkeSa& sa, const w::Message& msg, const Payloads& inner) {
  auto exchange = msg.header.exchange_type;
  std::uint32_t mid = msg.header.message_id;
  if (auto crit = w::unsupported_critical_payload(inner)) {
    send_response(
        sa, exchange, mid,
        {w::Payload{w::NotifyPayload::of(w::NotifyType::kUnsupportedCriticalPayload, Bytes{*crit}),
                    false}},
        true);
    return;
  }
  if (auto bad = check_payload_rules(exchange, false, inner)) {
    sa_log(sa, log::Level::kWarn, "{} request {} rejected: {}", w::exchange_name(exchange), mid,
           *bad);
    send_response(sa, exchange, mid,
                  {w::Payload{w::NotifyPayload::of(w::NotifyType::kInvalidSyntax), false}}, true);
    return;
  }
  if (auto it = responders_.find(exchange); it != responders_.end() && it->second->accepts(sa)) {
    carry_out(sa, exchange, mid, it->second->respond(sa, Request{msg.header, inner}));
    return;
  }
  sa_log(sa, log::Level::kInfo, "unexpected {} request in state {}", w::exchange_name(exchange),
         ike_state_name(sa.state));
  ++stats_.invalid_messages;
}

void Engine::carry_out(IkeSa& sa, w::ExchangeType exchange, std::uint32_t mid, Reply reply) {
  switch (reply.kind) {
    case Reply::Kind::kNothing:
      return;
    case Reply::Kind::kDeferred:
      defer(sa, std::move(reply.work),
            [this, exchange, mid, then = std::move(reply.then)](IkeSa& s) {
              carry_out(s, exchange, mid, then(s));
            });
      return;
    case Reply::Kind::kSend:
      break;
  }
  if (reply.stateless) {
    auto header = make_header(sa, exchange, true, mid);
    send_plain_response(header, sa.local, sa.remote, std::move(reply.payloads));
  } else {
    send_response(sa, exchange, mid, std::move(reply.payloads),
                  exchange != w::ExchangeType::kIkeSaInit);
  }
  if (reply.after_sent) reply.after_sent(sa);
  if (!reply.end) return;
  if (reply.end->closed_by_peer) remove_all_children(sa, ChildEnd::kClosedByPeer);
  destroy_sa(sa, reply.end->why, reply.end->failed);
}

void Engine::on_response(IkeSa& sa, const w::Message& msg, ByteView raw, const Endpoint& local,
                         const Endpoint& remote) {
  const auto& h = msg.header;
  if (!sa.outstanding || sa.outstanding->message_id != h.message_id ||
      sa.outstanding->exchange != h.exchange_type || !sa.active) {
    ++stats_.unexpected_message_id;
    sa_log(sa, log::Level::kDebug, "ignoring unexpected {} response {}",
           w::exchange_name(h.exchange_type), h.message_id);
    return;
  }
  if (sa.busy > 0) return;
  Payloads inner;
  if (h.exchange_type == w::ExchangeType::kIkeSaInit) {
    inner = msg.payloads;
  } else {
    auto opened = open_message(sa, msg, raw);
    if (!opened) return;
    inner = std::move(*opened);
  }
  update_peer_address(sa, local, remote);
  sa_log(sa, log::Level::kInfo, "received {} response {} {} from {}",
         w::exchange_name(h.exchange_type), h.message_id, w::describe_payloads(inner),
         sa.remote.to_string());
  diagnosis_.received(sa.name(), sa.id, w::exchange_name(h.exchange_type), true, h.message_id, true,
                      remote, deps_.timers.now());
  if (auto bad = check_payload_rules(h.exchange_type, true, inner)) {
    ++stats_.invalid_messages;
    sa.retransmitter.stop();
    sa.outstanding.reset();
    run_step(sa, Step::failed(fmt::format("invalid {} response: {}",
                                          w::exchange_name(h.exchange_type), *bad)));
    return;
  }
  sa.retransmitter.stop();
  sa.outstanding.reset();
  sa.next_request_id = h.message_id + 1;
  sa.last_inbound = deps_.timers.now();
  std::uint32_t sa_id = sa.id;
  Step step = sa.active->process_response(sa, inner, raw);
  // The exchange may have ended this SA (e.g. a failure that destroyed it).
  if (IkeSa* still = find_sa(sa_id); still && still->active) run_step(*still, std::move(step));
}

}  // namespace oakley::ikev2
