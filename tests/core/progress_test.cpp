#include "synhead/core/progress.h"

#include <gtest/gtest.h>

namespace synhead::core {
namespace {

TEST(Progress, StatusShowsRateAndEta) {
  EXPECT_EQ(Progress::format_status(25, 100, 5.0, "frames"), "25/100 (25%) 5.0 frames/s, ETA 0:15");
  EXPECT_EQ(Progress::format_status(100, 100, 10.0, "frames"), "100/100 (100%) 10.0 frames/s, ETA 0:00");
  EXPECT_EQ(Progress::format_status(0, 10, 0.0, "tracks"), "0/10 (0%) 0.0 tracks/s, ETA --:--");
  EXPECT_EQ(Progress::format_status(1, 7201, 1.0, "x"), "1/7201 (0%) 1.0 x/s, ETA 2:00:00");
}

TEST(Progress, QuietModeWritesNothing) {
  set_progress_mode(ProgressMode::Quiet);
  testing::internal::CaptureStderr();
  {
    Progress progress("work", 3);
    progress.advance(3);
  }
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
  set_progress_mode(ProgressMode::Auto);
}

}  // namespace
}  // namespace synhead::core
