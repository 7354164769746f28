// The control socket's request path on arbitrary bytes: line framing, JSON parsing, request
// validation, and the error/ok lines the server would answer with (which must parse back as a
// final response with the same id). The client's parser gets the same lines.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "control/line_buffer.hpp"
#include "control/protocol.hpp"

namespace {

using namespace oakley::control;

void check(bool condition) {
  if (!condition) std::abort();
}

void answer(std::string_view line) {
  (void)parse_server_message(line);  // oakctl's side must survive any line too
  auto parsed = parse_json_line(line);
  std::uint64_t id = parsed ? request_id(*parsed) : 0;
  auto request = parsed ? to_request(*parsed) : oakley::Result<Request>(parsed.take_error());
  // Whatever came in, the answer is one line of valid protocol echoing the id.
  std::string out = request ? ok_line(request->id, request->args)
                            : error_line(id, "malformed request: " + request.error().message);
  check(!out.empty() && out.back() == '\n');
  auto reread = parse_server_message(std::string_view(out).substr(0, out.size() - 1));
  check(reread.ok());
  check(reread->id == id);
  check(reread->kind == ServerMessage::Kind::kFinal);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The first byte picks where the stream is split, as reads from a socket would.
  std::size_t split = size == 0 ? 0 : data[0] % (size + 1);
  LineBuffer lines(kMaxRequestBytes);
  lines.append(input.substr(0, split));
  std::string line;
  for (int chunk = 0; chunk < 2; ++chunk) {
    for (;;) {
      auto next = lines.next(line);
      if (next != LineBuffer::Next::kLine) break;
      answer(line);
    }
    if (chunk == 0) lines.append(input.substr(split));
  }
  // And the whole input as one line, as a request without framing.
  answer(input);
  return 0;
}
