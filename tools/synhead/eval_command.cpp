// synhead eval: a checkpoint on a dataset split → metrics.json (paper Table 2 form) and per-frame predictions.

#include <iostream>

#include "cli_common.h"
#include "synhead/core/error.h"
#include "synhead/trainer/evaluation.h"

namespace synhead::tools {
namespace {

using namespace synhead::trainer;

struct EvalCliOptions {
  std::string checkpoint;
  std::string data;
  std::string split = "test";
  bool holdout = false;
  std::string out;
  std::string predictions;
  std::string method;
  int threads = 0;
  std::string device;
  int chunk_frames = 0;
  std::string splits;
  std::string crop_rule;
  std::string boxes;
  double head_box_mm = 0;
  std::string normaliser = "box_diagonal";
  bool misses_scored = false;
  std::string ced;
};

void run(const EvalCliOptions& o) {
  EvalOptions options;
  options.checkpoint = o.checkpoint;
  options.data = o.data;
  options.split = o.split;
  options.holdout = o.holdout;
  if (!o.out.empty()) options.out = o.out;
  if (!o.predictions.empty()) options.predictions = o.predictions;
  options.threads = o.threads;
  options.method = o.method;
  options.device = o.device;
  options.chunk_frames = o.chunk_frames;
  options.landmark_normaliser = o.normaliser;
  options.misses_fail = !o.misses_scored;
  if (!o.ced.empty()) options.ced_plot = o.ced;
  if (!o.splits.empty()) options.splits = o.splits;
  if (!o.crop_rule.empty() || !o.boxes.empty() || o.head_box_mm > 0) {
    dataset::CropRuleConfig crop;
    crop.rule = !o.crop_rule.empty() ? o.crop_rule : !o.boxes.empty() ? "boxes" : "head_centre";
    crop.boxes = o.boxes;
    if (o.head_box_mm > 0) crop.head_box_mm = o.head_box_mm;
    if (crop.rule == "boxes" && crop.boxes.empty())
      core::throw_user_error("--crop-rule boxes needs --boxes FILE (a CSV of synhead data boxes)");
    options.crop = crop;
  }
  std::cout << metrics_table(evaluate(options));
}

}  // namespace

void register_eval_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("eval", "Evaluate a checkpoint on a dataset split: per-angle Err/Std, landmark NME");
  auto o = std::make_shared<EvalCliOptions>();
  cmd->add_option("--checkpoint", o->checkpoint, "A checkpoint of synhead train (best.ckpt or last.ckpt)")->required();
  cmd->add_option("--data", o->data, "Data source: a synhead dataset, biwi:PATH or 300vw:PATH")->required();
  cmd->add_option("--splits", o->splits,
                  "Split file whose tags replace the source's, e.g. protocols/biwi/70-30-1.json (default: the run's "
                  "data.splits when --data is its data.path)");
  cmd->add_option("--crop-rule", o->crop_rule, "Face box of the crops: landmarks, head_centre or boxes (default: the run's data.crop.rule)")
      ->check(CLI::IsMember({"landmarks", "head_centre", "boxes"}));
  cmd->add_option("--boxes", o->boxes, "Boxes CSV of synhead data boxes (implies --crop-rule boxes)");
  cmd->add_option("--head-box-mm", o->head_box_mm, "head_centre: side of the box around the head centre, mm")
      ->check(CLI::Range(50.0, 1000.0));
  auto* split =
      cmd->add_option("--split", o->split, "Manifest split tag to evaluate (\"\" = every sequence)")->capture_default_str();
  cmd->add_flag("--holdout", o->holdout,
                "Evaluate the run's own validation hold-out instead (tracks its training never saw; to tune filters on)")
      ->excludes(split);
  cmd->add_option("--out", o->out, "metrics.json");
  cmd->add_option("--predictions", o->predictions, "Per-frame predictions CSV (sequence, frame, estimates, ground truth)");
  cmd->add_option("--method", o->method, "Method name in metrics.json (default: the checkpoint's variant)");
  cmd->add_option("--normalise", o->normaliser,
                  "Landmark error divided by the ground-truth box diagonal (300-VW, the paper) or the outer eye "
                  "corners' distance (300-W)")
      ->capture_default_str()->check(CLI::IsMember({"box_diagonal", "inter_ocular"}));
  cmd->add_flag("--score-misses", o->misses_scored,
                "With detector boxes: score frames where no face was found on their interpolated crop instead of "
                "counting them as failures");
  cmd->add_option("--ced", o->ced, "Landmark models: CED curve PNG (default: <--out stem>_ced.png beside --out)");
  cmd->add_option("--threads", o->threads, "Torch intra-op threads, 0 = every core")->capture_default_str();
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N (default: the run's config key device)");
  cmd->add_option("--chunk-frames", o->chunk_frames,
                  "Recurrent models: frames per forward pass, state carried (default: the run's eval_chunk_frames)");
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
