// `oakctl monitor` without --json: one line per SA event, in the words of the daemon's log.
#include <fmt/format.h>

#include "cli/format.hpp"
#include "cli/json_access.hpp"

namespace oakley::cli {
namespace {

std::string joined(const Json& event, std::string_view key) {
  return fmt::format("{}", fmt::join(get_strings(event, key), ","));
}

std::string ike_part(const Json& e) {
  auto text =
      fmt::format("{}[{}] {}[{}]...{}[{}]", get_string(e, "connection").value_or("?"),
                  get_int(e, "ike_id").value_or(0), get_string(e, "local").value_or("?"),
                  get_string(e, "local_id").value_or(""), get_string(e, "remote").value_or("?"),
                  get_string(e, "remote_id").value_or(""));
  if (auto v = joined(e, "local_vips"); !v.empty()) text += " vip " + v;
  if (auto v = joined(e, "remote_vips"); !v.empty()) text += " peer-vip " + v;
  return text;
}

std::string child_part(const Json& e) {
  auto name = fmt::format("{}/{}", get_string(e, "connection").value_or("?"),
                          get_string(e, "child").value_or("?"));
  auto id = get_int(e, "child_id");
  if (!id) return fmt::format("{} (IKE #{})", name, get_int(e, "ike_id").value_or(0));
  return fmt::format("{}{{{}}} reqid {} SPIs {}_i {}_o {} === {}", name, *id,
                     get_int(e, "reqid").value_or(0), get_string(e, "spi_in").value_or("?"),
                     get_string(e, "spi_out").value_or("?"), joined(e, "local_ts"),
                     joined(e, "remote_ts"));
}

}  // namespace

std::string format_sa_event(const Json& event) {
  auto type = get_string(event, "event").value_or("");
  if (type == "subscribed") return "";
  if (type == "overflow") return "overflow: events were lost, monitor stopped\n";
  if (type != "sa") return format_event(event);
  auto kind = get_string(event, "kind").value_or("?");
  std::string text = kind.starts_with("child") ? child_part(event) : ike_part(event);
  if (auto r = get_int(event, "replaces")) text += fmt::format(" replaces #{}", *r);
  if (auto reason = get_string(event, "reason")) text += ": " + *reason;
  return fmt::format("{:<13} {}\n", kind, text);
}

}  // namespace oakley::cli
