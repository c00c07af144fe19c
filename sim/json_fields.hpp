#pragma once
// Strict reading of one JSON object: typed fields with range checks, and a refusal of
// any key nobody asked for. Every error names the field's full path.

#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pollbench::sim {

class JsonFields {
 public:
  // Throws InputError unless j is an object.
  JsonFields(const nlohmann::json& j, std::string path);

  const std::string& path() const { return path_; }
  std::string path_of(const std::string& key) const;
  bool has(const std::string& key) const;

  // The field's value, or nullptr when absent; marks the key as known.
  const nlohmann::json* find(const std::string& key);
  const nlohmann::json& required(const std::string& key);

  double number(const std::string& key);
  double number(const std::string& key, double fallback);
  double positive(const std::string& key);
  double positive(const std::string& key, double fallback);
  double non_negative(const std::string& key, double fallback);
  double probability(const std::string& key, double fallback);
  std::uint64_t count(const std::string& key, std::uint64_t fallback);
  bool flag(const std::string& key, bool fallback);
  std::string text(const std::string& key);
  std::string text(const std::string& key, const std::string& fallback);

  // Throws InputError naming the first key that was never read.
  void reject_unknown() const;

 private:
  double checked_number(const std::string& key, const nlohmann::json& value) const;

  const nlohmann::json& json_;
  std::string path_;
  std::set<std::string> known_;
};

std::string index_path(const std::string& path, std::size_t i);

// An array of numbers >= 0; an element that is not is refused as "expected <item>, got ...".
std::vector<double> non_negative_numbers(const nlohmann::json& j, const std::string& path, const std::string& item);

// Parses JSON text within limits::max_json_depth; throws InputError naming `source` and,
// where it can, the path inside it when the text is malformed, too deep or holds a number
// beyond a double.
nlohmann::json parse_json_text(std::string_view text, const std::string& source);
// Parses a JSON file; throws InputError naming the file when it cannot be read or parsed.
nlohmann::json read_json_file(const std::string& file);

}  // namespace pollbench::sim
