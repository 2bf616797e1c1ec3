// The progress line `check --progress` prints to stderr while searching.
#pragma once

#include <string>

#include "checker/search.hpp"

namespace shootdown::app {

std::string progress_line(const checker::Progress& p);

} // namespace shootdown::app
