// synhead eval: a checkpoint on a dataset split → metrics.json (paper Table 2 form) and per-frame predictions.

#include <iostream>

#include "cli_common.h"
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
  std::cout << metrics_table(evaluate(options));
}

}  // namespace

void register_eval_command(CLI::App& app, Action& action) {
  auto* cmd = app.add_subcommand("eval", "Evaluate a checkpoint on a dataset split: per-angle Err/Std, landmark NME");
  auto o = std::make_shared<EvalCliOptions>();
  cmd->add_option("--checkpoint", o->checkpoint, "A checkpoint of synhead train (best.ckpt or last.ckpt)")->required();
  cmd->add_option("--data", o->data, "A synhead render dataset")->required();
  auto* split =
      cmd->add_option("--split", o->split, "Manifest split tag to evaluate (\"\" = every sequence)")->capture_default_str();
  cmd->add_flag("--holdout", o->holdout,
                "Evaluate the run's own validation hold-out instead (tracks its training never saw; to tune filters on)")
      ->excludes(split);
  cmd->add_option("--out", o->out, "metrics.json");
  cmd->add_option("--predictions", o->predictions, "Per-frame predictions CSV (sequence, frame, estimates, ground truth)");
  cmd->add_option("--method", o->method, "Method name in metrics.json (default: the checkpoint's variant)");
  cmd->add_option("--threads", o->threads, "Torch intra-op threads, 0 = every core")->capture_default_str();
  cmd->add_option("--device", o->device, "cpu, cuda or cuda:N (default: the run's config key device)");
  cmd->add_option("--chunk-frames", o->chunk_frames,
                  "Recurrent models: frames per forward pass, state carried (default: the run's eval_chunk_frames)");
  cmd->callback([o, &action] { action = [o] { run(*o); }; });
}

}  // namespace synhead::tools
