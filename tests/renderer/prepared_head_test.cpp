#include "synhead/renderer/prepared_head.h"

#include <gtest/gtest.h>

#include <thread>

#include "synhead/renderer/head_generator.h"

namespace synhead::renderer {
namespace {

TEST(PreparedHead, HoldsTheHeadAndItsLevels) {
  const std::string id = builtin_head_ids().front();
  const PreparedHead head = prepare_head(id);
  EXPECT_EQ(head.mesh.positions.size(), make_builtin_head(id).positions.size());
  ASSERT_GT(head.levels.size(), 1u);
  EXPECT_EQ(head.levels.front().indices, head.mesh.indices);
  EXPECT_EQ(head.levels.back().indices, build_mesh_levels(head.mesh).back().indices);
}

TEST(PreparedHeads, BuildsEachHeadOnceWhetherPrefetchedOrNot) {
  PreparedHeads heads;
  const auto ids = builtin_head_ids();
  heads.prefetch(ids[0]);
  heads.prefetch(ids[0]);
  const auto first = heads.get(ids[0]);
  EXPECT_EQ(heads.get(ids[0]), first);
  EXPECT_EQ(first->mesh.name, make_builtin_head(ids[0]).name);

  // Without a prefetch, concurrent callers share one build.
  std::shared_ptr<const PreparedHead> a, b;
  std::thread t1([&] { a = heads.get(ids[1]); }), t2([&] { b = heads.get(ids[1]); });
  t1.join();
  t2.join();
  ASSERT_TRUE(a);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, first);
}

TEST(PreparedHeads, AHeadThatFailsToBuildThrowsToEveryCaller) {
  PreparedHeads heads;
  heads.prefetch("no_such_head");
  EXPECT_THROW(heads.get("no_such_head"), std::exception);
  EXPECT_THROW(heads.get("no_such_head"), std::exception);
}

}  // namespace
}  // namespace synhead::renderer
