#include "src/graph/graph.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "src/facts/stack_graph.h"
#include "src/graph/render.h"
#include "src/load/loader.h"
#include "tests/run_binary.h"
#include "tests/test_stack.h"

namespace sov {
namespace {

namespace fs = std::filesystem;

const std::string kLayer3 = "fixtures/layer3-finetune/deployment.yaml";
const std::string kLayer0 = "fixtures/layer0-not-sovereign/deployment.yaml";
const std::string kOverclaim = "fixtures/overclaim-vendor/deployment.yaml";

// A fixture loaded, its facts derived and its graph built.
struct Loaded {
  explicit Loaded(const std::string& manifest)
      : d(LoadDeployment(std::string(SOVAUDIT_SOURCE_DIR) + "/" + manifest, Catalog::Builtin(),
                         LoadOptions{})),
        facts(d, Catalog::Builtin(), test::Ctx(), test::Verified(d, false)),
        graph(BuildStackGraph(facts)) {}
  std::string Render(GraphFormat format) const {
    std::ostringstream out;
    RenderGraph(graph, GraphHeader{d.name, "fixture.yaml", d.home}, format, out);
    return out.str();
  }
  Deployment d;
  Facts facts;
  StackGraph graph;
};

size_t CountKind(const StackGraph& g, NodeKind kind) {
  size_t n = 0;
  for (GraphVertex v = 0; v < g.NodeCount(); ++v) n += g[v].kind == kind;
  return n;
}

Tri Mark(const StackGraph& g, NodeKind kind, const std::string& id) {
  std::optional<GraphVertex> v = g.Find(kind, id);
  EXPECT_TRUE(v.has_value()) << id;
  return v ? g[*v].domestic : Tri::kUnknown;
}

// True when an edge from `from` to `to` (keys) of `kind` with `label` exists.
bool HasEdge(const StackGraph& g, const std::string& from, const std::string& to, EdgeKind kind,
             const std::string& label = "", bool implied = false) {
  for (const EdgeRow& e : SortedEdges(g)) {
    if (e.from == from && e.to == to && e.kind == kind && e.label == label &&
        e.implied == implied) {
      return true;
    }
  }
  return false;
}

TEST(Graph, Layer3FixtureNodesAndEdges) {
  Loaded l(kLayer3);
  const StackGraph& g = l.graph;
  // orchard-bank, orchard-holdings and the developers of the three catalogue families.
  EXPECT_EQ(CountKind(g, NodeKind::kOrganization), 5u);
  // Two deployed models, SEA-LION, Llama 3.1 8B (+Instruct), Qwen2.5 7B (+Instruct).
  EXPECT_EQ(CountKind(g, NodeKind::kModel), 7u);
  EXPECT_EQ(CountKind(g, NodeKind::kDataset), 2u);
  EXPECT_EQ(CountKind(g, NodeKind::kInfrastructure), 4u);
  EXPECT_EQ(CountKind(g, NodeKind::kEndpoint), 0u);
  EXPECT_EQ(g.NodeCount(), 18u);

  const std::string sea_lion = "models/catalog:aisingapore/Llama-SEA-LION-v3-8B-IT";
  EXPECT_TRUE(HasEdge(g, sea_lion, "models/orchard-credit-8b", EdgeKind::kLineage, "finetune"));
  EXPECT_TRUE(HasEdge(g, "models/catalog:meta-llama/Llama-3.1-8B-Instruct", sea_lion,
                      EdgeKind::kLineage, "continued-pretraining"));
  EXPECT_TRUE(HasEdge(g, "organizations/orchard-bank", "organizations/orchard-holdings",
                      EdgeKind::kControl));
  EXPECT_TRUE(HasEdge(g, sea_lion, "organizations/catalog:ai-singapore", EdgeKind::kDeveloper));
  EXPECT_TRUE(
      HasEdge(g, "models/orchard-credit-8b", "infrastructure/sg-jurong-gpu", EdgeKind::kServing));
  EXPECT_TRUE(
      HasEdge(g, "models/orchard-credit-8b", "infrastructure/sg-jurong-gpu", EdgeKind::kTraining));
  EXPECT_TRUE(
      HasEdge(g, "datasets/loan-applications", "infrastructure/sg-hsm", EdgeKind::kStorage, "kms"));
  // The manifest's `flows` entry, and the flow its training step implies.
  EXPECT_TRUE(HasEdge(g, "datasets/loan-applications", "infrastructure/sg-jurong-gpu",
                      EdgeKind::kFlow, "inference"));
  EXPECT_TRUE(HasEdge(g, "datasets/credit-memos", "infrastructure/sg-jurong-gpu", EdgeKind::kFlow,
                      "training", true));
  EXPECT_FALSE(HasEdge(g, "datasets/credit-memos", "infrastructure/sg-jurong-gpu", EdgeKind::kFlow,
                       "inference"));

  EXPECT_EQ(Mark(g, NodeKind::kOrganization, "orchard-bank"), Tri::kYes);
  EXPECT_EQ(Mark(g, NodeKind::kOrganization, "catalog:meta"), Tri::kNo);
  EXPECT_EQ(Mark(g, NodeKind::kModel, "catalog:aisingapore/Llama-SEA-LION-v3-8B-IT"), Tri::kYes);
  EXPECT_EQ(Mark(g, NodeKind::kModel, "catalog:meta-llama/Llama-3.1-8B"), Tri::kNo);
  EXPECT_EQ(Mark(g, NodeKind::kModel, "catalog:Qwen/Qwen2.5-7B"), Tri::kNo);
  EXPECT_EQ(Mark(g, NodeKind::kInfrastructure, "sg-jurong-gpu"), Tri::kYes);
  EXPECT_EQ(Mark(g, NodeKind::kDataset, "loan-applications"), Tri::kYes);
  EXPECT_TRUE(g[*g.Find(NodeKind::kModel, "orchard-credit-8b")].deployed);
  EXPECT_FALSE(g[*g.Find(NodeKind::kModel, std::string(test::kLlama))].deployed);
}

TEST(Graph, TheAuditWalksTheSameLineage) {
  Loaded l(kLayer3);
  // Facts holds the lineage part: models and lineage edges only, one per stated base.
  const StackGraph& lineage = l.facts.Graph();
  EXPECT_EQ(lineage.NodeCount(), l.d.nodes.size());
  size_t bases = 0;
  for (const auto& [id, node] : l.d.nodes) bases += node.base.size();
  EXPECT_EQ(lineage.EdgeCount(), bases);
  size_t lineage_edges = 0;
  const LineageView view = LineageOf(l.graph);  // the iterators point into the view: keep it
  for (auto [it, end] = boost::edges(view); it != end; ++it) ++lineage_edges;
  EXPECT_EQ(lineage_edges, bases);
  EXPECT_EQ(
      l.facts.Lineage("orchard-credit-8b"),
      (std::vector<std::string>{"orchard-credit-8b", "catalog:aisingapore/Llama-SEA-LION-v3-8B-IT",
                                test::kLlama, test::kLlamaBase}));
}

TEST(Graph, ForeignControlAndEndpointsAreMarked) {
  Loaded over(kOverclaim);
  // In Malaysia, run by a Malaysian vendor, on a platform whose owner is a US subsidiary.
  EXPECT_EQ(Mark(over.graph, NodeKind::kInfrastructure, "kijang-gpu-kul"), Tri::kNo);
  EXPECT_EQ(Mark(over.graph, NodeKind::kOrganization, "kijang-ai"), Tri::kYes);
  EXPECT_EQ(Mark(over.graph, NodeKind::kOrganization, "aws-malaysia"), Tri::kNo);
  EXPECT_TRUE(HasEdge(over.graph, "infrastructure/kijang-gpu-kul", "organizations/aws-malaysia",
                      EdgeKind::kProvider));
  EXPECT_TRUE(HasEdge(over.graph, "organizations/aws-malaysia", "organizations/amazon-com",
                      EdgeKind::kControl));

  Loaded l0(kLayer0);
  EXPECT_EQ(Mark(l0.graph, NodeKind::kEndpoint, "vertex-ai-generate"), Tri::kNo);
  EXPECT_TRUE(HasEdge(l0.graph, "datasets/customer-chats", "endpoints/vertex-ai-generate",
                      EdgeKind::kFlow, "inference"));
  EXPECT_TRUE(HasEdge(l0.graph, "models/catalog:google/gemma-3-27b-it",
                      "models/gemma-3-27b-it-vertex", EdgeKind::kLineage, "quantized"));
}

TEST(Graph, UnstatedFactsAreUnknown) {
  Deployment d = test::DomesticStack();
  test::AddNode(d, "anon", "", "pretrained", {}, "", {}, "", {});
  test::AddModel(d, "anon", {});
  test::AddInfra(d, "somewhere", "", "nobody-declared");
  Facts facts(d, test::TestCatalog(), test::Ctx(), test::Verified(d, false));
  StackGraph g = BuildStackGraph(facts);
  EXPECT_EQ(Mark(g, NodeKind::kModel, "anon"), Tri::kUnknown);
  EXPECT_EQ(Mark(g, NodeKind::kInfrastructure, "somewhere"), Tri::kUnknown);
  EXPECT_EQ(Mark(g, NodeKind::kOrganization, "nobody-declared"), Tri::kUnknown);
}

TEST(GraphRender, TwoRendersAreByteIdentical) {
  Loaded a(kLayer3), b(kLayer3);
  EXPECT_EQ(a.Render(GraphFormat::kDot), b.Render(GraphFormat::kDot));
  EXPECT_EQ(a.Render(GraphFormat::kJson), b.Render(GraphFormat::kJson));
}

TEST(GraphRender, JsonHasTheSchemaSortedKeysAndSortedNodes) {
  Loaded l(kLayer3);
  std::string text = l.Render(GraphFormat::kJson);
  nlohmann::json doc = nlohmann::json::parse(text);
  // nlohmann dumps objects with sorted keys: the round trip is identical only if they were.
  EXPECT_EQ(doc.dump(2) + "\n", text);
  EXPECT_EQ(doc.at("schema"), "sovaudit/graph/v1");
  EXPECT_EQ(doc.at("deployment").at("name"), "orchard-credit-assistant");
  ASSERT_EQ(doc.at("nodes").size(), 18u);
  std::vector<std::string> ids;
  for (const auto& n : doc.at("nodes")) ids.push_back(n.at("id"));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(doc.at("edges").size(), l.graph.EdgeCount());
  const auto& bank =
      *std::find_if(doc.at("nodes").begin(), doc.at("nodes").end(),
                    [](const auto& n) { return n.at("id") == "organizations/orchard-bank"; });
  EXPECT_EQ(bank.at("domestic"), "domestic");
  EXPECT_EQ(bank.at("kind"), "organization");
}

bool HaveDot() { return std::system("command -v dot >/dev/null 2>&1") == 0; }

// Runs `dot -Tsvg` over `text`; true when it exits 0 and writes an SVG.
bool DotAccepts(const std::string& text) {
  fs::path dir = fs::path(::testing::TempDir()) / ("sovaudit_graph_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "g.dot") << text;
  std::string cmd = "dot -Tsvg '" + (dir / "g.dot").string() + "' -o '" + (dir / "g.svg").string() +
                    "' 2>'" + (dir / "err").string() + "'";
  bool ok = std::system(cmd.c_str()) == 0 &&
            test::SlurpFile(dir / "g.svg").find("<svg") != std::string::npos &&
            test::SlurpFile(dir / "err").empty();
  fs::remove_all(dir);
  return ok;
}

TEST(GraphRender, DotHasColoursShapesAndALegend) {
  Loaded l(kOverclaim);
  std::string dot = l.Render(GraphFormat::kDot);
  EXPECT_EQ(dot.rfind("// sovaudit graph", 0), 0u);
  EXPECT_NE(dot.find("cluster_legend"), std::string::npos);
  EXPECT_NE(dot.find("\"infrastructure/kijang-gpu-kul\" [label=\"kijang-gpu-kul\\ncompute, MY "
                     "(aws:ap-southeast-5)\", shape=box3d, style=filled, fillcolor=\"#f4b6b6\""),
            std::string::npos);
  EXPECT_NE(dot.find("\"organizations/kijang-ai\" [label=\"kijang-ai\\nKijang AI Solutions Sdn. "
                     "Bhd., MY\", shape=ellipse, style=filled, fillcolor=\"#b7e4c7\""),
            std::string::npos);
  if (!HaveDot()) GTEST_SKIP() << "graphviz (dot) is not installed";
  EXPECT_TRUE(DotAccepts(dot));
  EXPECT_TRUE(DotAccepts(Loaded(kLayer3).Render(GraphFormat::kDot)));
}

TEST(GraphRender, DotEscapesQuotesAndBackslashes) {
  StackGraph g;
  g.AddNode(NodeKind::kOrganization, "we\"ird\\id\nx");
  std::ostringstream out;
  RenderGraphDot(g, GraphHeader{"a \"b\"", "f", {"SG"}}, out);
  EXPECT_NE(out.str().find("\"organizations/we\\\"ird\\\\idx\""), std::string::npos) << out.str();
  if (HaveDot()) {
    EXPECT_TRUE(DotAccepts(out.str()));
  }
}

TEST(GraphCli, ExitCodes) {
  using test::RunBinary;
  test::BinaryResult r = RunBinary({"graph", kLayer3});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("digraph \"orchard-credit-assistant\""), std::string::npos);
  r = RunBinary({"graph", "fixtures/layer3-finetune", "--format", "json"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out).at("schema"), "sovaudit/graph/v1");
  EXPECT_EQ(RunBinary({"graph", "fixtures/no-such-manifest.yaml"}).code, 2);
  EXPECT_EQ(RunBinary({"graph", kLayer3, "--format", "svg"}).code, 2);
  EXPECT_EQ(RunBinary({"graph"}).code, 2);
  r = RunBinary({"graph", "fixtures/bank"});  // several deployments: name one
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("name one"), std::string::npos);

  fs::path dir =
      fs::path(::testing::TempDir()) / ("sovaudit_graph_cli_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "bad.yaml") << "apiVersion: sovaudit/v1\nkind: Deployment\nmetadta: {}\n";
  r = RunBinary({"graph", (dir / "bad.yaml").string()});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("bad.yaml:3"), std::string::npos) << r.err;

  // --output: the file holds what stdout would; an unwritable place exits 4 and leaves nothing.
  r = RunBinary({"graph", kLayer3, "--format", "json", "--output", (dir / "g.json").string()});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(r.out.empty());
  EXPECT_EQ(test::SlurpFile(dir / "g.json"), RunBinary({"graph", kLayer3, "--format", "json"}).out);
  r = RunBinary({"graph", kLayer3, "--output", (dir / "missing" / "g.dot").string()});
  EXPECT_EQ(r.code, 4) << r.err;
  EXPECT_FALSE(fs::exists(dir / "missing"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace sov
