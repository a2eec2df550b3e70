// The lineage DAG: the lineage part of the stack graph (src/graph, Boost.Graph), and the walks
// over it: lineage order, roots, the nearest training step, licences.

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/pending/queue.hpp>
#include <boost/property_map/property_map.hpp>
#include <iterator>

#include "src/facts/facts.h"
#include "src/facts/facts_impl.h"
#include "src/graph/graph.h"
#include "src/util/error.h"

namespace sov {
namespace {

// Lineage edges run from a base to the model derived from it; walking up from a model to its
// ancestors follows them backwards.
using Ancestry = boost::reverse_graph<LineageView>;
using Vertex = GraphVertex;

// Records vertices in the order breadth-first search discovers them.
class DiscoverRecorder : public boost::default_bfs_visitor {
 public:
  explicit DiscoverRecorder(std::vector<Vertex>* out) : out_(out) {}
  template <typename G>
  void discover_vertex(Vertex v, const G&) const {
    out_->push_back(v);
  }

 private:
  std::vector<Vertex>* out_;
};

}  // namespace

void Facts::Impl::BuildLineage(const Deployment& d) {
  vertex_node.reserve(d.nodes.size());
  vertex_of.reserve(d.nodes.size());
  for (const auto& [id, node] : d.nodes) {
    vertex_of.emplace(id, graph.AddNode(NodeKind::kModel, id));
    vertex_node.push_back(&node);
  }
  for (size_t v = 0; v < vertex_node.size(); ++v) {
    const ModelNode& node = *vertex_node[v];
    for (const std::string& base : node.base) {
      auto it = vertex_of.find(base);
      if (it == vertex_of.end()) {
        dangling[node.id].push_back(base);
      } else {
        graph.AddEdge(it->second, v, GraphEdge{EdgeKind::kLineage, node.relation, false});
      }
    }
  }
  const LineageView lineage_view = LineageOf(graph);

  // The loader rejects cycles; a hand-built stack might not, and every walk below assumes a DAG.
  try {
    std::vector<Vertex> order;
    order.reserve(vertex_node.size());
    boost::topological_sort(lineage_view, std::back_inserter(order));
  } catch (const boost::not_a_dag&) {
    const ModelNode* first = vertex_node.empty() ? nullptr : vertex_node.front();
    throw Error(first ? first->loc : Location{}, "the lineage graph has a cycle");
  }

  // Breadth-first from each deployed model up to its roots. The colour map is shared and only
  // the visited vertices are reset, so 10,000 models over one catalogue base stay linear.
  const Ancestry ancestry = boost::make_reverse_graph(lineage_view);
  std::vector<boost::default_color_type> colour(vertex_node.size(), boost::white_color);
  auto colour_map = boost::make_iterator_property_map(
      colour.begin(), boost::get(boost::vertex_index, graph.graph()));
  std::vector<Vertex> found;
  for (const DeployedModel& m : d.models) {
    std::vector<std::string>& out = lineage[m.id];
    auto it = vertex_of.find(m.id);
    if (it == vertex_of.end()) continue;
    found.clear();
    boost::queue<Vertex> queue;
    boost::breadth_first_visit(ancestry, it->second, queue, DiscoverRecorder(&found), colour_map);
    out.reserve(found.size());
    for (Vertex v : found) {
      out.push_back(vertex_node[v]->id);
      colour[v] = boost::white_color;
    }

    // Nearest training step: up past quantized steps (single base each).
    const ModelNode* node = vertex_node[it->second];
    for (size_t guard = 0;
         node != nullptr && node->relation == "quantized" && guard <= vertex_node.size(); ++guard) {
      auto base = node->base.size() == 1 ? vertex_of.find(node->base[0]) : vertex_of.end();
      node = base == vertex_of.end() ? nullptr : vertex_node[base->second];
    }
    nearest[m.id] = node == nullptr ? "" : node->id;
  }
}

const std::vector<std::string>& Facts::Lineage(const std::string& model_id) const {
  static const std::vector<std::string> kEmpty;
  auto it = impl_->lineage.find(model_id);
  return it == impl_->lineage.end() ? kEmpty : it->second;
}

std::vector<std::string> Facts::Roots(const std::string& model_id) const {
  std::vector<std::string> roots;
  for (const std::string& id : Lineage(model_id)) {
    const ModelNode* node = Node(id);
    if (node != nullptr && node->base.empty()) roots.push_back(id);
  }
  return roots;
}

std::string Facts::NearestTrainingStep(const std::string& model_id) const {
  auto it = impl_->nearest.find(model_id);
  return it == impl_->nearest.end() ? "" : it->second;
}

const std::vector<std::string>& Facts::DanglingBases(const std::string& node_id) const {
  static const std::vector<std::string> kEmpty;
  auto it = impl_->dangling.find(node_id);
  return it == impl_->dangling.end() ? kEmpty : it->second;
}

const StackGraph& Facts::Graph() const { return impl_->graph; }

LicenceTerms Facts::LicenceOf(const ModelNode& node, bool* known) const {
  LicenceTerms terms;
  bool found = false;
  const LicenceRef& ref = node.licence;
  if (ref.present && !ref.id.empty()) {
    if (const LicenceTerms* entry = catalog_.FindLicence(ref.id)) {
      terms = *entry;
      found = true;
    } else {
      terms.id = ref.id;
    }
  }
  if (ref.present) {
    // Inline terms win over the catalogue's.
    if (!ref.name.empty()) terms.name = ref.name;
    if (!ref.url.empty()) terms.source = ref.url;
    if (!ref.modification.empty()) terms.modification = ref.modification;
    if (!ref.commercial.empty()) terms.commercial = ref.commercial;
    if (ref.revocable) terms.revocable = ref.revocable;
    if (ref.remote_restriction) terms.remote_restriction = ref.remote_restriction;
    found = found || !ref.modification.empty() || !ref.commercial.empty() ||
            ref.revocable.has_value() || ref.remote_restriction.has_value();
  }
  if (known != nullptr) *known = found;
  return terms;
}

}  // namespace sov
