#pragma once
// A number in a strategy config that the tuner's local search may move, typed by what it
// measures: its unit decides how a moved value is rounded, `least` how low it may go.

#include <nlohmann/json.hpp>

#include "sim/time.hpp"

namespace pollbench::bench {

enum class KnobUnit {
  milliseconds,  // rounded to 100 ms; under 100 ms it becomes `least`
  seconds,       // rounded to 0.1 s
  count,         // rounded to a whole number
  multiplier,    // rounded to 0.01
  delay_price,   // requests one second of delay is worth: three significant digits
};

struct Knob {
  nlohmann::ordered_json::json_pointer at;
  KnobUnit unit;
  double least = 0;  // the smallest value the search may set

  // `config` with this knob's value times `factor`, rounded as its unit is written.
  nlohmann::ordered_json scaled(nlohmann::ordered_json config, double factor) const;
};

// Whole milliseconds in steps of 100, at least 100: configs people paste should look
// like configs.
long rounded_ms(sim::Seconds duration);

// Three significant digits, as a delay price is written.
double three_digits(double value);

}  // namespace pollbench::bench
