#include <fmt/format.h>

#include "reports/metric_schema.hpp"
#include "reports/reporters.hpp"

namespace pollbench::reports {

namespace {
std::string quoted(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string q = "\"";
  for (char c : text) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Full precision; empty for an optional metric the row lacks.
std::string csv_cell(const Metric& m, const ResultRecord& r) {
  return with_field(m, r, [](const auto& v) {
    if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::optional<double>>)
      return v ? fmt::format("{}", *v) : std::string{};
    else
      return fmt::format("{}", v);
  });
}
}  // namespace

void CsvReporter::write(const RunResult& run, std::ostream& out) const {
  out << "strategy,model";
  for (const auto& m : metric_schema()) out << ',' << m.csv_column;
  out << '\n';
  for (const auto& r : run.records) {
    out << quoted(r.strategy) << ',' << quoted(r.model);
    for (const auto& m : metric_schema()) out << ',' << csv_cell(m, r);
    out << '\n';
  }
}

}  // namespace pollbench::reports
