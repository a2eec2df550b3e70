#pragma once
// Renderings of a stack graph: Graphviz DOT (for `dot -Tsvg`) and JSON
// ("schema": "sovaudit/graph/v1"). Both are deterministic: nodes sorted by key, edges by their
// ends, kind and label; identical input gives byte-identical output.

#include <iosfwd>
#include <string>
#include <vector>

#include "src/graph/graph.h"

namespace sov {

// What the graph is of, for titles and the JSON header.
struct GraphHeader {
  std::string deployment;         // metadata.name
  std::string file;               // the manifest path as given
  std::vector<std::string> home;  // as written
};

enum class GraphFormat { kDot, kJson };

// "dot" or "json"; false for anything else.
bool ParseGraphFormat(const std::string& name, GraphFormat* format);

void RenderGraph(const StackGraph& graph, const GraphHeader& header, GraphFormat format,
                 std::ostream& out);
void RenderGraphDot(const StackGraph& graph, const GraphHeader& header, std::ostream& out);
void RenderGraphJson(const StackGraph& graph, const GraphHeader& header, std::ostream& out);

}  // namespace sov
