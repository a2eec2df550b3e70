#pragma once
// The stack graph: one Boost.Graph model of a deployment. Nodes are organisations, models
// (lineage nodes, catalogue ones included), datasets, infrastructure and endpoints; edges are
// lineage (base -> derived), control (organisation -> parent), who develops, operates, provides
// and owns what, where data is stored and flows (explicit and implied), where models are served
// and trained. Facts builds the lineage part and walks it for the audit (facts_lineage.cc);
// BuildStackGraph (src/facts/stack_graph.h) completes a copy of it for `sovaudit graph`.

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "src/model/tri.h"

namespace sov {

enum class NodeKind { kOrganization, kModel, kDataset, kInfrastructure, kEndpoint };

enum class EdgeKind {
  kLineage,    // base model -> derived model; label: the derived model's relation
  kControl,    // organisation -> its parent
  kDeveloper,  // model -> the organisation that developed it
  kOperator,   // model (training step), infrastructure or endpoint -> its operator
  kProvider,   // infrastructure -> its provider, when it is not the operator
  kOwner,      // dataset -> its owner
  kStorage,    // dataset -> infrastructure it is stored in; label "keys" for its KMS
  kFlow,       // dataset -> infrastructure or endpoint; label: the purpose
  kServing,    // model -> infrastructure it is served on
  kTraining,   // model -> infrastructure its training step ran on
};

struct GraphNode {
  NodeKind kind = NodeKind::kModel;
  std::string id;  // the id in the manifest ("catalog:<hf-id>" for catalogue models)
  Tri domestic = Tri::kUnknown;
  std::string detail;         // one line: jurisdiction, location, classification, licence...
  bool deployed = false;      // a deployed model
  bool from_catalog = false;  // a catalogue model or its developer
};

struct GraphEdge {
  EdgeKind kind = EdgeKind::kLineage;
  std::string label;
  bool implied = false;  // a data flow the manifest implies rather than states
  // A data flow to a place outside the dataset's residency (home when it states none);
  // protected model updates of a federated step included (their label says so).
  bool leaves_residency = false;
};

using StackGraphType =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, GraphNode, GraphEdge>;
using GraphVertex = boost::graph_traits<StackGraphType>::vertex_descriptor;
using GraphEdgeId = boost::graph_traits<StackGraphType>::edge_descriptor;

// The graph and an index of its nodes by kind and id. Vertices are numbered in the order they
// are added and never removed.
class StackGraph {
 public:
  // The vertex of (kind, id), added when new.
  GraphVertex AddNode(NodeKind kind, const std::string& id);
  std::optional<GraphVertex> Find(NodeKind kind, const std::string& id) const;
  // Adds an edge. AddEdgeOnce adds it only if no edge with the same ends, kind, label and
  // implied flag was added through AddEdgeOnce before.
  void AddEdge(GraphVertex from, GraphVertex to, GraphEdge edge);
  bool AddEdgeOnce(GraphVertex from, GraphVertex to, GraphEdge edge);

  GraphNode& operator[](GraphVertex v) { return g_[v]; }
  const GraphNode& operator[](GraphVertex v) const { return g_[v]; }
  const GraphEdge& operator[](GraphEdgeId e) const { return g_[e]; }
  const StackGraphType& graph() const { return g_; }
  StackGraphType& graph() { return g_; }
  size_t NodeCount() const { return boost::num_vertices(g_); }
  size_t EdgeCount() const { return boost::num_edges(g_); }

  // "models/orchard-credit-8b": the kind's plural (as report subjects spell it) and the id.
  std::string Key(GraphVertex v) const;

 private:
  StackGraphType g_;
  std::unordered_map<std::string, GraphVertex> index_;
  std::unordered_set<std::string> edge_keys_;
};

// "organizations", "models", "datasets", "infrastructure", "endpoints".
const char* NodeKindPlural(NodeKind kind);
// "organization", "model", "dataset", "infrastructure", "endpoint".
const char* NodeKindName(NodeKind kind);
// "lineage", "control", "developer", ...
const char* EdgeKindName(EdgeKind kind);
// "domestic", "foreign", "unknown".
const char* DomesticName(Tri t);

// The vertices ordered by Key(): the order renderers write them in.
std::vector<GraphVertex> SortedVertices(const StackGraph& graph);

// One edge by its ends' keys, for renderers.
struct EdgeRow {
  std::string from, to;  // Key()s
  EdgeKind kind;
  std::string label;
  bool implied;
  bool leaves_residency = false;
  auto operator<=>(const EdgeRow&) const = default;
};
// Every edge, sorted by (from, to, kind, label, implied).
std::vector<EdgeRow> SortedEdges(const StackGraph& graph);

// Keeps the lineage edges only: the lineage DAG the audit walks.
struct IsLineageEdge {
  const StackGraphType* g = nullptr;
  bool operator()(const GraphEdgeId& e) const { return (*g)[e].kind == EdgeKind::kLineage; }
};
using LineageView = boost::filtered_graph<StackGraphType, IsLineageEdge>;

inline LineageView LineageOf(const StackGraph& graph) {
  return LineageView(graph.graph(), IsLineageEdge{&graph.graph()});
}

}  // namespace sov
