#pragma once
// Escaping text for HTML, SVG and XML output.

#include <string>

namespace pollbench::reports {

std::string markup_escaped(const std::string& text);

}  // namespace pollbench::reports
