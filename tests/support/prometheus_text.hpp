#pragma once
// A strict reader of Prometheus's text exposition format (version 0.0.4), for checking
// what GET /metrics writes where promtool is not installed: the syntax of every line,
// HELP and TYPE once per family and before its samples, a family's samples together, no
// series twice, and for a histogram cumulative buckets ending at +Inf equal to _count.

#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace pollbench::testing {

namespace exposition_detail {

inline bool name_char(char c, bool first, bool colon) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
  return letter || (!first && c >= '0' && c <= '9');
}

// The name at the start of `s`, taken off it; empty when there is none.
inline std::string take_name(std::string_view& s, bool colon) {
  std::size_t n = 0;
  while (n < s.size() && name_char(s[n], n == 0, colon)) ++n;
  std::string name(s.substr(0, n));
  s.remove_prefix(n);
  return name;
}

inline std::optional<double> number(std::string_view s) {
  if (s == "+Inf" || s == "Inf") return INFINITY;
  if (s == "-Inf") return -INFINITY;
  if (s == "NaN") return NAN;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

struct Sample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

// One sample line: name{label="value",...} value [timestamp].
inline std::optional<Sample> sample(std::string_view s) {
  Sample out;
  out.name = take_name(s, true);
  if (out.name.empty()) return std::nullopt;
  if (!s.empty() && s.front() == '{') {
    s.remove_prefix(1);
    while (!s.empty() && s.front() != '}') {
      auto label = take_name(s, false);
      if (label.empty() || s.substr(0, 2) != "=\"") return std::nullopt;
      s.remove_prefix(2);
      std::string value;
      while (!s.empty() && s.front() != '"') {
        if (s.front() == '\\') {
          if (s.size() < 2 || (s[1] != '\\' && s[1] != '"' && s[1] != 'n')) return std::nullopt;
          value.push_back(s[1] == 'n' ? '\n' : s[1]);
          s.remove_prefix(2);
        } else {
          value.push_back(s.front());
          s.remove_prefix(1);
        }
      }
      if (s.empty() || !out.labels.emplace(std::move(label), std::move(value)).second) return std::nullopt;
      s.remove_prefix(1);
      if (!s.empty() && s.front() == ',') s.remove_prefix(1);
    }
    if (s.empty()) return std::nullopt;
    s.remove_prefix(1);
  }
  if (s.empty() || s.front() != ' ') return std::nullopt;
  s.remove_prefix(1);
  const auto space = s.find(' ');
  const auto value = number(s.substr(0, space));
  if (!value) return std::nullopt;
  if (space != std::string_view::npos) {
    long long timestamp = 0;
    const auto t = s.substr(space + 1);
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), timestamp);
    if (ec != std::errc{} || end != t.data() + t.size()) return std::nullopt;
  }
  out.value = *value;
  return out;
}

struct Histogram {
  std::vector<std::pair<double, double>> buckets;  // (le, count) in the order written
  std::optional<double> count, sum;
};

inline std::optional<std::string> histogram_error(const std::string& series, const Histogram& h) {
  if (h.buckets.empty() || !h.count || !h.sum) return series + ": a histogram needs _bucket, _sum and _count";
  for (std::size_t i = 1; i < h.buckets.size(); ++i)
    if (!(h.buckets[i].first > h.buckets[i - 1].first) || h.buckets[i].second < h.buckets[i - 1].second)
      return series + ": buckets not in increasing le with cumulative counts";
  if (!std::isinf(h.buckets.back().first)) return series + ": no le=\"+Inf\" bucket";
  if (h.buckets.back().second != *h.count) return series + ": the +Inf bucket differs from _count";
  return std::nullopt;
}

// What has been read of an exposition so far; each line's check says what is wrong
// with it, or nullopt.
struct Reader {
  std::map<std::string, std::string> types;
  std::set<std::string> helps, done, sampled, series;
  std::string current;  // the family whose samples are being written
  std::map<std::string, Histogram> histograms;

  std::optional<std::string> metadata(std::string_view line) {
    auto rest = line.substr(7);
    auto name = take_name(rest, true);
    if (name.empty() || (!rest.empty() && rest.front() != ' ')) return "a bad metric name";
    if (done.contains(name)) return name + " comes back after another family";
    if (line[2] == 'H' && !helps.insert(name).second) return "a second HELP for " + name;
    if (line[2] == 'T') {
      const auto type = std::string(rest.substr(rest.empty() ? 0 : 1));
      if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" && type != "untyped")
        return "unknown type \"" + type + "\"";
      if (!types.emplace(name, type).second || sampled.contains(name)) return "TYPE for " + name + " too late";
    }
    if (current != name && !current.empty()) done.insert(current);
    current = name;
    return std::nullopt;
  }

  std::optional<std::string> sample_line(std::string_view line) {
    const auto s = sample(line);
    if (!s) return "not a sample: " + std::string(line);
    auto family = s->name;
    for (const std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      const auto base = s->name.substr(0, s->name.size() - std::min(s->name.size(), suffix.size()));
      if (s->name.ends_with(suffix) && types.contains(base) && types[base] == "histogram") family = base;
    }
    if (!types.contains(family)) return "no TYPE for " + family;
    if (family != current) return family + "'s samples are not together under its TYPE";
    sampled.insert(family);
    std::string key = s->name;
    for (const auto& [k, v] : s->labels) key += "," + k + "=" + v;
    if (!series.insert(key).second) return "the series " + key + " twice";
    if (types[family] == "counter" && !(s->value >= 0)) return "a counter below zero";
    if (types[family] != "histogram") return std::nullopt;
    return histogram_sample(*s, family);
  }

  std::optional<std::string> histogram_sample(const Sample& s, const std::string& family) {
    auto labels = s.labels;
    const auto le = labels.extract("le");
    std::string id = family;
    for (const auto& [k, v] : labels) id += "," + k + "=" + v;
    auto& h = histograms[id];
    if (s.name == family) return "a histogram's sample without _bucket, _sum or _count";
    if (s.name.ends_with("_bucket")) {
      const auto bound = le ? number(le.mapped()) : std::nullopt;
      if (!bound) return "a bucket without a number in le";
      h.buckets.emplace_back(*bound, s.value);
    } else {
      (s.name.ends_with("_sum") ? h.sum : h.count) = s.value;
    }
    return std::nullopt;
  }
};

}  // namespace exposition_detail

// The first thing wrong with `text` as an exposition, or nullopt when it reads whole.
inline std::optional<std::string> exposition_error(std::string_view text) {
  if (!text.empty() && text.back() != '\n') return "the last line does not end with a newline";
  exposition_detail::Reader reader;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    const auto line = text.substr(0, end);
    text.remove_prefix(end + 1);
    ++line_number;
    std::optional<std::string> wrong;
    if (line.starts_with("# HELP ") || line.starts_with("# TYPE "))
      wrong = reader.metadata(line);
    else if (!line.empty() && line.front() != '#')
      wrong = reader.sample_line(line);
    if (wrong) return "line " + std::to_string(line_number) + ": " + *wrong;
  }
  for (const auto& [id, h] : reader.histograms)
    if (auto e = exposition_detail::histogram_error(id, h)) return e;
  return std::nullopt;
}

}  // namespace pollbench::testing
