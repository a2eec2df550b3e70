// The parse floor of the benchmark: reads and parses the same YAML files an audit reads, with
// yaml-cpp, and walks every node, doing nothing else. An audit cannot be faster than this, so
// bench/run.py reports the audit's time as a multiple of it.
//
//   yaml_parse_floor PATH...    (a directory is searched recursively for *.yaml)
//
// Prints "files F nodes N scalar_bytes B" so the walk cannot be optimised away.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Counts {
  size_t nodes = 0;
  size_t scalar_bytes = 0;
};

void Walk(const YAML::Node& node, Counts& c) {
  ++c.nodes;
  switch (node.Type()) {
    case YAML::NodeType::Scalar:
      c.scalar_bytes += node.Scalar().size();
      break;
    case YAML::NodeType::Sequence:
      for (const auto& child : node) Walk(child, c);
      break;
    case YAML::NodeType::Map:
      for (const auto& kv : node) {
        Walk(kv.first, c);
        Walk(kv.second, c);
      }
      break;
    default:
      break;
  }
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  if (argc < 2) {
    std::cerr << "usage: yaml_parse_floor PATH...\n";
    return 2;
  }
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    fs::path p = argv[i];
    if (fs::is_directory(p)) {
      for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file() && e.path().extension() == ".yaml") files.push_back(e.path());
    } else {
      files.push_back(p);
    }
  }
  std::sort(files.begin(), files.end());
  Counts c;
  try {
    for (const auto& f : files) {
      std::ifstream in(f, std::ios::binary);
      if (!in) {
        std::cerr << "yaml_parse_floor: cannot read " << f << "\n";
        return 2;
      }
      std::ostringstream text;
      text << in.rdbuf();
      Walk(YAML::Load(text.str()), c);
    }
  } catch (const YAML::Exception& e) {
    std::cerr << "yaml_parse_floor: " << e.what() << "\n";
    return 2;
  }
  std::printf("files %zu nodes %zu scalar_bytes %zu\n", files.size(), c.nodes, c.scalar_bytes);
  return 0;
}
