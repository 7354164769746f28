// Vendor IDs an IKEv1 exchange announces or looks for. Values checked against tshark's names
// for the test captures (NAT-T drafts are MD5 of the draft name).
#pragma once

#include <string>

#include "common/bytes.hpp"

namespace oakley::wire::ikev1 {

struct VendorId {
  ByteView bytes;
  const char* name;
};

// RFC 3947 NAT-T: MD5("RFC 3947").
extern const VendorId kVidRfc3947;
// Pre-RFC NAT-T drafts that still need the draft payload numbers 130/131.
extern const VendorId kVidNatTDraft02;    // MD5("draft-ietf-ipsec-nat-t-ike-02")
extern const VendorId kVidNatTDraft02Nl;  // MD5("draft-ietf-ipsec-nat-t-ike-02\n")
extern const VendorId kVidNatTDraft03;
extern const VendorId kVidNatTDraft07;
// RFC 3706 Dead Peer Detection, version 1.0.
extern const VendorId kVidDpd;
extern const VendorId kVidXauth;
extern const VendorId kVidCiscoUnity;
// MD5("FRAGMENTATION"); peers append 4 bytes of capability flags.
extern const VendorId kVidFragmentation;

// The name of a known vendor ID ("RFC 3947", "DPD", ...), or empty.
std::string vendor_id_name(ByteView vid);
// True when `vid` is `known` (or, for FRAGMENTATION, starts with it).
bool is_vendor_id(ByteView vid, const VendorId& known);

}  // namespace oakley::wire::ikev1
