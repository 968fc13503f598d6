// The school year's grading periods: per school level a year, two semesters
// and four quarters, with slightly different dates per level.
#pragma once

#include "school_model.hpp"

#include <string>

namespace vcsim {

// The current-year period of a level by abbreviation ("YR", "S1", "Q3"...).
const model::GradingPeriod &find_period(const model::School &school, int level, const std::string &abbreviation);

} // namespace vcsim
