// sovaudit graph: the lineage, control and data-flow graph of one deployment, as Graphviz DOT
// or JSON. The graph is the one the audit walks (src/graph), completed with the whole stack.
#include <ostream>
#include <sstream>

#include "cli/commands.h"
#include "src/audit/audit.h"
#include "src/catalog/catalog.h"
#include "src/facts/facts.h"
#include "src/facts/stack_graph.h"
#include "src/graph/render.h"
#include "src/load/loader.h"
#include "src/util/date.h"
#include "src/util/error.h"
#include "src/util/fs.h"

namespace sov {

int RunGraphCommand(const GraphCommandOptions& o, InputReader& inputs, std::ostream& out,
                    std::ostream& err) {
  GraphFormat format;
  if (!ParseGraphFormat(o.format, &format)) {
    throw Error("--format: '" + o.format + "' is not a graph format (dot, json)");
  }
  // A directory must hold exactly one deployment: the graph is of one manifest.
  std::vector<std::string> manifests = FindManifests({o.manifest});
  if (manifests.size() != 1) {
    throw Error(Location{o.manifest},
                "holds " + std::to_string(manifests.size()) + " deployment manifests; name one");
  }
  const Catalog& catalog = Catalog::Builtin();
  LoadOptions load;
  load.allow_outside = o.allow_outside;
  load.inputs = &inputs;
  Deployment d = LoadDeployment(manifests.front(), catalog, load);
  AuditContext context;
  context.as_of = TodayUtc();
  Facts facts(d, catalog, context, {});  // the graph needs no weight hashes: no verify stage
  StackGraph graph = BuildStackGraph(facts);
  GraphHeader header{d.name, d.file, d.home};

  if (o.output.empty() || o.output == "-") {
    RenderGraph(graph, header, format, out);
    out.flush();
    return kExitOk;
  }
  std::ostringstream text;
  RenderGraph(graph, header, format, text);
  WriteFileAtomically(o.output, text.str());
  return kExitOk;
}

}  // namespace sov
