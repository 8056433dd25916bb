#include "synhead/deploy/model_card.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "user_error.h"

namespace synhead::deploy {
namespace {

using synhead::testing::user_error_of;

ModelCard example_card() {
  ModelCard card;
  card.synhead_version = "0.1.0";
  card.kind = "postrnn";
  card.backbone = "resnet18";
  card.input_size = 96;
  card.mean = {0.485f, 0.456f, 0.406f};
  card.std = {0.229f, 0.224f, 0.225f};
  card.pose = true;
  card.landmarks = true;
  card.state_shape = {1, 128};
  card.crop_margin = 0.3;
  card.calibrations.push_back({"hog", 0.01, 0.12, 1.25, 0.04, 0.05, 0.97, 310, "renders"});
  card.calibrations.push_back({"haar", -0.02, 0.08, 1.1, 0.06, 0.07, 0.9, 290, "renders"});
  card.checkpoint = "runs/postrnn/best.ckpt";
  card.step = 1200;
  return card;
}

void expect_same(const ModelCard& a, const ModelCard& b) {
  EXPECT_EQ(a.to_json(), b.to_json());  // every field is in the JSON
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.state_shape, b.state_shape);
  ASSERT_EQ(b.calibrations.size(), 2u);
  EXPECT_DOUBLE_EQ(b.calibrations[0].scale, 1.25);
  EXPECT_EQ(b.calibrations[1].frames, 290);
}

TEST(ModelCard, JsonRoundTripKeepsEveryField) {
  const ModelCard card = example_card();
  expect_same(card, ModelCard::from_json(card.to_json(), "card.json"));
}

TEST(ModelCard, MetadataRoundTripAndReadableKeys) {
  const ModelCard card = example_card();
  const auto metadata = card.to_metadata();
  expect_same(card, ModelCard::from_metadata(metadata, "model.onnx"));
  for (const char* key : {"synhead.card", "synhead.version", "synhead.kind", "synhead.input", "synhead.outputs",
                          "synhead.state", "synhead.crop"}) {
    EXPECT_EQ(metadata.count(key), 1u) << key;
  }
  EXPECT_NE(metadata.at("synhead.outputs").find("degrees"), std::string::npos);
  EXPECT_NE(metadata.at("synhead.outputs").find("pixels of the 96x96 crop"), std::string::npos);
  ASSERT_NE(card.calibration("haar"), nullptr);
  EXPECT_EQ(card.calibration("dnn"), nullptr);
}

TEST(ModelCard, PerFrameCardHasNoStateKey) {
  ModelCard card = example_card();
  card.kind = "perframe";
  card.state_shape.clear();
  EXPECT_EQ(card.to_metadata().count("synhead.state"), 0u);
  EXPECT_FALSE(ModelCard::from_json(card.to_json(), "x").recurrent());
}

// Edits one key of a valid card's JSON and returns the error message reading it gives.
template <class Edit>
std::string error_after(Edit edit) {
  nlohmann::json j = nlohmann::json::parse(example_card().to_json());
  edit(j);
  return user_error_of([&] { ModelCard::from_json(j.dump(), "bad.onnx"); });
}

TEST(ModelCard, BadCardsNameTheFileAndTheProblem) {
  EXPECT_NE(user_error_of([] { ModelCard::from_json("{not json", "bad.onnx"); }).find("bad.onnx: the model card is not valid JSON"),
            std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j.erase("input_size"); }).find("input_size"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["card_version"] = 99; }).find("version 99"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["kind"] = "lstm"; }).find("'lstm'"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["input_size"] = 0; }).find("input_size"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["pose"] = false, j["landmarks"] = false; }).find("neither"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["kind"] = "perframe"; }).find("state_shape"), std::string::npos);
  EXPECT_NE(error_after([](auto& j) { j["mean"] = "grey"; }).find("bad.onnx: malformed"), std::string::npos);
  EXPECT_NE(user_error_of([] { ModelCard::from_metadata({{"producer", "x"}}, "other.onnx"); }).find("other.onnx: no 'synhead.card'"),
            std::string::npos);
}

TEST(ModelCard, CalibrationFileReadsTheCardsForm) {
  const nlohmann::json card = nlohmann::json::parse(example_card().to_json());
  const auto calibrations = calibrations_from_json(card.at("calibrations").dump(), "detectors.json");
  ASSERT_EQ(calibrations.size(), 2u);
  EXPECT_EQ(calibrations[0].detector, "hog");
  EXPECT_DOUBLE_EQ(calibrations[0].dy, 0.12);
  EXPECT_TRUE(calibrations_from_json("[]", "empty.json").empty());
  EXPECT_NE(user_error_of([] { calibrations_from_json("{\"hog\": 1}", "d.json"); }).find("d.json: detector calibrations must be a JSON array"),
            std::string::npos);
  EXPECT_NE(user_error_of([] { calibrations_from_json("[{\"detector\": \"hog\"}]", "d.json"); }).find("d.json: malformed detector calibration 0"),
            std::string::npos);
}

}  // namespace
}  // namespace synhead::deploy
