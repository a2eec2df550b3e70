// completions/sovaudit.bash against the CLI it completes. The option lists and value sets are
// read from `sovaudit --help` and `sovaudit CMD --help` of the built binary, so the script
// cannot drift from the CLI: every long option of every command must be offered (and nothing
// the CLI does not take), and every option whose help lists its values ({a,b,c}, a small
// integer range) must complete to exactly those. Then the script is sourced by a
// non-interactive bash, COMP_WORDS/COMP_CWORD are set as readline would set them, _sovaudit is
// called and COMPREPLY checked. Skipped where there is no bash.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "tests/run_binary.h"
#include "tests/temp_dir.h"

namespace sov::completion {
namespace {

namespace fs = std::filesystem;
using Words = std::vector<std::string>;
using Set = std::set<std::string>;

const fs::path kScript = fs::path(SOVAUDIT_SOURCE_DIR) / "completions" / "sovaudit.bash";

std::optional<fs::path> FindBash() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    fs::path candidate = fs::path(dir.empty() ? "." : dir) / "bash";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  if (access("/bin/bash", X_OK) == 0) return fs::path("/bin/bash");
  return std::nullopt;
}

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string DefaultPath() {
  const char* path = std::getenv("PATH");
  return path != nullptr ? path : "/usr/bin:/bin";
}

using Shell = test::BinaryResult;

// `_complete WORD...`: COMP_WORDS are the words, the cursor at the end of the last one, as
// readline sets them; calls _sovaudit and prints COMPREPLY, one per line.
constexpr const char* kCompleteFunction = R"sh(_complete() {
  COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
  _sovaudit || echo "_sovaudit returned $?" >&2
  ((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
}
)sh";

// Runs `body` in `bash --norc --noprofile` after sourcing the completion script and defining
// _complete. BASH_ENV and ENV are cleared.
Shell RunBash(const fs::path& bash, const std::string& body, const fs::path& cwd,
              const std::string& path_env) {
  test::TempDir io("sovaudit_bash");
  const fs::path script = io.path() / "script.sh", out = io.path() / "out", err = io.path() / "err";
  const std::string prelude =
      "source " + ShellQuote(kScript.string()) + " || exit 90\n" + kCompleteFunction;
  test::WriteTextFile(script, prelude + body + "\n");
  return test::RunProcess(bash, {"bash", "--norc", "--noprofile", script.string()}, cwd, out, err,
                          [&] {
                            unsetenv("BASH_ENV");
                            unsetenv("ENV");
                            setenv("PATH", path_env.c_str(), 1);
                          });
}

Words Lines(const std::string& text) {
  Words lines;
  std::stringstream s(text);
  std::string line;
  while (std::getline(s, line)) lines.push_back(line);
  return lines;
}

Words Split(const std::string& text) {
  Words words;
  std::stringstream s(text);
  std::string w;
  while (s >> w) words.push_back(w);
  return words;
}

// One option line of CLI11's help: "  -f,--format FORMAT:{text,json} ...".
struct HelpOption {
  Words names;       // every spelling: -f, --format, --public_key, ...
  std::string type;  // FORMAT, FILE, N, ... ("" for a flag)
  Words choices;     // from :{a,b,c}, or a small :INT in [lo - hi]
};

struct Help {
  Words commands;  // the Subcommands section
  std::vector<HelpOption> options;

