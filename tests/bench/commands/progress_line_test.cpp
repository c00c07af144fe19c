#include <catch2/catch.hpp>
#include <sstream>

#include "bench/commands/progress_line.hpp"

using namespace pollbench::bench;
using namespace std::chrono_literals;

TEST_CASE("progress: nothing before two seconds or when disabled - an estimate after") {
  auto t = std::chrono::steady_clock::time_point{};
  auto clock = [&] { return t; };
  std::ostringstream shown;
  ProgressLine line(shown, true, clock);
  t += 1s;
  line.update(1, 10);
  CHECK(shown.str().empty());
  t += 3s;  // 4 s for 4 of 10 pairs: 6 s to go
  line.update(4, 10);
  CHECK(shown.str() == "\r4/10 pairs, 40%, about 6 s left ");
  line.finish();
  CHECK(shown.str().ends_with("\r\033[K"));

  std::ostringstream silent;
  ProgressLine off(silent, false, clock);
  t += 10s;
  off.update(5, 10);
  off.finish();
  CHECK(silent.str().empty());
}
