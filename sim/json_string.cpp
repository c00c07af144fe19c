#include "sim/json_string.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace pollbench::sim {

void append_json_string(std::string& out, std::string_view text) {
  // Printable ASCII needs no escape, which is what ids, names and URLs hold; anything
  // else goes through nlohmann's own serializer, so both ways write the same bytes.
  const bool plain =
      std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
  if (!plain) {
    out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace pollbench::sim
