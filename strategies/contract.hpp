#pragma once
// The strategy contract: the shapes a strategy comes in, named once, each with one
// signature. Drivers and tests ask these concepts, never ad-hoc `requires` checks.

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "strategies/observation.hpp"

namespace pollbench::strategies {

// A policy that waits on one task alone: a first step when the task is submitted, then
// one step after everything it hears (an answer, or a callback as a terminal answer).
template <class P>
concept TaskPolicy = std::default_initializable<typename P::State> &&
    requires(const P& p, typename P::State& s, const Observation& o) {
  { p.next(s, o) } -> std::same_as<Decision>;
} &&(
    requires(const P& p, typename P::State& s) {
      { p.first(s) } -> std::same_as<Decision>;
    } ||
    requires(const P& p, typename P::State& s, double uniform) {
      { p.first(s, uniform) } -> std::same_as<Decision>;
    });

// A task policy that draws: its first step takes a uniform in (0, 1), and every
// observation carries a fresh one, both from the task's keyed strategy stream.
template <class P>
concept Jittered = TaskPolicy<P> && requires(const P& p, typename P::State& s, double uniform) {
  { p.first(s, uniform) } -> std::same_as<Decision>;
};

// A task policy told of the result by a webhook: the driver delivers the first copy of
// the callback as an observation.
template <class P>
concept HearsCallbacks = TaskPolicy<P> && P::listens_for_callback;

// A task policy that reads the server's estimate of the time left (a poll-after hint):
// information about the task the elapsed time alone does not give.
template <class P>
concept ReadsHints = TaskPolicy<P> && P::reads_hints;

// A task policy that knows more about a task than its elapsed time: the server's estimate
// of the time left (a poll-after hint), its progress, or the moment it ends (a held
// request or an event stream answers then).
template <class P>
concept Informed = ReadsHints<P> ||(TaskPolicy<P>&& P::learns_the_end);

// A task policy that reads the progress or queue position in status answers.
template <class P>
concept ReadsProgress = TaskPolicy<P> && P::reads_progress;

// A task policy that hears the task's event stream (Decision::Kind::listen).
template <class P>
concept Listens = TaskPolicy<P> && P::listens_to_stream;

// The server features a task policy cannot run without: a model that lacks one gets no
// row for it.
struct Needs {
  bool long_poll = false;
  bool event_stream = false;
  bool progress = false;
};

template <class P>
constexpr Needs needs_of() {
  if constexpr (requires { P::needs; })
    return P::needs;
  else
    return {};
}

// The guide's per-model table: a task policy bound to each model.
template <class F>
concept PerModel = requires(const F& f, std::string_view model) {
  requires TaskPolicy<std::remove_cvref_t<decltype(f.for_model(model))>>;
};

// One task's part in a poller's rounds: its answer in each round decides whether it
// stays for the next (`poll`), is reported, or crashes the whole poller.
template <class P>
concept RoundPolicy = std::default_initializable<typename P::State> &&
    requires(const P& p, typename P::State& s, const Observation& o) {
  { p.next(s, o) } -> std::same_as<Decision>;
};

// The guide's TaskPoller shape: one client polls all its tasks in rounds of requests of
// up to batch_size() ids each, `interval_for` apart.
template <class P>
concept RoundPoller = requires(const P& p, std::string_view model) {
  { p.interval_for(model) } -> std::same_as<Duration>;
  requires RoundPolicy<std::remove_cvref_t<decltype(p.rounds_for(model))>>;
  { p.batch_size() } -> std::same_as<std::size_t>;
};

template <class P>
concept AnyShape = TaskPolicy<P> || PerModel<P> || RoundPoller<P>;

// The first step of a task policy; `uniform` is used only by a policy that draws.
template <TaskPolicy P>
Decision first_decision(const P& policy, typename P::State& state, double uniform) {
  if constexpr (Jittered<P>)
    return policy.first(state, uniform);
  else
    return policy.first(state);
}

}  // namespace pollbench::strategies
