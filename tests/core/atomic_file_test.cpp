#include "synhead/core/atomic_file.h"

#include <gtest/gtest.h>

#include "synhead/core/error.h"
#include "temp_dir.h"

namespace synhead::core {
namespace {

namespace fs = std::filesystem;
using synhead::testing::read_file;
using synhead::testing::TempDir;

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(AtomicFile, CommitPutsContentUnderFinalName) {
  TempDir dir;
  write_text_atomic(dir / "out.txt", "hello\n");
  EXPECT_EQ(read_file(dir / "out.txt"), "hello\n");
  EXPECT_EQ(entries(dir.path()), 1u);  // no temporary left behind
}

TEST(AtomicFile, AbandonedWriteLeavesNothing) {
  TempDir dir;
  {
    AtomicFile file(dir / "out.txt");
    file.stream() << "partial";
    EXPECT_TRUE(fs::exists(file.temp_path()));
  }
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(AtomicFile, ExistingFileSurvivesAnAbandonedRewrite) {
  TempDir dir;
  write_text_atomic(dir / "out.txt", "old");
  {
    AtomicFile file(dir / "out.txt");
    file.stream() << "new but unfinished";
  }
  EXPECT_EQ(read_file(dir / "out.txt"), "old");
}

TEST(AtomicFile, UnwritableTargetIsAUserError) {
  TempDir dir;
  write_text_atomic(dir / "file", "x");
  EXPECT_THROW(write_text_atomic(dir / "file" / "below.txt", "y"), UserError);
}

}  // namespace
}  // namespace synhead::core