  Set LongNames() const {
    Set names;
    for (const HelpOption& o : options) {
      for (const std::string& n : o.names) {
        if (n.rfind("--", 0) == 0) names.insert(n);
      }
    }
    return names;
  }
};

Help ParseHelp(const std::string& text) {
  Help help;
  // CLI11 pads names and type to column 30: a type follows the names after one space, a
  // description after two or more (or on the next line).
  static const std::regex option_line(R"(^  (-[^\s]+)(?: ([A-Z][A-Z0-9_]*)(\S*))?(?:\s.*)?$)");
  static const std::regex choices(R"(^:\{([^}]*)\}.*$)");
  static const std::regex range(R"(^:INT in \[(\d+) - (\d+)\].*$)");
  static const std::regex command_line(R"(^  ([a-z][a-z0-9-]*)(\s.*)?$)");
  std::string section;
  for (const std::string& line : Lines(text)) {
    if (!line.empty() && line[0] != ' ') {
      section = line;
      continue;
    }
    std::smatch m;
    // "Options:" and the named groups ("Remote inputs (https:// URLs):").
    if (section != "Subcommands:" && std::regex_match(line, m, option_line)) {
      HelpOption o;
      std::stringstream names(m[1].str());
      for (std::string n; std::getline(names, n, ',');) o.names.push_back(n);
      o.type = m[2].str();
      std::string rest = m[3].str();
      // ":INT in [0 - 5]" is split by the regex at the spaces: look at the whole line instead.
      std::string after_type = line.substr(line.find(o.type, m[1].length()) + o.type.size());
      std::smatch v;
      if (!o.type.empty() && std::regex_match(rest, v, choices)) {
        std::stringstream items(v[1].str());
        for (std::string item; std::getline(items, item, ',');) o.choices.push_back(item);
      } else if (!o.type.empty() && std::regex_match(after_type, v, range)) {
        int lo = std::stoi(v[1].str()), hi = std::stoi(v[2].str());
        if (hi - lo < 10) {
          for (int i = lo; i <= hi; ++i) o.choices.push_back(std::to_string(i));
        }
      }
      help.options.push_back(o);
    } else if (section == "Subcommands:" && std::regex_match(line, m, command_line)) {
      help.commands.push_back(m[1].str());
    }
  }
  return help;
}

Help HelpOf(const Words& command) {
  Words args = command;
  args.push_back("--help");
  test::BinaryResult r = test::RunBinary(args);
  EXPECT_EQ(r.code, 0) << r.err;
  return ParseHelp(r.out);
}

class CompletionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<fs::path> bash = FindBash();
    if (!bash) GTEST_SKIP() << "no bash on PATH";
    bash_ = *bash;
    ASSERT_TRUE(fs::exists(kScript)) << kScript;
  }

  // The words a bash function or variable of the script prints.
  Set ScriptWords(const std::string& expression) {
    Shell r = RunBash(bash_, expression, SOVAUDIT_SOURCE_DIR, DefaultPath());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");
    Words words = Split(r.out);
    return Set(words.begin(), words.end());
  }

  // COMPREPLY for the command line `words` (the last is the word being completed), sorted.
  Words Complete(const Words& words, const fs::path& cwd = SOVAUDIT_SOURCE_DIR,
                 const std::string& path_env = DefaultPath()) {
    std::string call = "_complete";
    for (const std::string& w : words) call += " " + ShellQuote(w);
    Shell r = RunBash(bash_, call, cwd, path_env);
    EXPECT_EQ(r.code, 0) << call << "\n" << r.err;
    EXPECT_EQ(r.err, "") << call;  // no bash errors, no output of a failing sovaudit
    Words reply = Lines(r.out);
    std::sort(reply.begin(), reply.end());
    return reply;
  }

  Words Sorted(Words w) {
    std::sort(w.begin(), w.end());
    return w;
  }

  fs::path bash_;
};

bool Contains(const Words& words, const std::string& w) {
  return std::find(words.begin(), words.end(), w) != words.end();
}

std::string Join(const Words& words) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

TEST_F(CompletionTest, CompletesEveryCommandOfTheHelp) {
  Help top = HelpOf({});
  ASSERT_FALSE(top.commands.empty());
  for (const char* expected : {"audit", "validate", "rules", "explain", "diff", "verify", "sign",
                               "digest", "import", "graph", "catalog"}) {
    EXPECT_TRUE(Contains(top.commands, expected)) << expected << " is not in sovaudit --help";
  }
  EXPECT_EQ(ScriptWords("echo $_sovaudit_commands"), Set(top.commands.begin(), top.commands.end()));
  EXPECT_EQ(Complete({"sovaudit", ""}), Sorted(top.commands));
}

