#pragma once
// Forwarding header: the bound now lives in bench/bound/. Kept only until
// strategy_catalog.cpp and live/live_run.cpp, being rewritten, include it from there.
#include "bench/bound/optimal_schedule.hpp"
