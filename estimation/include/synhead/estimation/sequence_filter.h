#pragma once
// Runs the Bayesian baselines (kalman_filter.h, particle_filter.h) over every channel of a predictions table: the
// three angles with their own noise, the 136 landmark coordinates with one shared noise. Angles are unwrapped per
// sequence before filtering (so a yaw crossing ±180° is a small step, not a 360° jump) and wrapped back to
// [−180, 180) afterwards. Torch-free.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "synhead/motion_tracks/rotation.h"
#include "synhead/estimation/kalman_filter.h"
#include "synhead/estimation/metrics.h"
#include "synhead/estimation/prediction_sequences.h"

namespace synhead::estimation {

enum class FilterMethod { Kalman, Particle };

// "kf", "pf"; throws core::UserError for anything else.
FilterMethod parse_filter_method(const std::string& name);

struct FilterSpec {
  FilterMethod method = FilterMethod::Kalman;
  MotionModel model = MotionModel::ConstantVelocity;
  std::array<NoiseParams, 3> pose;  // pitch, yaw, roll
  NoiseParams landmarks;            // shared by all 136 coordinates
  int particles = 1000;
  std::uint64_t seed = 0;  // particle filter: channel c of sequence s draws from core::Rng(seed, s·139 + c)
};

// Filters one channel; `angular` channels are unwrapped before and wrapped after. `stream` selects the particle
// filter's random stream (see FilterSpec::seed) and is ignored by the Kalman filter.
std::vector<double> filter_channel(const std::vector<double>& values, const std::vector<double>& times,
                                   const FilterSpec& spec, NoiseParams noise, bool angular, std::uint64_t stream);

// The table with every estimate replaced by its filtered value; ground truth, frames and times are unchanged.
PredictionTable filter_predictions(const PredictionTable& table, const FilterSpec& spec);

// Table 2's measures (metrics.h: per-angle MAE/std, differences wrapped, geodesic) over every frame of a table
// with pose.
PoseMetrics pose_metrics(const PredictionTable& table);
// Every frame of a table that carries ground-truth landmarks (landmarks_truth, as `synhead eval` hands it on);
// missed frames are failures. UserError when the table has no landmarks or no ground truth.
LandmarkMetrics landmark_metrics(const PredictionTable& table, LandmarkNormaliser normaliser);

}  // namespace synhead::estimation
