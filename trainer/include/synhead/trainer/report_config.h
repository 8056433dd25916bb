#pragma once
// configs/report_*.yaml: the paper's SynHead comparison (Table 2, Figure 5) as one `synhead report` run — which
// dataset, which training runs, how the Bayesian baselines are tuned, how many seeds. Torch-free.

#include <cstdint>
#include <string>

#include "synhead/core/config.h"
#include "synhead/trainer/render_plugin.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

struct ReportFilterConfig {
  std::string model = "cv";  // motion model of the Kalman and particle filters: cp | cv | ca
  int particles = 1000;      // particle filter, per channel
};

template <class V>
void describe(V& v, ReportFilterConfig& c) {
  v.field("model", c.model);
  v.require(c.model == "cp" || c.model == "cv" || c.model == "ca", "model", "cp, cv or ca");
  v.field("particles", c.particles);
  v.require(c.particles >= 1, "particles", "an integer >= 1");
}

struct ReportConfig {
  std::uint64_t seed = 0;  // training seed of the first repetition; repetition k trains with seed + k
  int seeds = 1;           // repetitions (--seeds); the table shows mean ± std over them
  int threads = 0;         // torch intra-op threads of every run and evaluation (0 = every core)
  std::string device = "cpu";  // device of every run and evaluation: cpu | cuda | cuda:N
  std::string data;        // data source (--data): a dataset directory, biwi:PATH or 300vw:PATH; empty: `dataset` is
                           // rendered into OUT/data
  std::string splits;      // split file whose tags replace the source's (protocols/); empty: the source's own
  std::string split = "test";  // split tag the methods are compared on
  std::string landmark_normaliser = "box_diagonal";  // landmark models: box_diagonal | inter_ocular
  // With detector crops (a boxes CSV): frames where no face was found count as failures (the 300-VW protocol);
  // false scores them on their interpolated crops, to see the methods apart from the detector's misses.
  bool misses_fail = true;
  double validation_fraction = 0.2;  // of the training tracks, held out in every run; the filters are tuned there
  std::string figure_sequence; // sequence of the yaw-over-time figure; empty: the longest evaluated sequence
  core::PluginSection dataset = dataset_section_default();  // rendered when `data` is empty (configs/synhead.yaml keys)
  ReportFilterConfig filters;
  TrainConfig perframe;  // the per-frame CNN (Fig. 3a), trained from scratch
  TrainConfig postrnn;   // Post-RNN (Fig. 3c), started from the per-frame run
  TrainConfig rnn;       // CNN + FC-RNN (Fig. 3d), started from the per-frame run; `control` trains the per-frame
                         // CNN on rnn's data, optimiser and steps (the same batches), so only the recurrence differs

  ReportConfig();
};

template <class V>
void describe(V& v, ReportConfig& c) {
  v.field("seed", c.seed);
  v.field("seeds", c.seeds);
  v.require(c.seeds >= 1, "seeds", "an integer >= 1");
  v.field("threads", c.threads);
  v.require(c.threads >= 0, "threads", "an integer >= 0 (0 = every core)");
  v.field("device", c.device);
  v.require(is_device_name(c.device), "device", "cpu, cuda or cuda:N (N = a device index)");
  v.field("data", c.data);
  v.field("splits", c.splits);
  v.field("split", c.split);
  v.require(!c.split.empty(), "split", "a split tag (e.g. test)");
  v.field("landmark_normaliser", c.landmark_normaliser);
  v.require(c.landmark_normaliser == "box_diagonal" || c.landmark_normaliser == "inter_ocular", "landmark_normaliser",
            "box_diagonal or inter_ocular");
  v.field("misses_fail", c.misses_fail);
  v.field("validation_fraction", c.validation_fraction);
  v.require(c.validation_fraction > 0 && c.validation_fraction < 1, "validation_fraction",
            "a fraction in (0, 1): the filters are tuned on the held-out tracks");
  v.field("figure_sequence", c.figure_sequence);
  v.section("dataset", c.dataset);
  v.section("filters", c.filters);
  v.section("perframe", c.perframe);
  v.require(c.perframe.model.variant == "perframe", "perframe", "model.variant: perframe");

  v.section("postrnn", c.postrnn);
  v.require(c.postrnn.model.variant == "postrnn", "postrnn", "model.variant: postrnn");
  v.section("rnn", c.rnn);
  v.require(c.rnn.model.variant == "rnn", "rnn", "model.variant: rnn");
  v.require(c.postrnn.model.outputs == c.perframe.model.outputs && c.rnn.model.outputs == c.perframe.model.outputs,
            "rnn", "the per-frame run's model.outputs in postrnn and rnn (they start from its weights)");
  v.require(c.device != "cpu" || !(c.perframe.amp || c.postrnn.amp || c.rnn.amp), "device",
            "a CUDA device when a run sets amp: true (mixed precision is for CUDA devices)");
}

// The equal-budget control: `rnn` with the per-frame model, so that it sees the same batches for the same steps
// with the same optimiser, and starts from the same per-frame weights.
TrainConfig control_config(const ReportConfig& config);

}  // namespace synhead::trainer
