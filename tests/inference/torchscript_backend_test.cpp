// The torch backend on an exported TorchScript module (the export contract: forward(crop, state_in) → a dict of
// the card's output names; the card in the extra file synhead.card.json), made here with Debian's python3-torch:
// the card read back, the state carried and cleared. Skips, saying why, where that Python module is missing.

#include <gtest/gtest.h>

#include <cstdlib>

#include <opencv2/core.hpp>

#include "synhead/inference/model_backend.h"
#include "temp_dir.h"

namespace synhead::inference {
namespace {

constexpr const char* kScript = R"(
import json, sys, torch
from typing import Dict
class Step(torch.nn.Module):
    def forward(self, crop: torch.Tensor, state_in: torch.Tensor) -> Dict[str, torch.Tensor]:
        state = state_in + crop.mean(dim=(2, 3))
        return {"pose_deg": state * torch.tensor([10.0, 20.0, 30.0]), "state_out": state}
card = {"card_version": 1, "synhead_version": "test", "kind": "rnn", "backbone": "tiny", "input_size": 32,
        "mean": [0.5, 0.5, 0.5], "std": [0.25, 0.25, 0.25], "pose": True, "landmarks": False, "state_shape": [1, 3],
        "box_source": "landmarks68", "crop_margin": 0.3, "calibrations": [], "checkpoint": "test", "step": 0}
torch.jit.script(Step()).save(sys.argv[1], _extra_files={"synhead.card.json": json.dumps(card)})
)";

TEST(TorchScriptBackend, RunsAnExportedModuleAndCarriesTheState) {
  testing::TempDir dir;
  testing::write_file(dir / "make.py", kScript);
  const std::string command = "/usr/bin/python3 '" + (dir / "make.py").string() + "' '" + (dir / "step.pt").string() +
                              "' >/dev/null 2>&1";
  if (std::system(command.c_str()) != 0) GTEST_SKIP() << "no Python PyTorch (Debian python3-torch) to script a module";
  const auto backend = load_model_backend(dir / "step.pt", {});
  EXPECT_EQ(backend->name(), "torch");
  EXPECT_EQ(backend->card().kind, "rnn");
  EXPECT_EQ(backend->card().input_size, 32);
  // RGB (0.75, 0.5, 0.25) normalises to (1, 0, −1).
  const cv::Mat crop(32, 32, CV_32FC3, cv::Scalar(0.75, 0.5, 0.25));
  ModelState state;
  auto out = backend->step(crop, state);
  ASSERT_TRUE(out.has_pose);
  EXPECT_NEAR(out.pose_deg[0], 10, 1e-4);
  EXPECT_NEAR(out.pose_deg[1], 0, 1e-4);
  EXPECT_NEAR(out.pose_deg[2], -30, 1e-4);
  out = backend->step(crop, state);
  EXPECT_NEAR(out.pose_deg[0], 20, 1e-4);
  state.clear();
  EXPECT_NEAR(backend->step(crop, state).pose_deg[0], 10, 1e-4);
}

}  // namespace
}  // namespace synhead::inference
