// An exported one-step graph (deploy/model_card.h's tensor names) run with OpenCV's cv::dnn; the model card comes
// from the file's metadata_props (deploy/onnx_metadata.h).

#include <opencv2/dnn.hpp>

#include "backends.h"
#include "synhead/core/error.h"
#include "synhead/deploy/onnx_metadata.h"

namespace synhead::inference {
namespace {

class OnnxBackend : public ModelBackend {
 public:
  explicit OnnxBackend(const std::filesystem::path& file)
      : card_(deploy::ModelCard::from_metadata(deploy::read_onnx_metadata(file), file.string())) {
    try {
      net_ = cv::dnn::readNetFromONNX(file.string());
    } catch (const cv::Exception& e) {
      core::throw_user_error("{}: OpenCV's dnn cannot load this ONNX graph ({})", file.string(), e.msg);
    }
    net_.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
    net_.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
    if (card_.pose) outputs_.push_back(deploy::kPoseOutput);
    if (card_.landmarks) outputs_.push_back(deploy::kLandmarksOutput);
    if (card_.recurrent()) outputs_.push_back(deploy::kStateOutput);
    for (auto d : card_.state_shape) state_dims_.push_back(static_cast<int>(d));
  }

  std::string name() const override { return "onnx"; }
  const deploy::ModelCard& card() const override { return card_; }

  ModelOutputs step(const cv::Mat& crop_rgb, ModelState& state) override {
    const int s = card_.input_size;
    SYNHEAD_CHECK(crop_rgb.rows == s && crop_rgb.cols == s && crop_rgb.type() == CV_32FC3);
    const int dims[] = {1, 3, s, s};
    cv::Mat blob(4, dims, CV_32F);
    float* out = blob.ptr<float>();
    for (int y = 0; y < s; ++y) {
      const cv::Vec3f* row = crop_rgb.ptr<cv::Vec3f>(y);
      for (int x = 0; x < s; ++x) {
        for (int c = 0; c < 3; ++c) out[(c * s + y) * s + x] = (row[x][c] - card_.mean[c]) / card_.std[c];
      }
    }
    net_.setInput(blob, deploy::kCropInput);
    if (card_.recurrent()) {
      cv::Mat previous(static_cast<int>(state_dims_.size()), state_dims_.data(), CV_32F, cv::Scalar(0));
      if (!state.empty()) {
        SYNHEAD_CHECK(state.values.size() == previous.total(), "state size must match the card's state_shape");
        std::copy(state.values.begin(), state.values.end(), previous.ptr<float>());
      }
      net_.setInput(previous, deploy::kStateInput);
    }
    std::vector<cv::Mat> results;
    net_.forward(results, outputs_);
    ModelOutputs result;
    std::size_t i = 0;
    if (card_.pose) {
      const float* p = results[i++].ptr<float>();
      result.has_pose = true;
      for (int a = 0; a < 3; ++a) result.pose_deg[a] = p[a];
    }
    if (card_.landmarks) {
      const cv::Mat& l = results[i++];
      result.landmarks.assign(l.ptr<float>(), l.ptr<float>() + l.total());
    }
    if (card_.recurrent()) {
      const cv::Mat& h = results[i++];
      state.values.assign(h.ptr<float>(), h.ptr<float>() + h.total());
    }
    return result;
  }

 private:
  deploy::ModelCard card_;
  cv::dnn::Net net_;
  std::vector<cv::String> outputs_;
  std::vector<int> state_dims_;
};

}  // namespace

std::unique_ptr<ModelBackend> make_onnx_backend(const std::filesystem::path& model) {
  return std::make_unique<OnnxBackend>(model);
}

}  // namespace synhead::inference
