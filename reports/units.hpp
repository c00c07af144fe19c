#pragma once
// Human units with sensible precision: 340 ms, 1.5 s, 4.2 min, 0.1%.

#include <string>

namespace pollbench::reports {

std::string human_duration(double seconds);
std::string human_percent(double fraction);
std::string human_count(double value);

}  // namespace pollbench::reports
