// Distinguished names: strongSwan's text form ("C=CH, O=Example, CN=gw") to DER and back, and
// comparison by content.
#include <openssl/bio.h>
#include <openssl/x509.h>

#include <cctype>

#include "crypto/ossl.hpp"
#include "crypto/pki.hpp"

namespace oakley::crypto {

namespace {

using NamePtr = std::unique_ptr<X509_NAME, ossl::Deleter<X509_NAME_free>>;
using BioPtr = std::unique_ptr<BIO, ossl::Deleter<BIO_free>>;

std::string trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
    s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
    s.remove_suffix(1);
  return std::string(s);
}

// Splits at unquoted, unescaped commas; removes the quotes and escapes.
Result<std::vector<std::string>> split_rdns(std::string_view text) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\\' && i + 1 < text.size()) {
      parts.back() += text[++i];
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  if (quoted) return make_error("unbalanced quote");
  return parts;
}

// strongSwan's attribute names that OpenSSL spells differently.
std::string openssl_field(const std::string& key) {
  static const std::pair<const char*, const char*> kAliases[] = {
      {"E", "emailAddress"},
      {"Email", "emailAddress"},
      {"G", "GN"},
      {"S", "ST"},
      {"N", "name"},
      {"T", "title"},
      {"I", "initials"},
      {"D", "description"},
      {"ID", "x500UniqueIdentifier"},
  };
  for (const auto& [ours, theirs] : kAliases) {
    if (key == ours) return theirs;
  }
  return key;
}

NamePtr parse_name(ByteView der) {
  const unsigned char* p = der.data();
  X509_NAME* name = d2i_X509_NAME(nullptr, &p, static_cast<long>(der.size()));
  if (name == nullptr) ossl::clear_errors();
  return NamePtr(name);
}

std::string utf8_value(const X509_NAME_ENTRY* e) {
  unsigned char* out = nullptr;
  int len = ASN1_STRING_to_UTF8(&out, X509_NAME_ENTRY_get_data(e));
  if (len < 0) return {};
  std::string s(reinterpret_cast<char*>(out), static_cast<std::size_t>(len));
  OPENSSL_free(out);
  return s;
}

bool iequal(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

Result<Bytes> encode_dn(std::string_view text) {
  auto rdns = split_rdns(text);
  if (!rdns) return rdns.take_error();
  NamePtr name(X509_NAME_new());
  if (!name) return ossl::error("out of memory");
  for (const auto& rdn : *rdns) {
    auto eq = rdn.find('=');
    if (eq == std::string::npos) {
      return make_error("'" + trim(rdn) + "' in the DN is not of the form type=value");
    }
    std::string key = openssl_field(trim(rdn.substr(0, eq)));
    std::string value = trim(rdn.substr(eq + 1));
    if (X509_NAME_add_entry_by_txt(name.get(), key.c_str(), MBSTRING_UTF8,
                                   reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1) {
      ossl::clear_errors();
      return make_error("unknown attribute type '" + key + "' in the DN");
    }
  }
  int len = i2d_X509_NAME(name.get(), nullptr);
  if (len <= 0) return ossl::error("cannot encode the DN");
  Bytes out(static_cast<std::size_t>(len));
  unsigned char* p = out.data();
  i2d_X509_NAME(name.get(), &p);
  return out;
}

bool dn_equal(ByteView a, ByteView b) {
  NamePtr x = parse_name(a), y = parse_name(b);
  if (!x || !y || X509_NAME_entry_count(x.get()) != X509_NAME_entry_count(y.get())) return false;
  for (int i = 0; i < X509_NAME_entry_count(x.get()); ++i) {
    const X509_NAME_ENTRY* ex = X509_NAME_get_entry(x.get(), i);
    const X509_NAME_ENTRY* ey = X509_NAME_get_entry(y.get(), i);
    if (OBJ_cmp(X509_NAME_ENTRY_get_object(ex), X509_NAME_ENTRY_get_object(ey)) != 0) return false;
    if (!iequal(utf8_value(ex), utf8_value(ey))) return false;
  }
  return true;
}

bool dn_match(ByteView pattern, ByteView der) {
  NamePtr p = parse_name(pattern), n = parse_name(der);
  if (!p || !n || X509_NAME_entry_count(p.get()) != X509_NAME_entry_count(n.get())) return false;
  for (int i = 0; i < X509_NAME_entry_count(p.get()); ++i) {
    const X509_NAME_ENTRY* ep = X509_NAME_get_entry(p.get(), i);
    const X509_NAME_ENTRY* en = X509_NAME_get_entry(n.get(), i);
    if (OBJ_cmp(X509_NAME_ENTRY_get_object(ep), X509_NAME_ENTRY_get_object(en)) != 0) return false;
    // Entries of a multi-valued RDN must line up too, or "O=*" could stand for two attributes.
    if (X509_NAME_ENTRY_set(ep) != X509_NAME_ENTRY_set(en)) return false;
    const std::string value = utf8_value(ep);
    if (value != "*" && !iequal(value, utf8_value(en))) return false;
  }
  return true;
}

std::string dn_text(ByteView der) {
  NamePtr name = parse_name(der);
  if (!name) return {};
  BioPtr bio(BIO_new(BIO_s_mem()));
  const unsigned long flags =
      (XN_FLAG_ONELINE & ~XN_FLAG_SPC_EQ & ~ASN1_STRFLGS_ESC_MSB) | ASN1_STRFLGS_UTF8_CONVERT;
  if (!bio || X509_NAME_print_ex(bio.get(), name.get(), 0, flags) < 0) return {};
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

}  // namespace oakley::crypto
