#include "ike/child_report.hpp"

#include <utility>
#include <vector>

#include "common/algorithm_ids.hpp"

namespace oakley::ike {

namespace {

std::vector<std::string> to_strings(const Selectors& s) {
  std::vector<std::string> out;
  for (const auto& ts : s)
    out.push_back(ts.to_string());
  return out;
}

}  // namespace

void fill_algorithms(const Proposal& p, std::string& encr, unsigned& bits,
                     std::optional<std::string>& integ, std::optional<std::string>& dh) {
  if (auto e = p.first(TransformType::kEncr)) {
    encr = encr_name(static_cast<EncrId>(e->id));
    bits = e->key_bits;
  }
  if (auto i = p.first(TransformType::kInteg); i && i->id) {
    integ = std::string(integ_name(static_cast<IntegId>(i->id)));
  }
  if (auto d = p.first(TransformType::kDh); d && d->id) {
    dh = std::string(dh_name(static_cast<DhId>(d->id)));
  }
}

std::vector<std::string> additional_ke_names(const Proposal& p) {
  std::vector<std::string> out;
  for (int n = 1; n <= kMaxAdditionalKe; ++n) {
    if (auto t = p.first(additional_ke(n)); t && t->id) out.push_back(describe(*t));
  }
  return out;
}

ChildSaInfo child_sa_info(const ChildSa& child) {
  ChildSaInfo ci;
  ci.name = child.name();
  ci.id = child.id;
  ci.reqid = child.reqid;
  ci.state = child_state_name(child.state);
  ci.mode = child.transport ? "TRANSPORT" : "TUNNEL";
  ci.udp_encap = child.udp_encap;
  ci.spi_in = child.spi_in;
  ci.spi_out = child.spi_out;
  fill_algorithms(child.proposal, ci.encr, ci.encr_key_bits, ci.integ, ci.dh);
  ci.additional_kes = additional_ke_names(child.proposal);
  if (auto e = child.proposal.first(TransformType::kEsn)) ci.esn = e->id == 1;
  ci.local_ts = to_strings(child.local_ts);
  ci.remote_ts = to_strings(child.remote_ts);
  return ci;
}

void add_counters(ChildSaInfo& info, const dataplane::Backend& backend, const ChildSa& child,
                  const IpAddress& remote, bool inbound, bool outbound) {
  if (inbound) {
    if (auto in = backend.query_sa({dataplane::Direction::kInbound, child.spi_in, remote})) {
      info.bytes_in = in->bytes;
      info.packets_in = in->packets;
    }
  }
  if (outbound) {
    if (auto out = backend.query_sa({dataplane::Direction::kOutbound, child.spi_out, remote})) {
      info.bytes_out = out->bytes;
      info.packets_out = out->packets;
    }
  }
}

}  // namespace oakley::ike
