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

std::string_view child_state_name(ChildState s) {
  switch (s) {
    case ChildState::kCreating:
      return "CREATING";
    case ChildState::kInstalled:
      return "INSTALLED";
    case ChildState::kRekeying:
      return "REKEYING";
    case ChildState::kRekeyed:
      return "REKEYED";
  }
  return "?";
}

ExchangeRecord* IsakmpSa::exchange(std::uint32_t mid) {
  auto it = exchanges.find(mid);
  return it == exchanges.end() ? nullptr : it->second.get();
}

ChildSa* IsakmpSa::find_child(std::uint32_t child_id) {
  for (auto& c : children) {
    if (c->id == child_id) return c.get();
  }
  return nullptr;
}

ChildSa* IsakmpSa::find_child_by_spi_in(std::uint32_t spi) {
  for (auto& c : children) {
    if (c->spi_in == spi) return c.get();
  }
  return nullptr;
}

ChildSa* IsakmpSa::find_child_by_spi_out(std::uint32_t spi) {
  for (auto& c : children) {
    if (c->spi_out == spi) return c.get();
  }
  return nullptr;
}

bool same_peer(const IsakmpSa& a, const IsakmpSa& b) {
  if (a.remote_id != b.remote_id) return false;
  if (!a.xauth_server() && !b.xauth_server()) return true;
  return a.xauth == XauthState::kSucceeded && b.xauth == XauthState::kSucceeded &&
         a.xauth_user == b.xauth_user;
}

}  // namespace oakley::ikev1
