#include "ikev2/exchanges/informational.hpp"

#include <fmt/format.h>

#include "ikev2/exchange_context.hpp"
#include "ikev2/payload_convert.hpp"
#include "ikev2/sa_log.hpp"
#include "wire/ikev2/names.hpp"

namespace oakley::ikev2 {

namespace w = wire::ikev2;

namespace {

class ChildDeleteTask final : public Task {
 public:
  ChildDeleteTask(ExchangeContext& ctx, std::uint32_t child_id) : ctx_(ctx), child_id_(child_id) {}
  std::string_view name() const override { return "CHILD_DELETE"; }
  w::ExchangeType exchange() const override { return w::ExchangeType::kInformational; }
  bool follows_children() const override { return true; }

  Result<Payloads> build_request(IkeSa& sa) override {
    ChildSa* c = sa.find_child(child_id_);
    if (!c) return make_error("CHILD_SA already gone");
    if (c->state != ChildState::kRekeyed) c->state = ChildState::kDeleting;
    sa_log(sa, *c, log::Level::kInfo, "deleting CHILD_SA {}{{{}}} with SPIs {:08x}_i {:08x}_o",
           c->name(), c->id, c->spi_in, c->spi_out);
    return Payloads{w::Payload{w::DeletePayload::child(w::ProtocolId::kEsp, {c->spi_in}), false}};
  }

  Step process_response(IkeSa& sa, const Payloads&, ByteView) override {
    remove(sa);
    return Step::done();
  }

  void abort(IkeSa& sa, std::string_view) override { remove(sa); }

 private:
  void remove(IkeSa& sa) {
    ChildSa* c = sa.find_child(child_id_);
    if (!c) return;
    bool rekeyed = c->state == ChildState::kRekeyed;
    ctx_.remove_child(
        sa, *c,
        rekeyed ? ExchangeContext::ChildEnd::kDeleted : ExchangeContext::ChildEnd::kDeleted);
  }

  ExchangeContext& ctx_;
  std::uint32_t child_id_;
};

class IkeDeleteTask final : public Task {
 public:
  std::string_view name() const override { return "IKE_DELETE"; }
  w::ExchangeType exchange() const override { return w::ExchangeType::kInformational; }

  Result<Payloads> build_request(IkeSa& sa) override {
    if (sa.state != IkeState::kRekeyed) sa.state = IkeState::kDeleting;
    sa_log(sa, log::Level::kInfo, "deleting IKE_SA {}[{}] between {}...{}", sa.name(), sa.id,
           sa.local.to_string(), sa.remote.to_string());
    return Payloads{w::Payload{w::DeletePayload::ike(), false}};
  }

  Step process_response(IkeSa& sa, const Payloads&, ByteView) override {
    return Step::delete_sa(sa.state == IkeState::kRekeyed ? "rekeyed" : "deleted");
  }
};

class LivenessTask final : public Task {
 public:
  explicit LivenessTask(ExchangeContext& ctx) : ctx_(ctx) {}
  std::string_view name() const override { return "LIVENESS"; }
  w::ExchangeType exchange() const override { return w::ExchangeType::kInformational; }
  Result<Payloads> build_request(IkeSa&) override {
    ++ctx_.mutable_stats().dpd_sent;
    return Payloads{};
  }
  Step process_response(IkeSa&, const Payloads&, ByteView) override { return Step::done(); }

 private:
  ExchangeContext& ctx_;
};

void delete_children(ExchangeContext& ctx, IkeSa& sa, const w::DeletePayload& d, Payloads& answer) {
  std::vector<std::uint32_t> ours;
  for (const auto& raw : d.spis) {
    auto spi = spi32_from(raw);
    ChildSa* c = spi ? sa.find_child_by_spi_out(*spi) : nullptr;
    if (!c) {
      sa_log(sa, log::Level::kDebug, "DELETE for unknown {} SPI {}", w::protocol_name(d.protocol),
             to_hex(raw));
      continue;
    }
    // Both sides deleting at once: each answers without the SPI it already asked to delete.
    if (c->state != ChildState::kDeleting) ours.push_back(c->spi_in);
    bool expected = c->state == ChildState::kRekeyed || c->state == ChildState::kDeleting;
    sa_log(sa, *c, log::Level::kInfo,
           "received DELETE for CHILD_SA {}{{{}}} with SPIs {:08x}_i {:08x}_o", c->name(), c->id,
           c->spi_in, c->spi_out);
    ctx.remove_child(
        sa, *c,
        expected ? ExchangeContext::ChildEnd::kDeleted : ExchangeContext::ChildEnd::kClosedByPeer);
  }
  if (!ours.empty()) {
    answer.push_back(w::Payload{w::DeletePayload::child(d.protocol, ours), false});
  }
}

}  // namespace

std::unique_ptr<Task> make_child_delete_task(ExchangeContext& ctx, std::uint32_t child_id) {
  return std::make_unique<ChildDeleteTask>(ctx, child_id);
}

std::unique_ptr<Task> make_ike_delete_task(ExchangeContext& ctx) {
  (void)ctx;
  return std::make_unique<IkeDeleteTask>();
}

std::unique_ptr<Task> make_liveness_task(ExchangeContext& ctx) {
  return std::make_unique<LivenessTask>(ctx);
}

Reply InformationalResponder::respond(IkeSa& sa, const Request& request) {
  const auto& payloads = request.payloads;
  Payloads answer;
  bool delete_ike = false;
  for (const auto* d : w::find_all<w::DeletePayload>(payloads)) {
    if (d->protocol == w::ProtocolId::kIke) {
      delete_ike = true;
    } else {
      delete_children(ctx_, sa, *d, answer);
    }
  }
  if (const auto* err = w::find_error_notify(payloads)) {
    sa_log(sa, log::Level::kWarn, "peer reports {}", w::notify_name(err->type));
    if (err->type == w::NotifyType::kAuthenticationFailed) delete_ike = true;
  }
  if (!delete_ike) return Reply::send(std::move(answer));
  sa_log(sa, log::Level::kInfo, "received DELETE for IKE_SA {}[{}]", sa.name(), sa.id);
  bool expected = sa.state == IkeState::kRekeyed || sa.state == IkeState::kDeleting;
  return Reply::send({}).ending_sa(expected ? "rekeyed" : "deleted by the peer", false, !expected);
}

}  // namespace oakley::ikev2
