// Every `synhead` command line that README.md (and the docs that show commands) shows runs as written as far as the
// command line goes: it names a real verb (and sub-verb), whose --help exits 0, and only flags that this --help (or
// the global --help) lists. A dead verb or flag in the docs fails here, naming the file and line.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "temp_dir.h"

namespace synhead {
namespace {

using testing::read_file;
using testing::TempDir;

struct ShownCommand {
  int line = 0;          // 1-based line of the document where the command starts
  std::string text;      // as shown, continuation lines joined, comment dropped
  std::string args;      // what follows the word `synhead`
};

// Drops a shell comment: '#' at the start of the line or after whitespace.
std::string without_comment(const std::string& line) {
  for (std::size_t i = 0; i < line.size(); ++i)
    if (line[i] == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) return line.substr(0, i);
  return line;
}

// Where `synhead` is run in `text` (as `synhead`, `build/bin/synhead` or after a wrapper like `xvfb-run -a`).
bool find_invocation(const std::string& text, std::string& args) {
  static const std::regex invocation(R"((^|[\s/])synhead(\s+|$))");
  std::smatch m;
  if (!std::regex_search(text, m, invocation)) return false;
  args = m.suffix().str();
  return true;
}

// Command lines that run synhead: lines of shell code blocks (```sh, ```bash) and inline code spans that start with it.
std::vector<ShownCommand> shown_commands(const std::string& markdown) {
  std::vector<ShownCommand> commands;
  std::istringstream in(markdown);
  std::string line, pending;
  int number = 0, pending_line = 0;
  bool fenced = false, shell = false;
  static const std::regex code_span("`([^`]+)`");
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("```", 0) == 0) {
      fenced = !fenced;
      shell = fenced && (line == "```sh" || line == "```bash" || line == "```shell");
      continue;
    }
    if (fenced && !shell) continue;  // a diagram or a listing, not commands
    if (fenced) {
      if (pending.empty()) pending_line = number;
      std::string code = without_comment(line);
      const auto last = code.find_last_not_of(" \t");
      const bool continued = last != std::string::npos && code[last] == '\\';
      if (continued) code.erase(last);
      pending += code + " ";
      if (continued) continue;
      ShownCommand c{pending_line, pending, ""};
      if (find_invocation(c.text, c.args)) commands.push_back(c);
      pending.clear();
      continue;
    }
    for (auto it = std::sregex_iterator(line.begin(), line.end(), code_span); it != std::sregex_iterator(); ++it) {
      ShownCommand c{number, (*it)[1].str(), ""};
      if ((c.text.rfind("synhead ", 0) == 0 || c.text.rfind("build/bin/synhead ", 0) == 0) &&
          find_invocation(c.text, c.args))
        commands.push_back(c);
    }
  }
  return commands;
}

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// The option spelled by a word of a shown command (`--out`, `[--fps`, `--set=…` → `--set`), or "" when none.
std::string option_of(std::string word) {
  while (!word.empty() && (word.front() == '[' || word.front() == '(')) word.erase(0, 1);
  static const std::regex option(R"(^(--[a-z][a-z0-9-]*|-[a-zA-Z])([=\]),|]|$))");
  std::smatch m;
  return std::regex_search(word, m, option) ? m[1].str() : "";
}

bool is_word(const std::string& w) {
  static const std::regex word("[a-z][a-z0-9-]*");
  return std::regex_match(w, word);
}

// `option` appears in `help` as a whole option name.
bool lists(const std::string& help, const std::string& option) {
  for (auto pos = help.find(option); pos != std::string::npos; pos = help.find(option, pos + 1)) {
    const bool start = pos == 0 || !(std::isalnum(static_cast<unsigned char>(help[pos - 1])) || help[pos - 1] == '-');
    const auto end = pos + option.size();
    const bool stop = end == help.size() || !(std::isalnum(static_cast<unsigned char>(help[end])) || help[end] == '-');
    if (start && stop) return true;
  }
  return false;
}

// Names listed under CLI11's "Subcommands:" heading of a --help text.
std::vector<std::string> subcommands(const std::string& help) {
  std::vector<std::string> names;
  const auto heading = help.find("Subcommands:");
  if (heading == std::string::npos) return names;
  std::istringstream in(help.substr(heading));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (line.empty() || line[0] != ' ') break;
    const auto name = words(line);
    if (!name.empty() && is_word(name[0])) names.push_back(name[0]);
  }
  return names;
}

class HelpCache {
 public:
  // The --help output of `synhead <path>`; `ok` false when it does not exit 0.
  const std::string& help(const std::string& path, bool& ok) {
    auto it = cache_.find(path);
    if (it == cache_.end()) {
      const auto r = testing::run_cli((path.empty() ? "" : path + " ") + "--help", dir_);
      it = cache_.emplace(path, std::make_pair(r.code == 0, r.out + r.err)).first;
    }
    ok = it->second.first;
    return it->second.second;
  }

 private:
  TempDir dir_;
  std::map<std::string, std::pair<bool, std::string>> cache_;
};

