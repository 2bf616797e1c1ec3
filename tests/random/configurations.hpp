// The search configurations the soundness suite compares with plain BFS.
#pragma once

#include <vector>

#include "tests/random/soundness.hpp"

namespace shootdown::random_models {

std::vector<Configuration> configurations();

} // namespace shootdown::random_models
