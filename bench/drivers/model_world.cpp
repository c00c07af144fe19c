#include "bench/drivers/model_world.hpp"

#include <algorithm>

namespace pollbench::bench {

ModelWorld::ModelWorld(const sim::Scenario& scenario, const sim::ModelProfile& m)
    : model(m),
      seed(scenario.seed),
      service(m, scenario.seed, scenario.request_timeout),
      tasks(scenario.tasks_per_model),
      arrivals(scenario.arrival, scenario.seed, m.key, scenario.tasks_per_model),
      // --tasks below clients_per_model: a client beyond the tasks would have none, and
      // task i goes to client i either way.
      clients(std::min(scenario.clients_per_model, scenario.tasks_per_model)),
      rate_limit(scenario.rate_limit),
      fail_message_mentions_network(sim::mentions_network(m.failure.code, m.failure.message)) {}

}  // namespace pollbench::bench
