#include "ike/sa_report.hpp"

#include "ike/child_report.hpp"

namespace oakley::ike {

void fill_ike_algorithms(const Proposal& p, IkeSaInfo& info) {
  fill_algorithms(p, info.encr, info.encr_key_bits, info.integ, info.dh);
  info.additional_kes = additional_ke_names(p);
  if (auto prf = p.first(TransformType::kPrf)) {
    info.prf = std::string(prf_name(static_cast<PrfId>(prf->id)));
  }
}

}  // namespace oakley::ike
