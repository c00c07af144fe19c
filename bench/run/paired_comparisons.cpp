#include "bench/run/paired_comparisons.hpp"

#include <algorithm>

#include "bench/drivers/sim_driver.hpp"
#include "bench/metrics.hpp"
#include "bench/run/parallel_map.hpp"
#include "reports/recommendation.hpp"

namespace pollbench::bench {

std::vector<reports::PairedRequests> compare_picks(const sim::Scenario& scenario,
                                                   const std::vector<strategies::NamedStrategy>& strategies,
                                                   const reports::RunResult& run, unsigned threads) {
  if (scenario.tasks_per_model > max_paired_tasks) return {};
  const auto named = [&](const std::string& name) {
    return std::find_if(strategies.begin(), strategies.end(), [&](const auto& s) { return s.name == name; });
  };
  struct Job {
    const sim::ModelProfile* model;
    const strategies::NamedStrategy *pick, *guide;
  };
  std::vector<Job> jobs;
  for (const auto& rec : reports::recommendations(run)) {
    if (!rec.compares()) continue;
    const auto model = std::find_if(scenario.models.begin(), scenario.models.end(),
                                    [&](const auto& m) { return m.name == rec.model; });
    const auto pick = named(rec.pick->strategy), guide = named(rec.guide->strategy);
    if (model != scenario.models.end() && pick != strategies.end() && guide != strategies.end())
      jobs.push_back({&*model, &*pick, &*guide});
  }
  return parallel_map(jobs.size(), threads, [&](std::size_t i) {
    const ModelWorld world(scenario, *jobs[i].model);
    auto paired = paired_requests(simulate(jobs[i].pick->strategy, world), simulate(jobs[i].guide->strategy, world));
    paired.model = jobs[i].model->name;
    paired.strategy = jobs[i].pick->name;
    paired.against = jobs[i].guide->name;
    return paired;
  });
}

}  // namespace pollbench::bench
