#include "bench/tune/trace_fit.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <map>
#include <numeric>
#include <sstream>

#include "sim/input_error.hpp"
#include "sim/input_file.hpp"
#include "sim/limits.hpp"

namespace pollbench::bench {

namespace {

double ks_distance(const std::vector<double>& sorted, const sim::Distribution& law) {
  double d = 0;
  const double n = static_cast<double>(sorted.size());
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const double f = law.cdf(sim::Seconds{sorted[i]});
    d = std::max({d, std::abs(f - static_cast<double>(i) / n), std::abs(f - static_cast<double>(i + 1) / n)});
  }
  return d;
}

struct Observed {
  std::vector<double> success, failed;
  std::size_t hangs = 0;
};

struct Trace {
  std::vector<std::string> models;  // in the order they first appear
  std::map<std::string, Observed> observed;
};

double duration_field(const std::string& where, const std::string& text) {
  double seconds = 0;
  try {
    std::size_t used = 0;
    seconds = std::stod(text, &used);
    if (used != text.size()) throw std::invalid_argument(text);
  } catch (const std::exception&) {
    throw InputError(where, "duration_s is not a number: \"" + text + "\"");
  }
  if (!(seconds > 0) || !(seconds <= sim::limits::max_trace_duration_s))
    throw InputError(where, fmt::format("duration_s must be > 0 and at most {} (30 days), got {}",
                                        sim::limits::max_trace_duration_s, seconds));
  return seconds;
}

// Every line checked before any model changes; InputError names the file and line.
Trace read_trace(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  Trace trace;
  std::string line;
  std::size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1) {
      if (line != "model,duration_s,state")
        throw InputError(fmt::format("{}:1", file), "expected the header model,duration_s,state");
      continue;
    }
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string model, duration, state, extra;
    std::getline(fields, model, ',');
    std::getline(fields, duration, ',');
    std::getline(fields, state, ',');
    const auto where = fmt::format("{}:{}", file, number);
    if (model.empty() || std::getline(fields, extra, ',')) throw InputError(where, "expected model,duration_s,state");
    const double seconds = duration_field(where, duration);
    if (!trace.observed.contains(model)) trace.models.push_back(model);
    auto& o = trace.observed[model];
    if (state == "success")
      o.success.push_back(seconds);
    else if (state == "failed")
      o.failed.push_back(seconds);
    else if (state == "hang")
      ++o.hangs;
    else
      throw InputError(where, "state must be success, failed or hang, got \"" + state + "\"");
  }
  // A fit from nothing would leave the scenario's own laws and say nothing of it.
  if (number == 0) throw InputError(file, "is empty: expected the header model,duration_s,state and rows");
  if (trace.models.empty()) throw InputError(file, "has no rows after its header: nothing to fit");
  return trace;
}

}  // namespace

reports::LawFit fit_law(const std::string& model, std::vector<double> xs, sim::Distribution& fitted) {
  std::sort(xs.begin(), xs.end());
  const double n = static_cast<double>(xs.size());
  double mean_log = 0, mean = 0;
  for (double x : xs) mean_log += std::log(x) / n, mean += x / n;
  double var_log = 0, var = 0;
  for (double x : xs) var_log += std::pow(std::log(x) - mean_log, 2) / n, var += std::pow(x - mean, 2) / n;
  const sim::Distribution lognormal = sim::LogNormal{mean_log, std::max(1e-6, std::sqrt(var_log))};
  const double shape = mean * mean / std::max(var, 1e-12);
  const sim::Distribution gamma = sim::Gamma{shape, mean / shape};
  const double ks_lognormal = ks_distance(xs, lognormal), ks_gamma = ks_distance(xs, gamma);
  reports::LawFit fit{model, "", xs.size(), 0};
  if (ks_lognormal <= ks_gamma) {
    fitted = lognormal;
    fit.law = fmt::format("lognormal median {:.3g} s, sigma {:.3g}", std::exp(mean_log), std::sqrt(var_log));
    fit.ks_statistic = ks_lognormal;
  } else {
    fitted = gamma;
    fit.law = fmt::format("gamma shape {:.3g}, scale {:.3g} s", shape, mean / shape);
    fit.ks_statistic = ks_gamma;
  }
  return fit;
}

std::vector<reports::LawFit> apply_trace(sim::Scenario& scenario, const std::string& file) {
  return apply_trace_text(scenario, sim::read_input_file(file), file);
}

std::vector<reports::LawFit> apply_trace_text(sim::Scenario& scenario, const std::string& text,
                                              const std::string& file) {
  const auto trace = read_trace(text, file);
  std::vector<reports::LawFit> fits;
  for (const auto& name : trace.models) {
    const auto& o = trace.observed.at(name);
    if (o.success.size() < 2)
      throw InputError(file,
                       fmt::format("model {} has {} success rows; a fit needs at least 2", name, o.success.size()));
    auto it = std::ranges::find(scenario.models, name, &sim::ModelProfile::name);
    if (it == scenario.models.end()) {
      sim::ModelProfile fresh;
      fresh.name = name;
      fresh.key = sim::model_key(name);
      scenario.models.push_back(fresh);
      it = scenario.models.end() - 1;
    }
    fits.push_back(fit_law(name, o.success, it->completion));
    const double total = static_cast<double>(o.success.size() + o.failed.size() + o.hangs);
    it->failure.rate = static_cast<double>(o.failed.size()) / total;
    it->hang_rate = static_cast<double>(o.hangs) / total;
    if (o.failed.size() >= 2)
      fit_law(name, o.failed, it->failure.time);
    else
      it->failure.time = it->completion;
  }
  return fits;
}

}  // namespace pollbench::bench
