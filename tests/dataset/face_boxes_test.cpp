// Face boxes by rule (head_centre against a hand computation, through rgb.cal's extrinsics), the boxes CSV of
// `synhead data boxes` (round trip, malformed rows named by file:line) and split files.

#include <gtest/gtest.h>

#include "biwi_fixture.h"
#include "dataset_fixture.h"
#include "synhead/dataset/face_boxes.h"
#include "synhead/dataset/source.h"
#include "synhead/dataset/splits_file.h"
#include "temp_dir.h"
#include "user_error.h"

namespace synhead::dataset {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;
using testing::user_error_of;
using testing::write_file;

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(HeadCentreBox, IsTheProjectedSquareOfTheGivenSide) {
  Intrinsics k;
  k.fx = 500;
  k.fy = 520;
  k.cx = 320;
  k.cy = 240;
  // Centre (50, −30) mm at 1 m: u = 500 · 0.05 + 320 = 345, v = 520 · −0.03 + 240 = 224.4; 200 mm → 100 × 104 px.
  const Box b = head_centre_box(k, {50, -30, 1000}, 200);
  EXPECT_DOUBLE_EQ(b.x, 295);
  EXPECT_DOUBLE_EQ(b.y, 172.4);
  EXPECT_DOUBLE_EQ(b.w, 100);
  EXPECT_DOUBLE_EQ(b.h, 104);
  EXPECT_DOUBLE_EQ(b.cx(), 345);
}

// BIWI poses are in the depth camera: the box is around the head centre after rgb.cal's move, with rgb.cal's K.
TEST(HeadCentreBox, OnBiwiUsesTheCentreInTheRgbCamera) {
  TempDir dir;
  const fs::path seq = dir / "hpdb" / "01";
  write_file(seq / testing::biwi_pose_name(5), testing::biwi_pose_text({0, 30, 0}, 10, -20, 900));
  write_file(seq / testing::biwi_pose_name(6), testing::biwi_pose_text({0, 31, 0}, 10, -20, 1000));
  // X_rgb = Rz(90°) · X_depth + (−25, 1, 2): (10, −20, 900) → (20, 10, 900) + (−25, 1, 2) = (−5, 11, 902).
  write_file(seq / "rgb.cal", testing::biwi_calibration_text("0 -1 0 \n1 0 0 \n0 0 1 \n", "-25 1 2 "));
  const auto source = open_data_source("biwi:" + (dir / "hpdb").string());
  const auto& sequence = source->sequences().at(0);
  CropRuleConfig rule;
  rule.rule = "head_centre";
  const auto boxes = face_boxes(*source, sequence, rule, nullptr);
  ASSERT_EQ(boxes.size(), 2u);
  const double f = 517.679;  // rgb.cal: fx = fy = 517.679, cx = 320, cy = 240.5
  const double side = f * 200 / 902;
  EXPECT_NEAR(boxes[0].cx(), f * -5 / 902 + 320, 1e-9);
  EXPECT_NEAR(boxes[0].cy(), f * 11 / 902 + 240.5, 1e-9);
  EXPECT_NEAR(boxes[0].w, side, 1e-9);
  EXPECT_NEAR(boxes[0].h, side, 1e-9);
  EXPECT_NEAR(boxes[0].x, f * -5 / 902 + 320 - side / 2, 1e-9);
  // (10, −20, 1000) → (−5, 11, 1002).
  EXPECT_NEAR(boxes[1].cx(), f * -5 / 1002 + 320, 1e-9);
  EXPECT_NEAR(boxes[1].w, f * 200 / 1002, 1e-9);

  const auto rows = head_centre_rows(*source, 150);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].sequence, "01");
  EXPECT_EQ(rows[0].frame, 5);
  EXPECT_EQ(rows[1].frame, 6);
  EXPECT_EQ(rows[0].rule, "head_centre");
  EXPECT_EQ(rows[0].score, 1);
  EXPECT_NEAR(rows[0].box.w, f * 150 / 902, 1e-9);
  EXPECT_NEAR(rows[0].box.cx(), boxes[0].cx(), 1e-9);

  rule.rule = "landmarks";
  const std::string message = user_error_of([&] { face_boxes(*source, sequence, rule, nullptr); });
  EXPECT_TRUE(contains(message, "has no landmarks")) << message;
  EXPECT_TRUE(contains(message, "head_centre")) << message;
}

