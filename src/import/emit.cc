#include "src/import/emit.h"

#include <cstdio>
#include <sstream>

#include "src/util/text.h"

namespace sov::import {
namespace {

// Longest scalar written: the provenance parser refuses scalars over 4096 bytes.
constexpr size_t kMaxScalar = 1024;

// A YAML double-quoted scalar: control characters escaped, invalid UTF-8 replaced by U+FFFD,
// cut at kMaxScalar bytes.
std::string Quote(std::string_view s) {
  std::string out = "\"";
  size_t i = 0;
  while (i < s.size() && i < kMaxScalar) {
    size_t n = Utf8SequenceAt(s, i);
    if (n == 0) {
      out += "\\uFFFD";
      ++i;
      continue;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  if (i < s.size()) out += "...";
  return out + "\"";
}

void List(std::ostringstream& out, const std::vector<std::string>& items) {
  out << "[";
  for (size_t i = 0; i < items.size(); ++i) out << (i ? ", " : "") << Quote(items[i]);
  out << "]";
}

// One node in the `model` form, its keys indented by `pad` (the first line by `first`).
void EmitNode(std::ostringstream& out, const Node& n, const std::string& first,
              const std::string& pad) {
  out << first << "id: " << Quote(n.id) << "\n";
  if (!n.name.empty()) out << pad << "name: " << Quote(n.name) << "\n";
  if (!n.version.empty()) out << pad << "version: " << Quote(n.version) << "\n";
  if (!n.developer.empty()) out << pad << "developer: " << Quote(n.developer) << "\n";
  if (!n.relation.empty()) out << pad << "relation: " << n.relation << "\n";
  if (n.base.size() == 1) out << pad << "base: " << Quote(n.base[0]) << "\n";
  if (n.base.size() > 1) {
    out << pad << "base: ";
    List(out, n.base);
    out << "\n";
  }
  if (!n.licence.id.empty()) {
    out << pad << "license: {id: " << Quote(n.licence.id) << "}\n";
  } else if (n.licence.present()) {
    out << pad << "license: {name: " << Quote(n.licence.name);
    if (!n.licence.url.empty()) out << ", url: " << Quote(n.licence.url);
    out << "}  # terms unknown\n";
  }
  if (!n.training_datasets.empty()) {
    out << pad << "training:\n" << pad << "  datasets: ";
    List(out, n.training_datasets);
    out << "\n";
  }
}

}  // namespace

std::string EmitProvenanceYaml(const ProvenanceDoc& doc) {
  std::ostringstream out;
  out << "# sovaudit provenance imported from " << Quote(doc.source_file) << " ("
      << FormatTitle(doc.format) << ").\n"
      << "# What the source does not state is left out and stays unknown; nothing is guessed.\n"
      << "apiVersion: sovaudit/v1\n"
      << "kind: ModelProvenance\n"
      << "imported_from: {file: " << Quote(doc.source_file)
      << ", format: " << FormatName(doc.format) << "}\n"
      << "model:\n";
  EmitNode(out, doc.model, "  ", "  ");
  if (!doc.lineage.empty()) {
    out << "lineage:\n";
    for (const Node& n : doc.lineage) EmitNode(out, n, "  - ", "    ");
  }
  if (!doc.organizations.empty()) {
    out << "organizations:\n";
    for (const Organization& o : doc.organizations) {
      out << "  - id: " << Quote(o.id) << "\n";
      if (!o.name.empty()) out << "    name: " << Quote(o.name) << "\n";
      if (!o.jurisdiction.empty()) {
        out << "    jurisdiction: " << o.jurisdiction << "\n";
      } else {
        out << "    # jurisdiction: not stated by the source\n";
      }
    }
  }
  if (!doc.datasets.empty()) {
    out << "datasets:\n";
    for (const Dataset& d : doc.datasets) {
      out << "  - id: " << Quote(d.id) << "\n";
      if (!d.name.empty() && d.name != d.id) out << "    # name: " << Quote(d.name) << "\n";
      if (!d.url.empty()) out << "    # url: " << Quote(d.url) << "\n";
      if (!d.owner.empty()) out << "    owner: " << Quote(d.owner) << "\n";
      out << "    classification: " << d.classification << "\n";
    }
  }
  if (!doc.evaluations.empty()) {
    out << "# Evaluation results the source reports, and who ran them (not used by the audit).\n"
        << "reported_evaluations:\n";
    for (const ReportedEvaluation& e : doc.evaluations) {
      out << "  - task: " << Quote(e.task) << "\n";
      if (!e.dataset_type.empty() || !e.dataset_name.empty()) {
        out << "    dataset: {type: " << Quote(e.dataset_type)
            << ", name: " << Quote(e.dataset_name) << "}\n";
      }
      if (!e.metrics.empty()) {
        out << "    metrics:\n";
        for (const Metric& m : e.metrics) {
          out << "      - {type: " << Quote(m.type) << ", value: " << Quote(m.value) << "}\n";
        }
      }
      if (!e.source_name.empty() || !e.source_url.empty()) {
        out << "    source: {name: " << Quote(e.source_name) << ", url: " << Quote(e.source_url)
            << "}\n";
      }
    }
  }
  return out.str();
}

}  // namespace sov::import
