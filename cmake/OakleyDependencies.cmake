# Every dependency is a Debian package installed by scripts/setup; the README says why each is here.
find_package(OpenSSL 3.0 REQUIRED)
find_package(fmt REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 REQUIRED)
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(libsystemd REQUIRED IMPORTED_TARGET libsystemd)
pkg_check_modules(libmicrohttpd REQUIRED IMPORTED_TARGET libmicrohttpd)
find_path(ASIO_INCLUDE_DIR asio.hpp REQUIRED)
add_library(asio_standalone INTERFACE)
target_include_directories(asio_standalone SYSTEM INTERFACE ${ASIO_INCLUDE_DIR})
target_link_libraries(asio_standalone INTERFACE Threads::Threads)
if(NOT OAKLEY_FUZZ)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()
# libcap-ng: the daemon's switch to an unprivileged user keeping CAP_NET_ADMIN (src/daemon).
# libnftables: the data plane's inbound filter (nftables table "inet oakley").
find_package(PkgConfig REQUIRED)
pkg_check_modules(CAPNG REQUIRED IMPORTED_TARGET libcap-ng)
pkg_check_modules(NFTABLES REQUIRED IMPORTED_TARGET libnftables)
# libcurl: OCSP requests and CRL downloads for revocation checks (src/net/http_client).
find_package(CURL REQUIRED)