TEST(HeadCentreBox, RowsOfASynheadDatasetFollowItsSequences) {
  TempDir dir;
  testing::write_dataset(dir / "data");
  const auto source = open_data_source((dir / "data").string());
  const auto rows = head_centre_rows(*source);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].sequence, "female_01__track_000");
  EXPECT_EQ(rows[3].sequence, "male_02__track_001");
  EXPECT_EQ(rows[3].frame, 0);
  // Centre (1, 2, 900) mm with the tiny camera (f 30, centre 16, 12): a 200 mm square is 30 · 200 / 900 px.
  EXPECT_NEAR(rows[0].box.w, 30.0 * 200 / 900, 1e-12);
  EXPECT_NEAR(rows[0].box.cx(), 30.0 * 1 / 900 + 16, 1e-12);
  EXPECT_NEAR(rows[0].box.cy(), 30.0 * 2 / 900 + 12, 1e-12);
}

std::vector<FaceBoxRow> sample_rows() {
  return {{"01", 3, {10.25, 20.5, 100, 110.125}, "detector", 0.8125},
          {"01", 7, {10.25, 20.5, 100, 110.125}, "detector_held", 0},
          {"02", 1, {-4.5, 0, 50.5, 50.5}, "head_centre", 1}};
}

TEST(BoxesCsv, RoundTripsAndWritesTheSameBytes) {
  TempDir dir;
  const fs::path path = dir / "boxes.csv";
  write_boxes_csv(path, sample_rows());
  const std::string text = testing::read_file(path);
  EXPECT_EQ(text.substr(0, text.find('\n')), "sequence,frame,box_x,box_y,box_w,box_h,rule,score");
  write_boxes_csv(dir / "again.csv", sample_rows());
  EXPECT_EQ(testing::read_file(dir / "again.csv"), text);
  const BoxTable table = BoxTable::read(path);
  EXPECT_EQ(table.size(), 3u);
  for (const auto& row : sample_rows()) {
    const FaceBoxRow& read = table.at(row.sequence, row.frame);
    EXPECT_EQ(read.sequence, row.sequence);
    EXPECT_EQ(read.frame, row.frame);
    EXPECT_DOUBLE_EQ(read.box.x, row.box.x);  // the sample values need no more than the 3 decimals written
    EXPECT_DOUBLE_EQ(read.box.y, row.box.y);
    EXPECT_DOUBLE_EQ(read.box.w, row.box.w);
    EXPECT_DOUBLE_EQ(read.box.h, row.box.h);
    EXPECT_EQ(read.rule, row.rule);
    EXPECT_DOUBLE_EQ(read.score, row.score);
  }
  const std::string message = user_error_of([&] { table.at("02", 2); });
  EXPECT_TRUE(contains(message, path.string() + ": no box for sequence '02' frame 2")) << message;
}

