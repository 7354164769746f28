#include "wire/ikev1/vendor_ids.hpp"

#include <algorithm>

namespace oakley::wire::ikev1 {

namespace {

constexpr std::uint8_t kRfc3947[] = {0x4a, 0x13, 0x1c, 0x81, 0x07, 0x03, 0x58, 0x45,
                                     0x5c, 0x57, 0x28, 0xf2, 0x0e, 0x95, 0x45, 0x2f};
constexpr std::uint8_t kDraft02[] = {0xcd, 0x60, 0x46, 0x43, 0x35, 0xdf, 0x21, 0xf8,
                                     0x7c, 0xfd, 0xb2, 0xfc, 0x68, 0xb6, 0xa4, 0x48};
constexpr std::uint8_t kDraft02Nl[] = {0x90, 0xcb, 0x80, 0x91, 0x3e, 0xbb, 0x69, 0x6e,
                                       0x08, 0x63, 0x81, 0xb5, 0xec, 0x42, 0x7b, 0x1f};
constexpr std::uint8_t kDraft03[] = {0x7d, 0x94, 0x19, 0xa6, 0x53, 0x10, 0xca, 0x6f,
                                     0x2c, 0x17, 0x9d, 0x92, 0x15, 0x52, 0x9d, 0x56};
constexpr std::uint8_t kDraft07[] = {0x43, 0x9b, 0x59, 0xf8, 0xba, 0x67, 0x6c, 0x4c,
                                     0x77, 0x37, 0xae, 0x22, 0xea, 0xb8, 0xf5, 0x82};
constexpr std::uint8_t kDpd[] = {0xaf, 0xca, 0xd7, 0x13, 0x68, 0xa1, 0xf1, 0xc9,
                                 0x6b, 0x86, 0x96, 0xfc, 0x77, 0x57, 0x01, 0x00};
constexpr std::uint8_t kXauth[] = {0x09, 0x00, 0x26, 0x89, 0xdf, 0xd6, 0xb7, 0x12};
constexpr std::uint8_t kUnity[] = {0x12, 0xf5, 0xf2, 0x8c, 0x45, 0x71, 0x68, 0xa9,
                                   0x70, 0x2d, 0x9f, 0xe2, 0x74, 0xcc, 0x01, 0x00};
constexpr std::uint8_t kFragmentation[] = {0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85,
                                           0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3};

}  // namespace

const VendorId kVidRfc3947{kRfc3947, "RFC 3947"};
const VendorId kVidNatTDraft02{kDraft02, "draft-ietf-ipsec-nat-t-ike-02"};
const VendorId kVidNatTDraft02Nl{kDraft02Nl, "draft-ietf-ipsec-nat-t-ike-02\\n"};
const VendorId kVidNatTDraft03{kDraft03, "draft-ietf-ipsec-nat-t-ike-03"};
const VendorId kVidNatTDraft07{kDraft07, "draft-ietf-ipsec-nat-t-ike-07"};
const VendorId kVidDpd{kDpd, "DPD"};
const VendorId kVidXauth{kXauth, "XAUTH"};
const VendorId kVidCiscoUnity{kUnity, "Cisco Unity"};
const VendorId kVidFragmentation{kFragmentation, "FRAGMENTATION"};

bool is_vendor_id(ByteView vid, const VendorId& known) {
  bool prefix_ok = &known == &kVidFragmentation && vid.size() >= known.bytes.size();
  if (vid.size() != known.bytes.size() && !prefix_ok) return false;
  return std::equal(known.bytes.begin(), known.bytes.end(), vid.begin());
}

std::string vendor_id_name(ByteView vid) {
  for (const VendorId* v :
       {&kVidRfc3947, &kVidNatTDraft02, &kVidNatTDraft02Nl, &kVidNatTDraft03, &kVidNatTDraft07,
        &kVidDpd, &kVidXauth, &kVidCiscoUnity, &kVidFragmentation}) {
    if (is_vendor_id(vid, *v)) return v->name;
  }
  return {};
}

}  // namespace oakley::wire::ikev1
