#pragma once
// Writes and reads a plain struct's fields through its list of sim::NamedMember (a tuple),
// so a field's key, order and range are written in one place.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

#include "reports/result_record.hpp"
#include "sim/json_fields.hpp"
#include "sim/named_member.hpp"

namespace pollbench::reports {

// What a value is in JSON: an absent optional is null.
nlohmann::ordered_json json_of(const std::string& v);
nlohmann::ordered_json json_of(double v);
nlohmann::ordered_json json_of(std::uint64_t v);
nlohmann::ordered_json json_of(bool v);
nlohmann::ordered_json json_of(const std::optional<double>& v);
nlohmann::ordered_json json_of(const std::optional<std::string>& v);
nlohmann::ordered_json json_of(const Summary& v);

// A value read at `key`: text and flags are required; an optional may be absent or null;
// a count defaults to 0; a positive number is required, a non-negative one defaults to 0;
// a summary is required with all five statistics.
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, std::string& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, double& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, std::uint64_t& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, bool& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, std::optional<double>& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, std::optional<std::string>& v);
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, Summary& v);

// A struct with a list of its own (a `fields_of` overload beside it) nests as an object.
template <class T>
requires requires(const T& t) { fields_of(t); }
nlohmann::ordered_json json_of(const T& v);
template <class T>
requires requires(const T& t) { fields_of(t); }
void read_into(sim::JsonFields& f, const std::string& key, sim::Range range, T& v);

template <class T, class... M>
void write_fields(const std::tuple<sim::NamedMember<T, M>...>& fields, const T& value, nlohmann::ordered_json& j) {
  std::apply([&](const auto&... f) { ((j[std::string(f.key)] = json_of(value.*f.member)), ...); }, fields);
}

// Reads every field in order; the caller refuses unknown keys once the object is read.
template <class T, class... M>
void read_fields(const std::tuple<sim::NamedMember<T, M>...>& fields, sim::JsonFields& f, T& value) {
  std::apply([&](const auto&... d) { (read_into(f, std::string(d.key), d.range, value.*d.member), ...); }, fields);
}

// The object at `key` read with its own list, its unknown keys refused.
template <class T, class... M>
void read_object_fields(sim::JsonFields& f, const std::string& key, const std::tuple<sim::NamedMember<T, M>...>& fields,
                        T& value) {
  sim::JsonFields inner(f.required(key), f.path_of(key));
  read_fields(fields, inner, value);
  inner.reject_unknown();
}

template <class T>
requires requires(const T& t) { fields_of(t); }
nlohmann::ordered_json json_of(const T& v) {
  auto j = nlohmann::ordered_json::object();
  write_fields(fields_of(v), v, j);
  return j;
}

template <class T>
requires requires(const T& t) { fields_of(t); }
void read_into(sim::JsonFields& f, const std::string& key, sim::Range, T& v) {
  read_object_fields(f, key, fields_of(v), v);
}

}  // namespace pollbench::reports
