// Secrets must not stay behind in freed memory. This binary replaces the global allocation
// functions (so it is a test program of its own): while a test watches, every block is searched
// for the secret's marker just before it is freed. The first test proves the watch sees a
// secret that a plain std::string leaves behind.
#include <gtest/gtest.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>

#include "common/secret.hpp"
#include "common/secret_string.hpp"
#include "config/config.hpp"
#include "two_engines.hpp"
#include "wire/ikev1/message.hpp"
#include "wire/ikev1/mode_config.hpp"

namespace {

constexpr char kMarker[] = "wipe-marker-7f3a9c";  // part of every secret below
std::atomic<bool> watching{false};
std::atomic<int> found{0};

void check(void* p) {
  if (!p || !watching.load(std::memory_order_relaxed)) return;
  std::size_t n = malloc_usable_size(p);
  if (memmem(p, n, kMarker, sizeof kMarker - 1) != nullptr) found.fetch_add(1);
}

void* allocate(std::size_t n) {
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept {
  check(p);
  std::free(p);
}
void operator delete[](void* p) noexcept {
  check(p);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  check(p);
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  check(p);
  std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  check(p);
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  check(p);
  std::free(p);
}

namespace oakley {
namespace {

// Runs `fn` under watch; returns how many freed blocks held the marker.
template <class Fn>
int freed_with_marker(Fn&& fn) {
  found = 0;
  watching = true;
  fn();
  watching = false;
  return found.load();
}

const std::string kSecret = std::string("psk-") + kMarker + "-0123456789";
const std::string kPassword = std::string("pw-") + kMarker;

std::string config_text() {
  return R"(connections {
  t {
    version = 1
    remote_addrs = 192.0.2.2
    local {
      auth = psk
    }
    local-xauth {
      round = 2
      auth = xauth
      xauth_id = carol
    }
    remote {
      auth = psk
    }
    children {
      net {
        remote_ts = 10.2.0.0/24
      }
    }
  }
}
secrets {
  ike-1 {
    secret = ")" +
         kSecret + R"("
  }
  xauth-carol {
    id = carol
    secret = )" +
         kPassword + R"(
  }
}
)";
}

TEST(SecretWipe, TheWatchSeesASecretAPlainStringLeavesBehind) {
  EXPECT_GT(freed_with_marker([] { auto s = std::make_unique<std::string>(kSecret); }), 0);
}

TEST(SecretWipe, SecretStringWipesWhatItFrees) {
  EXPECT_EQ(freed_with_marker([] {
              SecretString grown;
              for (char c : kSecret)
                grown += c;  // every reallocation frees a buffer holding part of it
              SecretString copy = grown;
              SecretString moved = std::move(copy);
              moved = grown;
              // Short enough for the buffer inside the object, which lives on the heap here.
              auto inline_text = std::make_unique<SecretString>(std::string_view(kMarker));
            }),
            0);
}

TEST(SecretWipe, SecretBytesWipesWhatItFrees) {
  EXPECT_EQ(freed_with_marker([] {
              SecretBytes b;
              for (char c : kSecret)
                b.append(ByteView(reinterpret_cast<const std::uint8_t*>(&c), 1));
              SecretBytes copy = b;
            }),
            0);
}

TEST(SecretWipe, ConfigurationTextLeavesNoPskOrPassword) {
  std::string text = config_text();  // the caller's buffer, outside the watch
  EXPECT_EQ(freed_with_marker([&] {
              auto config = config::load_string(text, "wipe.conf");
              ASSERT_TRUE(config) << config.error().message;
              EXPECT_EQ(config->secrets.size(), 2u);
            }),
            0);
}

TEST(SecretWipe, ConfigurationFileLeavesNoPskOrPassword) {
  char path[] = "/tmp/oakley-wipe-XXXXXX";
  int fd = ::mkstemp(path);
  ASSERT_GE(fd, 0);
  std::string text = config_text();
  ASSERT_EQ(::write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fd);
  std::string file = path;
  EXPECT_EQ(freed_with_marker([&] {
              auto config = config::load_file(file);
              ASSERT_TRUE(config) << config.error().message;
              EXPECT_EQ(config->secrets.size(), 2u);
            }),
            0);
  ::unlink(path);
}

TEST(SecretWipe, XauthAttributesOnTheWireLeaveNoPassword) {
  namespace w = wire::ikev1;
  using A = w::ModeCfgAttribute;
  EXPECT_EQ(
      freed_with_marker([] {
        w::AttributePayload reply{w::CfgType::kReply, 7, {}};
        reply.attributes.push_back(wire::DataAttribute::variable(
            static_cast<std::uint16_t>(A::kXauthUserName), Bytes{'c', 'a', 'r', 'o', 'l'}));
        reply.attributes.push_back(
            wire::DataAttribute::variable(static_cast<std::uint16_t>(A::kXauthUserPassword),
                                          Bytes(kPassword.begin(), kPassword.end())));
        std::vector<w::Payload> payloads;
        payloads.push_back(w::Payload{std::move(reply)});
        auto chain = w::encode_payload_chain(payloads);
        ASSERT_TRUE(chain);
        auto parsed = w::parse_payload_chain(chain->first_type, chain->bytes);
        ASSERT_TRUE(parsed);
        ASSERT_EQ(parsed->size(), 1u);
        const auto* attrs = parsed->front().get<w::AttributePayload>();
        ASSERT_NE(attrs, nullptr);
        const auto* pw = wire::find_attribute(attrs->attributes, A::kXauthUserPassword);
        ASSERT_NE(pw, nullptr);
        const auto& value = std::get<Bytes>(pw->value);
        EXPECT_TRUE(std::equal(value.begin(), value.end(), kPassword.begin(), kPassword.end()));
        // What the engine does with the plaintext chain once it is encrypted, and with the raw
        // bodies of the payloads it decrypted (the attribute values wipe themselves).
        secure_wipe(chain->bytes.data(), chain->bytes.size());
        for (auto& p : *parsed)
          secure_wipe(p.raw_body.data(), p.raw_body.size());
      }),
      0);
}

}  // namespace
}  // namespace oakley

namespace oakley::ikev1::testing {
namespace {

// The client and the gateway of an XAuth exchange, both with the marker in the PSK and in
// carol's password; the configuration texts are gone before the watch starts.
SideOptions xauth_side(bool client) {
  SideOptions o;
  o.psk = kSecret;
  o.extra_conn = client ? "local-xauth {\n  round = 2\n  auth = xauth\n  xauth_id = carol\n}"
                        : "remote-xauth {\n  round = 2\n  auth = xauth\n}";
  o.extra_top =
      "secrets {\n  xauth-carol {\n    id = carol\n    secret = \"" + kPassword + "\"\n  }\n}\n";
  return o;
}

TEST_F(TwoEngines, PskAndXauthPasswordAreNotLeftInFreedMemory) {
  start(side_config(true, xauth_side(true)), side_config(false, xauth_side(false)));
  Status st;
  EXPECT_EQ(freed_with_marker([&] { st = initiate_left(); }), 0);
  ASSERT_TRUE(st) << st.error().message << "\n" << logs_text();
  EXPECT_TRUE(log_contains("XAuth: accepted user 'carol'")) << logs_text();
  EXPECT_EQ(right->installed_children(), 1u);
}

}  // namespace
}  // namespace oakley::ikev1::testing
