#include "ike/initiation_addresses.hpp"

#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

#include "common/log.hpp"
#include "ike/address_match.hpp"

namespace oakley::ike {

namespace {

using Family = IpAddress::Family;

std::optional<Family> family_hint(const config::Connection& conn) {
  if (!conn.local_addrs.empty() && conn.local_addrs.front().is_host()) {
    return conn.local_addrs.front().start.family();
  }
  for (const auto* list : {&conn.local_addrs, &conn.remote_addrs}) {
    for (const auto& spec : *list) {
      if (spec.kind == config::AddressSpec::Kind::kAny && spec.family) return spec.family;
    }
  }
  return std::nullopt;
}

// One initiation's lookups, one after the other; owned by the callbacks that continue it.
class Lookup : public std::enable_shared_from_this<Lookup> {
 public:
  Lookup(HostNames& names, PacketSender& sender, const config::Connection& conn,
         InitiationDone done)
      : names_(names),
        sender_(sender),
        connection_(conn.name),
        family_(family_hint(conn)),
        done_(std::move(done)) {
    for (const auto& spec : conn.remote_addrs) {
      if (spec.is_host() || spec.is_name()) candidates_.push_back(spec);
    }
    if (!conn.local_addrs.empty()) {
      const auto& first = conn.local_addrs.front();
      if (first.is_host() || first.is_name()) local_ = first;
    }
  }

  void next_remote() {
    if (next_ == candidates_.size()) return fail();
    const auto& spec = candidates_[next_++];
    if (spec.is_host()) return resolve_local(spec.start);
    names_.resolve(spec.name, family_,
                   [self = shared_from_this(), name = spec.name](NameResolver::Addresses r) {
                     self->remote_resolved(name, r);
                   });
  }

 private:
  void remote_resolved(const std::string& name, const NameResolver::Addresses& result) {
    if (!result) {
      errors_.push_back(fmt::format("remote_addrs '{}': {}", name, result.error().message));
      return next_remote();
    }
    const IpAddress* chosen = &result->front();
    for (const auto& a : *result) {
      if (sender_.source_for(a)) {
        chosen = &a;
        break;
      }
    }
    log::info("ike", "connection '{}': {} resolved to {}", connection_, name, chosen->to_string());
    resolve_local(*chosen);
  }

  void resolve_local(const IpAddress& remote) {
    remote_ = remote;
    if (!local_ || local_->is_host()) {
      return finish(
          InitiationAddresses{remote, local_ ? std::optional(local_->start) : std::nullopt});
    }
    names_.resolve(
        local_->name, remote.family(),
        [self = shared_from_this()](NameResolver::Addresses r) { self->local_resolved(r); });
  }

  void local_resolved(const NameResolver::Addresses& result) {
    if (!result) {
      errors_.push_back(fmt::format("local_addrs '{}': {}", local_->name, result.error().message));
      return fail();
    }
    log::info("ike", "connection '{}': {} resolved to {}", connection_, local_->name,
              result->front().to_string());
    finish(InitiationAddresses{remote_, result->front()});
  }

  void fail() {
    std::string why;
    for (const auto& e : errors_)
      why += (why.empty() ? "" : "; ") + e;
    auto message = fmt::format("connection '{}': unable to resolve {}", connection_, why);
    log::warn("ike", "{}, initiate aborted", message);
    names_.count_initiate_failure();
    finish(make_error(std::move(message)));
  }

  void finish(Result<InitiationAddresses> result) {
    auto done = std::move(done_);
    done_ = nullptr;
    if (done) done(std::move(result));
  }

  HostNames& names_;
  PacketSender& sender_;
  std::string connection_;
  std::optional<Family> family_;
  InitiationDone done_;
  std::vector<config::AddressSpec> candidates_;
  std::size_t next_ = 0;
  std::optional<config::AddressSpec> local_;
  IpAddress remote_;
  std::vector<std::string> errors_;
};

}  // namespace

void resolve_initiation_addresses(HostNames* names, PacketSender& sender,
                                  const config::Connection& conn, InitiationDone done) {
  if (!conn.can_initiate()) {
    done(make_error(fmt::format(
        "connection '{}' cannot be initiated: remote_addrs names no single host", conn.name)));
    return;
  }
  if (!conn.has_dns_names()) {
    auto remote = conn.remote_host();
    std::optional<IpAddress> local;
    if (!conn.local_addrs.empty() && conn.local_addrs.front().is_host()) {
      local = conn.local_addrs.front().start;
    }
    done(InitiationAddresses{*remote, local});
    return;
  }
  if (!names) {
    done(make_error(fmt::format(
        "connection '{}' names a peer by DNS name, and nothing resolves names here", conn.name)));
    return;
  }
  auto lookup = std::make_shared<Lookup>(*names, sender, conn, std::move(done));
  lookup->next_remote();
}

Status initiate_when_resolved(HostNames* names, PacketSender& sender,
                              const config::Connection& conn, Completion done,
                              AfterAddresses next) {
  // Whether the addresses arrived inside this call, and what `next` made of them then.
  struct Pending {
    bool in_call = true;
    std::optional<Status> outcome;
  };
  auto pending = std::make_shared<Pending>();
  resolve_initiation_addresses(names, sender, conn,
                               [pending, done = std::move(done), next = std::move(next)](
                                   Result<InitiationAddresses> addresses) mutable {
                                 Status st = next(std::move(addresses), done);
                                 if (pending->in_call) {
                                   pending->outcome = std::move(st);
                                 } else if (!st && done) {
                                   done(st);
                                 }
                               });
  pending->in_call = false;
  return pending->outcome.value_or(Status{});
}

std::optional<InitiationAddresses> trap_initiation_addresses(const config::Connection& conn,
                                                             std::string_view child,
                                                             const IpAddress& destination) {
  if (address_score(conn.remote_addrs, destination, nullptr) == 0) {
    log::info("ike", "acquire for {}/{}: destination {} is not in remote_addrs, not initiating",
              conn.name, child, destination.to_string());
    return std::nullopt;
  }
  InitiationAddresses a{destination, std::nullopt};
  if (!conn.local_addrs.empty() && conn.local_addrs.front().is_host())
    a.local = conn.local_addrs.front().start;
  return a;
}

}  // namespace oakley::ike