// Every long option of `sovaudit CMD --help` is offered after CMD (the reference tool's
// spellings with '_' may stand in for their '-' form), and everything offered is in the help.
// Global options (--config, --no-config) must be in `sovaudit --help`, or in every command's.
TEST_F(CompletionTest, OffersEveryLongOptionOfEveryCommand) {
  Help top = HelpOf({});
  const Set globals = ScriptWords("echo $_sovaudit_global_options");
  std::map<std::string, Set> help_of = {{"", top.LongNames()}};
  for (const std::string& cmd : top.commands) help_of[cmd] = HelpOf({cmd}).LongNames();

  for (const auto& [cmd, help_names] : help_of) {
    SCOPED_TRACE("sovaudit " + cmd + " --help");
    const Set own = ScriptWords("_sovaudit_options " + ShellQuote(cmd));
    Set offered = own;
    offered.insert(globals.begin(), globals.end());
    for (const std::string& name : help_names) {
      std::string dashed = name;
      std::replace(dashed.begin(), dashed.end(), '_', '-');
      EXPECT_TRUE(offered.count(name) > 0 || offered.count(dashed) > 0)
          << name << " is missing from _sovaudit_options in completions/sovaudit.bash";
    }
    for (const std::string& name : own) {
      EXPECT_TRUE(help_names.count(name) > 0)
          << name << " is offered by completions/sovaudit.bash but not in the help";
    }
    // And the completion offers them: `sovaudit CMD --<TAB>`.
    Words line = {"sovaudit"};
    if (!cmd.empty()) line.push_back(cmd);
    line.push_back("--");
    Words reply = Complete(line);
    EXPECT_EQ(Set(reply.begin(), reply.end()), offered) << Join(line);
  }
  for (const std::string& g : globals) {
    bool everywhere = true;
    for (const std::string& cmd : top.commands) everywhere &= help_of[cmd].count(g) > 0;
    EXPECT_TRUE(help_of[""].count(g) > 0 || everywhere)
        << g << " is completed as a global option but is not one";
  }
}

