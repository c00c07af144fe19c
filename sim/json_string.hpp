#pragma once
// A text as a JSON string, safe for any bytes: written exactly as nlohmann's dump
// writes it with invalid UTF-8 replaced by U+FFFD, without building a JSON value first.

#include <string>
#include <string_view>

namespace pollbench::sim {

void append_json_string(std::string& out, std::string_view text);

}  // namespace pollbench::sim
