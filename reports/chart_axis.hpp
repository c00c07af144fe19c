#pragma once
// One axis of an SVG chart: linear from zero, or logarithmic when the values span decades
// (requests and latencies across strategies do), its ticks, and the estimated width of
// the text drawn on it, so that every label fits and none runs into the next.

#include <string>
#include <vector>

namespace pollbench::reports {

enum class Scale { linear, log };

struct Axis {
  std::string label;
  Scale scale = Scale::linear;
  double lo = 0, hi = 1;  // round numbers around every value; lo > 0 on a log axis
  // A log axis for values some of which are 0 (a webhook's requests): its lower edge
  // stands for 0, a short gap below lo, so that a zero is not read as lo.
  bool zero_edge = false;

  // Where v lies between lo (0) and hi (1); values beyond are drawn at the edge.
  double fraction(double v) const;
  // The label, with " (log)" on a logarithmic axis.
  std::string caption() const;
};

// Whether the positive values span a factor of 30 or more: then a linear axis would
// squash the small ones against zero.
bool spans_decades(const std::vector<double>& values);
// The axis for these values: log when they span decades (with a zero edge when some are
// 0), else linear from zero; either way ending at round numbers around them.
Axis axis_for(std::string label, const std::vector<double>& values);
// A fixed linear axis, such as [0, 1] for a share.
Axis linear_axis(std::string label, double lo, double hi);

// The tick values of an axis drawn `length` pixels long: round numbers, thinned until
// their labels (at `font_px`, side by side or, on a vertical axis, one above the other)
// have room between them.
std::vector<double> axis_ticks(const Axis& axis, double length, double font_px, bool vertical);
// A tick value as drawn: 0.05, 2, 150, 12k, 3M, 1e+12.
std::string tick_text(double v);
// About how wide a sans-serif text is, erring wide: what keeps labels apart.
double text_width(const std::string& text, double font_px);

}  // namespace pollbench::reports
