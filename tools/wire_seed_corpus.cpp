// Writes the seed corpora of fuzz/wire's harnesses: the sample messages of both versions, their
// inner payload chains (first byte = type of the first payload, as the harnesses read them) and
// the IKE datagrams of the test captures. Not a test; run by hand when the samples change:
//   wire_seed_corpus fuzz/corpus/fuzz_ikev1_message fuzz/corpus/fuzz_ikev2_message
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

#include "wire/pcap.hpp"
#include "wire/samples.hpp"
#include "wire/version.hpp"

namespace {

using namespace oakley;
using namespace oakley::wire;

void write(const std::string& dir, const std::string& name, const Bytes& data) {
  std::ofstream out(dir + "/" + name, std::ios::binary);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
}

Bytes with_type(std::uint8_t type, const Bytes& chain) {
  Bytes out(chain.size() + 1, type);
  std::copy(chain.begin(), chain.end(), out.begin() + 1);
  return out;
}

void captures(const std::string& v1_dir, const std::string& v2_dir) {
  const char* files[] = {"tcpdump/ikev2pI2.pcap",
                         "tcpdump/ikev2four.pcap",
                         "tcpdump/ikev2pI2-segfault.pcapng",
                         "tcpdump/ikev2-id-short.pcap",
                         "tcpdump/isakmp4500.pcap",
                         "tcpdump/ISAKMP_sa_setup.pcap",
                         "tcpdump/isakmp-no-none-np.pcapng",
                         "tcpdump/isakmp-identification-segfault.pcap",
                         "tcpdump/ikev1_id_ipv6_addr_subnet-oobr.pcap",
                         "suricata/ikev1-isakmp-main-mode.pcap",
                         "suricata/IKEv2_SA_INIT_2-8-weak.pcap",
                         "suricata/ikev1-duplicate-proposals.pcap",
                         "wireshark_wiki/ipsec_ikev2_subset.pcap"};
  for (const char* f : files) {
    std::string base = std::string(f).substr(std::string(f).find('/') + 1);
    base = base.substr(0, base.find('.'));
    for (const auto& d : test::read_udp_datagrams(test::data_path(f))) {
      auto version = peek_version(d.payload);
      if (!d.is_ike() || !version) continue;
      if (d.frame > 6 && base == "ikev2four") continue;  // the rest are more of the same
      if (d.frame > 8 && base == "isakmp4500") continue;
      write(version->major == 2 ? v2_dir : v1_dir,
            "capture_" + base + "_" + std::to_string(d.frame), d.payload);
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s <ikev1 corpus dir> <ikev2 corpus dir>\n", argv[0]);
    return 2;
  }
  std::string v1_dir = argv[1], v2_dir = argv[2];
  for (const auto& [name, m] : test::v2::all_messages()) {
    write(v2_dir, "sample_" + name, *ikev2::encode(m));
    if (name.rfind("plain_", 0) == 0) {
      auto chain = ikev2::encode_payload_chain(m.payloads);
      write(v2_dir, "chain_" + name.substr(6),
            with_type(static_cast<std::uint8_t>(chain->first_type), chain->bytes));
    }
  }
  for (const auto& [name, m] : test::v1::all_messages()) {
    write(v1_dir, "sample_" + name, *ikev1::encode(m));
    if (name.rfind("plain_", 0) == 0) {
      auto chain = ikev1::encode_payload_chain(m.payloads);
      write(v1_dir, "chain_" + name.substr(6),
            with_type(static_cast<std::uint8_t>(chain->first_type), chain->bytes));
    }
  }
  captures(v1_dir, v2_dir);
  return 0;
}
