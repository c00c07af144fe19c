#include "reports/struct_fields.hpp"

#include "sim/input_error.hpp"

namespace pollbench::reports {

using nlohmann::ordered_json;
using sim::JsonFields;

ordered_json json_of(const std::string& v) { return v; }
ordered_json json_of(double v) { return v; }
ordered_json json_of(std::uint64_t v) { return v; }
ordered_json json_of(bool v) { return v; }
ordered_json json_of(const std::optional<double>& v) { return v ? ordered_json(*v) : ordered_json(); }
ordered_json json_of(const std::optional<std::string>& v) { return v ? ordered_json(*v) : ordered_json(); }
ordered_json json_of(const Summary& v) {
  return {{"mean", v.mean}, {"p50", v.p50}, {"p95", v.p95}, {"p99", v.p99}, {"max", v.max}};
}

void read_into(JsonFields& f, const std::string& key, sim::Range, std::string& v) { v = f.text(key); }

void read_into(JsonFields& f, const std::string& key, sim::Range range, double& v) {
  v = range == sim::Range::positive ? f.positive(key) : f.non_negative(key, 0);
}

void read_into(JsonFields& f, const std::string& key, sim::Range, std::uint64_t& v) { v = f.count(key, 0); }

void read_into(JsonFields& f, const std::string& key, sim::Range, bool& v) {
  const auto& j = f.required(key);
  if (!j.is_boolean()) throw InputError(f.path_of(key), "expected true or false, got " + j.dump());
  v = j.get<bool>();
}

void read_into(JsonFields& f, const std::string& key, sim::Range, std::optional<double>& v) {
  const auto* j = f.find(key);
  if (j && !j->is_null()) v = f.number(key);
}

void read_into(JsonFields& f, const std::string& key, sim::Range, std::optional<std::string>& v) {
  const auto* j = f.find(key);
  if (j && !j->is_null()) v = f.text(key);
}

void read_into(JsonFields& f, const std::string& key, sim::Range, Summary& v) {
  JsonFields s(f.required(key), f.path_of(key));
  v = {s.number("mean"), s.number("p50"), s.number("p95"), s.number("p99"), s.number("max")};
  s.reject_unknown();
}

}  // namespace pollbench::reports
