#pragma once
// A split file assigns sequence ids to split tags, for sources that carry none (BIWI) or to re-split a dataset —
// the evaluation protocols shipped under protocols/ (docs/conventions.md):
//   {"protocol": "biwi-70-30", "description": "...", "splits": {"train": ["01", ...], "test": ["03", ...]}}
// A sequence listed under no tag is in no split. Torch-free.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace synhead::dataset {

class DataSource;

class SplitsFile {
 public:
  // UserError naming the file for bad JSON, a missing "splits" object, a non-string id or an id under two tags.
  static SplitsFile read(const std::filesystem::path& path);

  const std::filesystem::path& path() const { return path_; }
  const std::string& protocol() const { return protocol_; }
  const std::map<std::string, std::vector<std::string>>& splits() const { return splits_; }
  // The tag of `sequence`, "" when the file lists it under none.
  std::string tag_of(const std::string& sequence) const;
  // UserError naming the file and the first id it lists that `source` does not have (with the ids it does have).
  void check_against(const DataSource& source) const;

 private:
  std::filesystem::path path_;
  std::string protocol_;
  std::map<std::string, std::vector<std::string>> splits_;
  std::map<std::string, std::string> tag_of_;
};

}  // namespace synhead::dataset