// Every option whose help lists its values completes to exactly them, under every spelling;
// every option taking a FILE or PATH completes file names; one taking a free value (N, DATE)
// is not mistaken for a flag followed by a path.
TEST_F(CompletionTest, CompletesTheValuesEachOptionTakes) {
  test::TempDir dir("sovaudit_completion");
  test::WriteTextFile(dir.path() / "pack.yaml", "x: 1\n");
  fs::create_directories(dir.path() / "sub");
  Help top = HelpOf({});
  Words commands = top.commands;
  commands.insert(commands.begin(), "");
  int checked = 0;
  for (const std::string& cmd : commands) {
    Help help = cmd.empty() ? top : HelpOf({cmd});
    for (const HelpOption& o : help.options) {
      bool file = o.type == "FILE" || o.type == "PATH" || o.type == "KEY" || o.type == "CA" ||
                  o.type == "CERT" || o.type == "SIG" || o.type == "OUT";
      if (o.type.empty()) continue;  // a flag
      for (const std::string& name : o.names) {
        Words line = {"sovaudit"};
        if (!cmd.empty()) line.push_back(cmd);
        line.insert(line.end(), {name, ""});
        Words reply = Complete(line, dir.path());
        if (file) {
          EXPECT_TRUE(Contains(reply, "pack.yaml") && Contains(reply, "sub"))
              << Join(line) << " -> " << Join(reply) << ": no file names";
        } else if (!o.choices.empty()) {
          EXPECT_EQ(reply, Sorted(o.choices)) << Join(line);
        } else {
          // A free value (N, DATE, ID): not completed as a file or an argument.
          EXPECT_FALSE(Contains(reply, "pack.yaml"))
              << Join(line) << " completes files: is " << name
              << " missing from _sovaudit_takes_value?";
        }
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 20);
}

TEST_F(CompletionTest, CompletesTheLinesOfTheIssue) {
  EXPECT_EQ(Complete({"sovaudit", "au"}), Words({"audit"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--fo"}), Words({"--format"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--format", ""}),
            Sorted({"text", "json", "sarif", "junit", "markdown", "html"}));
  EXPECT_EQ(Complete({"sovaudit", "diff", "--f"}), Sorted({"--format", "--fail-on-regression"}));
  EXPECT_EQ(Complete({"sovaudit", "diff", "--format", ""}), Sorted({"text", "json", "markdown"}));
  EXPECT_EQ(Complete({"sovaudit", "rules", "--format", ""}), Sorted({"text", "json"}));
  EXPECT_EQ(Complete({"sovaudit", "graph", "-f", ""}), Sorted({"dot", "json"}));
}

TEST_F(CompletionTest, ReadsTheWholeLine) {
  // --opt=value, as readline splits it at '=' (COMP_WORDBREAKS) and as one word.
  EXPECT_EQ(Complete({"sovaudit", "audit", "--format", "=", "ma"}), Words({"markdown"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--fail-on", "="}).size(), 5u);
  EXPECT_EQ(Complete({"sovaudit", "audit", "--format=j"}),
            Sorted({"--format=json", "--format=junit"}));
  // Values of earlier options are skipped, short spellings included.
  EXPECT_EQ(Complete({"sovaudit", "audit", "-f", "sarif", "-o", "x.sarif", "--fail-on", "h"}),
            Words({"high"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--output", "rules", "--req"}),
            Words({"--require-layer"}));
  // Global options before and after the command; the config file's value is skipped.
  EXPECT_EQ(Complete({"sovaudit", "--config", "ci.yaml", "au"}), Words({"audit"}));
  EXPECT_EQ(Complete({"sovaudit", "--no-config", "di"}), Words({"diff", "digest"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--no-config", "--wa"}), Words({"--waivers"}));
  EXPECT_EQ(Complete({"sovaudit", "--no"}), Words({"--no-config"}));
  // Fixed sets of the other commands.
  EXPECT_EQ(Complete({"sovaudit", "digest", "--method", ""}), Sorted({"files", "shards"}));
  EXPECT_EQ(Complete({"sovaudit", "verify", "--cert-time", ""}), Sorted({"leaf", "now"}));
  EXPECT_EQ(Complete({"sovaudit", "sign", "--device", "g"}), Words({"gpu"}));
  EXPECT_EQ(Complete({"sovaudit", "import", "--from", "s"}), Sorted({"safetensors", "spdx"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "--require-layer", "3"}), Words({"3"}));
  // After "--" only arguments: no options.
  EXPECT_EQ(Complete({"sovaudit", "audit", "--", "--f"}), Words());
}

TEST_F(CompletionTest, CompletesPathsForArguments) {
  test::TempDir dir("sovaudit_completion");
  test::WriteTextFile(dir.path() / "deploy" / "deployment.yaml", "kind: Deployment\n");
  test::WriteTextFile(dir.path() / "notes.txt", "x\n");
  test::WriteTextFile(dir.path() / "old.json", "{}\n");
  test::WriteTextFile(dir.path() / "new.json", "{}\n");
  test::WriteTextFile(dir.path() / "waivers.yml", "x: 1\n");
  const fs::path& d = dir.path();
  EXPECT_EQ(Complete({"sovaudit", "audit", ""}, d),
            Sorted({"deploy", "new.json", "notes.txt", "old.json", "waivers.yml"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "dep"}, d), Words({"deploy"}));
  EXPECT_EQ(Complete({"sovaudit", "audit", "deploy/"}, d), Words({"deploy/deployment.yaml"}));
  EXPECT_EQ(Complete({"sovaudit", "validate", "n"}, d), Sorted({"new.json", "notes.txt"}));
  EXPECT_EQ(Complete({"sovaudit", "graph", "deploy/d"}, d), Words({"deploy/deployment.yaml"}));
  // diff takes two JSON reports; then nothing.
  EXPECT_EQ(Complete({"sovaudit", "diff", ""}, d), Sorted({"deploy", "new.json", "old.json"}));
  EXPECT_EQ(Complete({"sovaudit", "diff", "old.json", "n"}, d), Words({"new.json"}));
  EXPECT_EQ(Complete({"sovaudit", "diff", "old.json", "new.json", ""}, d), Words());
  // Rule packs, waivers and config files are YAML.
  EXPECT_EQ(Complete({"sovaudit", "audit", "--waivers", ""}, d), Sorted({"deploy", "waivers.yml"}));
  EXPECT_EQ(Complete({"sovaudit", "--config", ""}, d), Sorted({"deploy", "waivers.yml"}));
  // Outputs and keys are any file.
  EXPECT_EQ(Complete({"sovaudit", "audit", "--output", "o"}, d), Words({"old.json"}));
  EXPECT_EQ(Complete({"sovaudit", "verify", "--public-key", "no"}, d), Words({"notes.txt"}));
  // rules takes no argument.
  EXPECT_EQ(Complete({"sovaudit", "rules", ""}, d), Words());
  // catalog takes a catalogue's name, then a free filter.
  EXPECT_EQ(Complete({"sovaudit", "catalog", ""}, d),
            Sorted({"jurisdictions", "licences", "models", "regions"}));
  EXPECT_EQ(Complete({"sovaudit", "catalog", "re"}, d), Words({"regions"}));
  EXPECT_EQ(Complete({"sovaudit", "catalog", "models", ""}, d), Words());
  EXPECT_EQ(Complete({"sovaudit", "catalog", "--format", ""}, d), Sorted({"text", "json"}));
}

// Rule ids for explain come from `sovaudit rules --format json`: the sovaudit on PATH, or the
// one being completed when it is named by a path; rule packs given with --rules count.
TEST_F(CompletionTest, CompletesRuleIdsFromTheBinary) {
  auto ids_of = [](const Words& args, const std::string& prefix) {
    Words command = {"rules", "--format", "json"};
    command.insert(command.end(), args.begin(), args.end());
    test::BinaryResult r = test::RunBinary(command);
    EXPECT_EQ(r.code, 0) << r.err;
    Words ids;
    for (const auto& rule : nlohmann::json::parse(r.out)) {
      std::string id = rule.at("id").get<std::string>();
      if (id.rfind(prefix, 0) == 0) ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    return ids;
  };
  const std::string bin_dir = fs::path(SOVAUDIT_BINARY).parent_path().string();
  const std::string path = bin_dir + ":" + DefaultPath();

  Words sov3 = ids_of({}, "SOV-3.");
  ASSERT_GE(sov3.size(), 6u);
  EXPECT_EQ(Complete({"sovaudit", "explain", "SOV-3."}, SOVAUDIT_SOURCE_DIR, path), sov3);
  EXPECT_EQ(Complete({"sovaudit", "explain", ""}, SOVAUDIT_SOURCE_DIR, path), ids_of({}, ""));
  EXPECT_EQ(Complete({SOVAUDIT_BINARY, "explain", "SOV-3."}), sov3);

  const std::string pack = "tests/data/packs/regulator.yaml";
  Words from_pack = ids_of({"--rules", pack}, "MAS");
  ASSERT_FALSE(from_pack.empty());
  EXPECT_EQ(Complete({"sovaudit", "explain", "--rules", pack, "MAS"}, SOVAUDIT_SOURCE_DIR, path),
            from_pack);
  // One id only.
  EXPECT_EQ(Complete({"sovaudit", "explain", "SOV-3.3", ""}, SOVAUDIT_SOURCE_DIR, path), Words());
}

TEST_F(CompletionTest, NoBinaryMeansNoRuleIdsAndNoNoise) {
  for (const char* dir : {"/usr/bin", "/bin"}) {
    if (fs::exists(fs::path(dir) / "sovaudit")) GTEST_SKIP() << "sovaudit is installed in " << dir;
  }
  // Complete() also checks that nothing reaches stderr.
  EXPECT_EQ(Complete({"sovaudit", "explain", "SOV-"}, SOVAUDIT_SOURCE_DIR, "/usr/bin:/bin"),
            Words());
}

}  // namespace
}  // namespace sov::completion
