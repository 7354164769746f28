#include "two_engines.hpp"

namespace oakley::ikev1::testing {

wire::ikev1::Header header_of(const Datagram& d) {
  auto h = wire::ikev1::peek_header(d.data);
  return h ? *h : wire::ikev1::Header{};
}

}  // namespace oakley::ikev1::testing