// Checks one shown command; returns what is wrong with it ("" when nothing).
std::string check(const ShownCommand& c, HelpCache& cache, std::vector<std::string>& verbs_shown) {
  bool ok = false;
  const std::string& global_help = cache.help("", ok);
  if (!ok) return "`synhead --help` fails";
  const auto w = words(c.args);
  std::size_t i = 0;
  for (; i < w.size() && w[i][0] == '-'; ++i) {
    const std::string option = option_of(w[i]);
    if (option.empty() || !lists(global_help, option)) return "global flag " + w[i] + " is not in `synhead --help`";
  }
  if (i == w.size()) return "";  // `synhead` alone, or with global flags only
  if (!is_word(w[i])) return "'" + w[i] + "' is not a verb";
  std::string path = w[i++];
  verbs_shown.push_back(path);
  const std::string* help = &cache.help(path, ok);
  if (!ok) return "`synhead " + path + " --help` does not exit 0";
  const auto subs = subcommands(*help);
  if (!subs.empty()) {
    if (i == w.size()) return "";  // a mention of the verb family, e.g. `synhead tracks`
    if (!is_word(w[i]) || std::find(subs.begin(), subs.end(), w[i]) == subs.end())
      return "'" + w[i] + "' is not a sub-verb of `synhead " + path + "`";
    path += " " + w[i++];
    help = &cache.help(path, ok);
    if (!ok) return "`synhead " + path + " --help` does not exit 0";
  }
  for (; i < w.size(); ++i) {
    const std::string option = option_of(w[i]);
    if (!option.empty() && !lists(*help, option) && !lists(global_help, option))
      return "flag " + option + " is not in `synhead " + path + " --help`";
  }
  return "";
}

// Checks every command `document` (relative to the source tree) shows; returns the verbs they use.
std::vector<std::string> check_document(const std::string& document, HelpCache& cache, std::size_t at_least) {
  const std::string text = read_file(std::filesystem::path(SYNHEAD_SOURCE_DIR) / document);
  const auto commands = shown_commands(text);
  EXPECT_GE(commands.size(), at_least) << document << " shows fewer synhead commands than expected: parser broken?";
  std::vector<std::string> verbs_shown;
  for (const auto& c : commands) {
    const std::string problem = check(c, cache, verbs_shown);
    EXPECT_EQ(problem, "") << document << ":" << c.line << ": " << c.text;
  }
  return verbs_shown;
}

TEST(Readme, EveryShownSynheadCommandHasARealVerbAndOnlyListedFlags) {
  HelpCache cache;
  const auto verbs_shown = check_document("README.md", cache, 20);
  // Each verb of `synhead --help` has an example in the README.
  bool ok = false;
  for (const auto& verb : subcommands(cache.help("", ok)))
    EXPECT_NE(std::find(verbs_shown.begin(), verbs_shown.end(), verb), verbs_shown.end())
        << "README.md shows no `synhead " << verb << "` command";
}

// The same for the docs that show commands. docs/conventions.md is left out: it also fixes the formats of verbs
// that do not exist yet (export, infer).
TEST(Readme, CommandsOfTheDocsAreRealToo) {
  HelpCache cache;
  check_document("docs/results.md", cache, 3);
  check_document("docs/performance.md", cache, 10);
  check_document("docs/design.md", cache, 2);
}

// The README is a user's document: one screenful of sections, no development history, links that exist.
TEST(Readme, IsShortAndHasNoDevelopmentHistory) {
  const std::string readme = read_file(std::filesystem::path(SYNHEAD_SOURCE_DIR) / "README.md");
  EXPECT_LE(std::count(readme.begin(), readme.end(), '\n'), 250);
  std::string lower = readme;
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
  EXPECT_EQ(lower.find("session"), std::string::npos) << "README.md tells development history";
  const std::string conventions = "conventions.md";
  for (auto pos = lower.find(conventions); pos != std::string::npos; pos = lower.find(conventions, pos + 1))
    EXPECT_TRUE(pos >= 5 && lower.compare(pos - 5, 5, "docs/") == 0)
        << "README.md names a conventions file other than docs/conventions.md";
  static const std::regex link(R"(\]\((docs/[^)#]+))");
  for (auto it = std::sregex_iterator(readme.begin(), readme.end(), link); it != std::sregex_iterator(); ++it)
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(SYNHEAD_SOURCE_DIR) / (*it)[1].str())) << (*it)[1];
}

// The checker itself: a dead flag, a dead verb and a dead sub-verb are caught, a good command passes.
TEST(Readme, CheckerCatchesDeadFlagsAndVerbs) {
  HelpCache cache;
  std::vector<std::string> verbs;
  auto problem = [&](const std::string& markdown) {
    const auto commands = shown_commands(markdown);
    return commands.size() == 1 ? check(commands[0], cache, verbs) : "parsed " + std::to_string(commands.size());
  };
  EXPECT_EQ(problem("```sh\nbuild/bin/synhead -q tracks generate --count 3 \\\n"
                    "  --out t/  # comment --nope\n```\n"),
            "");
  EXPECT_EQ(problem("Run `synhead tracks stats t/ [--plot p.png]` to see."), "");
  EXPECT_NE(problem("```sh\nsynhead tracks generate --count 3 --dataset-frames 10 --out t/\n```\n"), "");
  EXPECT_NE(problem("```sh\nsynhead tracks generate --out t/ \\\n  --no-such-flag\n```\n"), "");
  EXPECT_NE(problem("```sh\nsynhead frobnicate --out t/\n```\n"), "");
  EXPECT_NE(problem("```sh\nsynhead tracks frobnicate --out t/\n```\n"), "");
  EXPECT_NE(problem("Run `synhead render --dataset-frames 1200`."), "");
  EXPECT_NE(problem("```sh\nsynhead --no-such-global tracks stats t/\n```\n"), "");
  EXPECT_EQ(problem("```\nthe synhead CLI wires the libraries\n```\nRun `synhead tracks stats t/`."), "");
}

}  // namespace
}  // namespace synhead
