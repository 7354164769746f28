#include "ikev1/isakmp_sa.hpp"

#include <algorithm>

namespace oakley::ikev1 {

std::string_view isakmp_state_name(IsakmpState s) {
  switch (s) {
    case IsakmpState::kNegotiating:
      return "CONNECTING";
    case IsakmpState::kEstablished:
      return "ESTABLISHED";
    case IsakmpState::kRekeyed:
      return "REKEYED";
    case IsakmpState::kDeleted:
      return "DELETED";
  }
  return "?";
}

std::string_view auth_method_name(AuthMethod m) {
  switch (m) {
    case AuthMethod::kPsk:
      return "PSK";
    case AuthMethod::kRsaSig:
      return "RSA_SIG";
    case AuthMethod::kEcdsa256:
      return "ECDSA_256";
    case AuthMethod::kEcdsa384:
      return "ECDSA_384";
    case AuthMethod::kEcdsa521:
      return "ECDSA_521";
  }
  return "?";
}

ExchangeRecord* IsakmpSa::exchange(std::uint32_t mid) {
  auto it = exchanges.find(mid);
  return it == exchanges.end() ? nullptr : it->second.get();
}

ChildSa* IsakmpSa::find_child(std::uint32_t child_id) {
  return ike::find_child(children, &ike::ChildSa::id, child_id);
}

ChildSa* IsakmpSa::find_child_by_spi_in(std::uint32_t spi) {
  return ike::find_child(children, &ike::ChildSa::spi_in, spi);
}

ChildSa* IsakmpSa::find_child_by_spi_out(std::uint32_t spi) {
  return ike::find_child(children, &ike::ChildSa::spi_out, spi);
}

bool same_peer(const IsakmpSa& a, const IsakmpSa& b) {
  if (a.remote_id != b.remote_id) return false;
  if (!a.xauth_server() && !b.xauth_server()) return true;
  return a.xauth == XauthState::kSucceeded && b.xauth == XauthState::kSucceeded &&
         a.xauth_user == b.xauth_user;
}

}  // namespace oakley::ikev1
