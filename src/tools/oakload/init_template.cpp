#include "tools/oakload/init_template.hpp"

#include "common/packet_sender.hpp"
#include "dataplane/null_backend.hpp"
#include "ike/reqid_allocator.hpp"
#include "ikev2/engine.hpp"
#include "tools/oakload/load_config.hpp"

namespace oakley::oakload {
namespace {

class FirstMessageSender final : public PacketSender {
 public:
  explicit FirstMessageSender(IpAddress source) : source_(source) {}
  void send(const Endpoint&, const Endpoint&, ByteView message) override {
    if (!first) first = Bytes(message.begin(), message.end());
  }
  void send_keepalive(const Endpoint&, const Endpoint&) override {}
  std::optional<IpAddress> source_for(const IpAddress&) override { return source_; }

  std::optional<Bytes> first;

 private:
  IpAddress source_;
};

}  // namespace

Result<Bytes> capture_ike_sa_init(std::shared_ptr<const credentials::LoadedConfig> config,
                                  const config::Connection& connection, const Endpoint& remote,
                                  TimerService& timers) {
  FirstMessageSender sender(IpAddress::any(remote.address.family()));
  InlineWorkPool work;
  dataplane::NullBackend backend;
  ike::ReqidAllocator reqids;
  ike::SaIds ids;
  ikev2::Engine engine({timers, work, sender, backend, reqids, ids}, std::move(config),
                       {.install_children = false, .run_start_actions = false});
  auto id = engine.initiate_to(connection, connection.find_child(kChildName), remote, std::nullopt,
                               nullptr);
  if (!id) return id.take_error();
  if (!sender.first) return make_error("the engine sent no IKE_SA_INIT request");
  return std::move(*sender.first);
}

void randomize_initiator_spi(MutableByteView ike_message, std::uint64_t spi) {
  for (int i = 0; i < 8 && static_cast<std::size_t>(i) < ike_message.size(); ++i)
    ike_message[i] = static_cast<std::uint8_t>(spi >> (56 - 8 * i));
}

}  // namespace oakley::oakload