TEST(BoxesCsv, MalformedRowsNameFileAndLine) {
  TempDir dir;
  const fs::path path = dir / "boxes.csv";
  const std::string header = "sequence,frame,box_x,box_y,box_w,box_h,rule,score\n";
  const std::string good = "01,3,1,2,30,30,detector,0.5\n";
  auto error_of = [&](const std::string& text) {
    write_file(path, text);
    return user_error_of([&] { BoxTable::read(path); });
  };
  const std::string p = path.string();
  std::string m = error_of("frame,x\n" + good);
  EXPECT_TRUE(contains(m, p + ":1: expected the header")) << m;
  m = error_of(header + good + "01,4,1,2,30\n");
  EXPECT_TRUE(contains(m, p + ":3: expected 8 comma-separated columns")) << m;
  m = error_of(header + "01,4,1,2,wide,30,detector,0.5\n");
  EXPECT_TRUE(contains(m, p + ":2: column box_w: expected a finite number, got 'wide'")) << m;
  m = error_of(header + good + "\n01,5,1,2,0,30,detector,0.5\n");
  EXPECT_TRUE(contains(m, p + ":4: empty box")) << m;
  m = error_of(header + good + "01,3,5,5,30,30,detector,0.5\n");
  EXPECT_TRUE(contains(m, p + ":3: sequence '01' frame 3 has a box already")) << m;
  m = error_of(header + "01,-2,1,2,30,30,detector,0.5\n");
  EXPECT_TRUE(contains(m, p + ":2: column frame: expected a frame number, got '-2'")) << m;
  m = error_of(header + ",2,1,2,30,30,detector,0.5\n");
  EXPECT_TRUE(contains(m, p + ":2: column sequence: empty")) << m;
  m = error_of("");
  EXPECT_TRUE(contains(m, p + ": empty file")) << m;
  m = user_error_of([&] { BoxTable::read(dir / "absent.csv"); });
  EXPECT_TRUE(contains(m, "cannot open boxes file")) << m;
  EXPECT_EQ(error_of(header + good + "\r\n"), "<no error>");
}

TEST(SplitsFile, ReadsTagsAndChecksIdsAgainstTheSource) {
  TempDir dir;
  testing::make_biwi_hpdb(dir / "hpdb");
  const auto source = open_data_source("biwi:" + (dir / "hpdb").string());
  write_file(dir / "ok.json", R"({"protocol": "p", "splits": {"train": ["01"], "test": ["02"]}})");
  const SplitsFile ok = SplitsFile::read(dir / "ok.json");
  EXPECT_EQ(ok.protocol(), "p");
  EXPECT_EQ(ok.tag_of("02"), "test");
  EXPECT_EQ(ok.tag_of("03"), "");
  ok.check_against(*source);

  write_file(dir / "unknown.json", R"({"splits": {"train": ["01", "07"]}})");
  const SplitsFile unknown = SplitsFile::read(dir / "unknown.json");
  std::string m = user_error_of([&] { unknown.check_against(*source); });
  EXPECT_TRUE(contains(m, (dir / "unknown.json").string() + ": lists sequence '07' (split 'train')")) << m;
  EXPECT_TRUE(contains(m, "(it has: 01, 02)")) << m;
}

TEST(SplitsFile, BadFilesNameTheFileAndTheProblem) {
  TempDir dir;
  const fs::path path = dir / "splits.json";
  auto error_of = [&](const std::string& text) {
    write_file(path, text);
    return user_error_of([&] { SplitsFile::read(path); });
  };
  std::string m = error_of(R"({"splits": {"train": ["01", "02"], "test": ["02"]}})");
  EXPECT_TRUE(contains(m, path.string() + ": sequence '02' is under both")) << m;
  m = error_of(R"({"splits": {"train": ["01",)");
  EXPECT_TRUE(contains(m, path.string() + ": not valid JSON")) << m;
  m = error_of(R"({"protocol": "x"})");
  EXPECT_TRUE(contains(m, "expected an object with \"splits\"")) << m;
  m = error_of(R"({"splits": {"train": [1]}})");
  EXPECT_TRUE(contains(m, "splits.train: expected sequence ids as strings, got 1")) << m;
  m = error_of(R"({"splits": {"train": "01"}})");
  EXPECT_TRUE(contains(m, "splits.train: expected a list of sequence ids")) << m;
  m = user_error_of([&] { SplitsFile::read(dir / "absent.json"); });
  EXPECT_TRUE(contains(m, "cannot open split file")) << m;
}

}  // namespace
}  // namespace synhead::dataset
