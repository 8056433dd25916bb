#pragma once
// Bootstrap particle filter on one channel with the same motion models and noise as kalman_filter.h: particles
// move by the exact discretisation of the white-noise model, are weighted by the Gaussian measurement likelihood
// N(z; position, r), and are resampled systematically when the effective sample size falls below half the particle
// count (resampling every frame would only add Monte-Carlo noise), with a small Gaussian jitter after resampling
// (regularised particle filter) so that the cloud cannot collapse. On a linear-Gaussian problem it approximates
// the Kalman filter; it exists as the paper's non-linear Bayesian baseline. Torch-free; deterministic given the
// Rng, whose sequences are platform-independent.

#include <vector>

#include "synhead/core/random.h"
#include "synhead/estimation/kalman_filter.h"

namespace synhead::estimation {

// Filters a whole channel and returns the posterior-mean position per frame. The initial particle cloud is the
// Kalman filter's initial Gaussian (position N(z₀, r), derivatives N(0, r·kDiffusePrior)).
std::vector<double> particle_filter(const std::vector<double>& measurements, const std::vector<double>& times,
                                    MotionModel model, NoiseParams noise, int particles, core::Rng& rng);

// Indices of the particles kept by systematic resampling of `weights` (normalised): one uniform offset u ∈ [0, 1/N)
// and the points u + i/N, so each particle is kept ⌊N·w⌋ or ⌈N·w⌉ times.
std::vector<int> systematic_resample(const std::vector<double>& weights, core::Rng& rng);

}  // namespace synhead::estimation
