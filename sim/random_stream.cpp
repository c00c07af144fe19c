#include "sim/random_stream.hpp"

#include "sim/special_functions.hpp"

namespace pollbench::sim {

double RandomStream::normal() { return standard_normal_quantile_approx(uniform()); }

}  // namespace pollbench::sim
