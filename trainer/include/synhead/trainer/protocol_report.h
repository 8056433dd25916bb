#pragma once
// `synhead report --protocol biwi-70-30|biwi-all-24`: head pose on real data (BIWI) under a published protocol, in the
// paper's Table 3/4 form. Per split file of the protocol (protocols/biwi/):
//   biwi_only     trained on the split's training videos from scratch (`scratch`)
//   finetuned     `pretrained` (a synhead-trained checkpoint) fine-tuned on the same videos (`finetune`)
//   synhead_only  `pretrained` as it is, no BIWI training
// each evaluated on the split's test videos with the crops of `finetune` (BIWI: around the head centre). Both
// training rows take the same steps, so they compare at equal budget. biwi-all-24 has no training videos: only
// synhead_only, on all 24. Writes
//   OUT/metrics.json  {"protocol", "methods": {<row>: {pitch|yaw|roll: {mae, std, mae_seed_std}, mean_mae, …}},
//                      "splits": [split files], "per_split": [...]}   (mae_seed_std: spread over the splits)
//   OUT/table.md      Err and Std per angle, one column per row, mean over the splits
//   OUT/split<k>/     per-split metrics and predictions CSVs; runs in RUNS/split<k>/{scratch,finetune} (reused
//                     when finished with the same config, resumed when not)
// Torch-free.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "synhead/core/config.h"
#include "synhead/trainer/train_config.h"

namespace synhead::trainer {

struct ProtocolReportConfig {
  std::string protocol = "biwi-70-30";  // biwi-70-30 | biwi-all-24
  std::vector<std::string> splits;      // split files; empty: the protocol's shipped ones under protocols/biwi/
  std::string data;                     // the BIWI source, biwi:PATH (--data)
  std::string pretrained;               // a synhead-trained checkpoint (--pretrained); empty: biwi_only alone
  std::uint64_t seed = 0;               // training seed of split 1; split k trains with seed + k - 1
  int threads = 0;                      // torch intra-op threads (0 = every core)
  std::string device = "cpu";
  TrainConfig scratch;   // biwi_only, from scratch
  TrainConfig finetune;  // finetuned, from `pretrained` (configs/finetune_biwi.yaml)

  ProtocolReportConfig();
};

template <class V>
void describe(V& v, ProtocolReportConfig& c) {
  v.field("protocol", c.protocol);
  v.require(c.protocol == "biwi-70-30" || c.protocol == "biwi-all-24", "protocol", "biwi-70-30 or biwi-all-24");
  v.field("splits", c.splits);
  v.field("data", c.data);
  v.field("pretrained", c.pretrained);
  v.require(c.protocol != "biwi-all-24" || !c.pretrained.empty(), "pretrained",
            "a synhead-trained checkpoint (biwi-all-24 trains nothing on BIWI)");
  v.field("seed", c.seed);
  v.field("threads", c.threads);
  v.require(c.threads >= 0, "threads", "an integer >= 0 (0 = every core)");
  v.field("device", c.device);
  v.require(is_device_name(c.device), "device", "cpu, cuda or cuda:N (N = a device index)");
  v.section("scratch", c.scratch);
  v.require(c.scratch.model.outputs == "pose", "scratch", "model.outputs: pose (BIWI labels head pose only)");
  v.section("finetune", c.finetune);
  v.require(c.finetune.model.outputs == "pose", "finetune", "model.outputs: pose (BIWI labels head pose only)");
}

// The shipped split files of `protocol`, relative to the repository root.
std::vector<std::string> protocol_split_files(const std::string& protocol);

struct ProtocolReportOptions {
  std::filesystem::path out;
  std::optional<std::filesystem::path> runs;  // default OUT/runs
};

nlohmann::json run_protocol_report(const ProtocolReportConfig& config, const ProtocolReportOptions& options);

// OUT/table.md from OUT/metrics.json.
std::string protocol_table_markdown(const nlohmann::json& metrics);

}  // namespace synhead::trainer
