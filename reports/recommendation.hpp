#pragma once
// The report's first answer: per model, which strategy to use and what it saves against
// the guide's own code, in one sentence with figures from the run, and the strategy's
// scenario entry ready to paste.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reports/result_record.hpp"

namespace pollbench::reports {

// A row may be recommended when the share of its tasks lost, falsely timed out or
// reported wrongly is at most this, and it detected something.
constexpr double reliable_limit = 0.01;

// Lost, false timeouts and wrong outcomes: the share of tasks the client got wrong.
double unreliable(const ResultRecord& r);
bool reliable(const ResultRecord& r);
// Whether a strategy is one of the guide's six techniques as written (docs/strategies.md).
bool guide_technique(std::string_view strategy);
// Whether a row needs callbacks, which a user without a public endpoint cannot receive:
// its name says webhook, or it sent under one status request a task (polling needs at
// least one, so a webhook told it).
bool by_callback(const ResultRecord& r);

struct Recommendation {
  std::string model;
  const ResultRecord* pick = nullptr;      // the polling row to use; none when none is reliable
  const ResultRecord* guide = nullptr;     // the guide's polling row it is measured against
  const ResultRecord* surest = nullptr;    // the polling row with the fewest tasks wrong, for when none is reliable
  const ResultRecord* callback = nullptr;  // the callback row to use; none when none is reliable
  const PairedRequests* paired = nullptr;  // pick against guide on the same tasks, when the run compared them

  // Whether the sentence sets a pick against another row of the guide's: what a paired
  // comparison is made for.
  bool compares() const { return pick != nullptr && guide != nullptr && pick != guide; }
};

// The rule, as the page states it.
extern const std::string_view recommendation_rule;

// Per model, in the run's order: among the polling rows, the reliable one with the fewest
// mean requests, against the guide's reliable polling row with the fewest (or, when none
// of the guide's is reliable, its polling row with the fewest tasks wrong); and among the
// callback rows, the reliable one with the fewest.
std::vector<Recommendation> recommendations(const RunResult& run);
// "sora-2: poll with server_hinted: 7.61 requests a task instead of 13.8 with the guide's
// adaptive (6.18 ± 0.21 fewer on the same tasks), detection 5.76 s sooner; with
// callbacks, hybrid_webhook: 0.12 requests a task, detection 850 ms." Where the paired
// difference is within its interval it says "no significant difference". Plain text.
std::string recommendation_sentence(const Recommendation& r);
// The strategy's entry in the run's built-in scenario (for a scenario of one's own, in the
// default scenario, which has every kind with its defaults), as scenario JSON; none when
// neither has one by that name.
std::optional<std::string> strategy_entry(const std::string& scenario, const std::string& strategy);

}  // namespace pollbench::reports
