#pragma once
// The concrete detectors behind make_face_detector(); the HOG one exists only in builds with dlib.

#include <memory>

#include "synhead/inference/face_detector.h"

namespace synhead::inference {

std::unique_ptr<FaceDetector> make_haar_detector();
#ifdef SYNHEAD_WITH_DLIB
std::unique_ptr<FaceDetector> make_hog_detector();
#endif

// Detector scores (dlib's SVM margin, the cascade's last-stage weight) → (0, 1).
double squash_score(double score);

}  // namespace synhead::inference
