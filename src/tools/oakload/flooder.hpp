// Flooder: the half-open attack for the benchmark's flood variant. A thread sends copies of a
// real IKE_SA_INIT request (each with a fresh initiator SPI) at a fixed rate from random source
// addresses of a prefix, with IPv4 raw sockets (IP_HDRINCL, so root). Nobody answers the
// responder's replies: each spoofed request leaves a half-open IKE SA behind, as in a real flood.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "common/result.hpp"

namespace oakley::oakload {

class Flooder {
 public:
  Flooder(Bytes ike_sa_init, Endpoint target, TrafficSelector sources, double rate);
  ~Flooder();
  Flooder(const Flooder&) = delete;
  Flooder& operator=(const Flooder&) = delete;

  // Opens the raw socket (the error says why, e.g. no CAP_NET_RAW) and starts sending.
  Status start();
  void stop();
  std::uint64_t sent() const { return sent_.load(); }

 private:
  void run();

  Bytes message_;
  Endpoint target_;
  TrafficSelector sources_;
  double rate_;
  int fd_ = -1;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> sent_{0};
  std::thread thread_;
};

}  // namespace oakley::oakload
