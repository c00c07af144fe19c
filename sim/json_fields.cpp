#include "sim/json_fields.hpp"

#include <cmath>
#include <fmt/format.h>
#include <functional>
#include <limits>

#include "sim/input_error.hpp"
#include "sim/input_file.hpp"
#include "sim/limits.hpp"

namespace pollbench::sim {

namespace {
std::string shown(const nlohmann::json& value) {
  auto text = value.dump();
  return text.size() > 40 ? text.substr(0, 37) + "..." : text;
}
}  // namespace

JsonFields::JsonFields(const nlohmann::json& j, std::string path) : json_(j), path_(std::move(path)) {
  if (!j.is_object()) throw InputError(path_.empty() ? "(top level)" : path_, "expected an object, got " + shown(j));
}

std::string JsonFields::path_of(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

std::string index_path(const std::string& path, std::size_t i) { return fmt::format("{}[{}]", path, i); }

std::vector<double> non_negative_numbers(const nlohmann::json& j, const std::string& path, const std::string& item) {
  if (!j.is_array()) throw InputError(path, "expected an array of numbers");
  std::vector<double> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    if (!j[i].is_number() || j[i].get<double>() < 0)
      throw InputError(index_path(path, i), "expected " + item + ", got " + j[i].dump());
    out.push_back(j[i].get<double>());
  }
  return out;
}

bool JsonFields::has(const std::string& key) const { return json_.contains(key); }

const nlohmann::json* JsonFields::find(const std::string& key) {
  known_.insert(key);
  const auto it = json_.find(key);
  return it == json_.end() ? nullptr : &*it;
}

const nlohmann::json& JsonFields::required(const std::string& key) {
  const auto* value = find(key);
  if (value == nullptr) throw InputError(path_of(key), "is required");
  return *value;
}

double JsonFields::checked_number(const std::string& key, const nlohmann::json& value) const {
  if (!value.is_number()) throw InputError(path_of(key), "expected a number, got " + shown(value));
  const double x = value.get<double>();
  if (!std::isfinite(x)) throw InputError(path_of(key), "must be finite");
  return x;
}

double JsonFields::number(const std::string& key) { return checked_number(key, required(key)); }

double JsonFields::number(const std::string& key, double fallback) {
  const auto* value = find(key);
  return value == nullptr ? fallback : checked_number(key, *value);
}

double JsonFields::positive(const std::string& key) {
  const double x = number(key);
  if (x <= 0) throw InputError(path_of(key), fmt::format("must be > 0, got {}", x));
  return x;
}

double JsonFields::positive(const std::string& key, double fallback) {
  return has(key) ? positive(key) : (find(key), fallback);
}

double JsonFields::non_negative(const std::string& key, double fallback) {
  const double x = number(key, fallback);
  if (x < 0) throw InputError(path_of(key), fmt::format("must be >= 0, got {}", x));
  return x;
}

double JsonFields::probability(const std::string& key, double fallback) {
  const double x = number(key, fallback);
  if (x < 0 || x > 1) throw InputError(path_of(key), fmt::format("must be a probability in [0, 1], got {}", x));
  return x;
}

std::uint64_t JsonFields::count(const std::string& key, std::uint64_t fallback) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_number_integer() || value->get<std::int64_t>() < 0)
    throw InputError(path_of(key), "expected a whole number >= 0, got " + shown(*value));
  return value->get<std::uint64_t>();
}

bool JsonFields::flag(const std::string& key, bool fallback) {
  const auto* value = find(key);
  if (value == nullptr) return fallback;
  if (!value->is_boolean()) throw InputError(path_of(key), "expected true or false, got " + shown(*value));
  return value->get<bool>();
}

std::string JsonFields::text(const std::string& key) {
  const auto& value = required(key);
  if (!value.is_string()) throw InputError(path_of(key), "expected a string, got " + shown(value));
  return value.get<std::string>();
}

std::string JsonFields::text(const std::string& key, const std::string& fallback) {
  return has(key) ? text(key) : (find(key), fallback);
}

namespace {

// Follows a parse event by event, so that an error can name where it is
// ("models[2].completion.median_s"), and refuses nesting deeper than
// limits::max_json_depth before the parser goes down another level.
class ParseTrail {
 public:
  bool operator()(int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    using Event = nlohmann::json::parse_event_t;
    switch (event) {
      case Event::object_start:
      case Event::array_start:
        if (depth >= limits::max_json_depth)  // 64 levels of path: its two ends say enough
          throw InputError(path(6), fmt::format("nested deeper than {} levels", limits::max_json_depth));
        levels_.push_back({event == Event::array_start, 0, {}});
        break;
      case Event::key:
        levels_.back().key = parsed.get<std::string>();
        break;
      case Event::object_end:
      case Event::array_end:
        levels_.pop_back();
        [[fallthrough]];
      case Event::value:
        if (!levels_.empty() && levels_.back().array) ++levels_.back().index;
        break;
    }
    return true;
  }

  // Where the parse is; with `ends`, only that many levels at each end around "...".
  std::string path(std::size_t ends = std::numeric_limits<std::size_t>::max() / 2) const {
    std::string text;
    for (std::size_t i = 0; i < levels_.size(); ++i) {
      if (i == ends && levels_.size() > 2 * ends) {
        text += "...";
        i = levels_.size() - ends;
      }
      const auto& level = levels_[i];
      text += level.array ? fmt::format("[{}]", level.index) : (text.empty() ? "" : ".") + level.key;
    }
    return text.empty() ? "(top level)" : text;
  }

 private:
  struct Level {
    bool array;
    std::size_t index;  // the element being read
    std::string key;    // the member being read
  };
  std::vector<Level> levels_;
};

}  // namespace

nlohmann::json parse_json_text(std::string_view text, const std::string& source) {
  ParseTrail trail;
  try {
    return nlohmann::json::parse(text, std::ref(trail));
  } catch (const InputError& e) {
    throw InputError(source + ": " + e.where(), e.reason());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source, fmt::format("not valid JSON (byte {})", e.byte));
  } catch (const nlohmann::json::exception& e) {
    // A number beyond a double (1e999): nlohmann says "number overflow parsing '1e999'".
    const std::string what = e.what();
    throw InputError(source + ": " + trail.path(), what.substr(what.find("] ") + 2));
  }
}

nlohmann::json read_json_file(const std::string& file) { return parse_json_text(read_input_file(file), file); }

void JsonFields::reject_unknown() const {
  for (const auto& [key, value] : json_.items()) {
    if (!known_.contains(key)) throw InputError(path_of(key), "unknown key");
  }
}

}  // namespace pollbench::sim
