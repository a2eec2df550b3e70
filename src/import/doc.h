#pragma once
// A third-party provenance file mapped onto provenance v1 (manifest.md), as plain data: what
// the readers fill and what EmitProvenanceYaml writes. An empty string or list means "the
// source does not say": it stays unknown and is left out of the emitted YAML.

#include <string>
#include <string_view>
#include <vector>

namespace sov::import {

enum class Format { kAuto, kHfCard, kCycloneDx, kSpdx, kGguf, kSafetensors };

// "auto", "hf-card", "cyclonedx", "spdx", "gguf", "safetensors".
std::string_view FormatName(Format format);
// A human description ("Hugging Face model card", ...), for comments and messages.
std::string_view FormatTitle(Format format);
// The inverse of FormatName; false when `name` is none of them.
bool ParseFormat(std::string_view name, Format* format);

// A licence: a catalogue id, or (id empty) an inline licence by name and url whose terms are
// unknown. All empty: not stated.
struct Licence {
  std::string id;
  std::string name, url;
  bool present() const { return !id.empty() || !name.empty(); }
};

// One lineage node in the provenance `model` form.
struct Node {
  std::string id;
  std::string name, version;
  std::string developer;           // organisation id, or "" (unknown)
  std::string relation;            // provenance relation, or "" (unknown)
  std::vector<std::string> base;   // lineage ids or catalog:<hf-id>
  Licence licence;
  std::vector<std::string> training_datasets;  // dataset ids (declared in `datasets`)
};

struct Organization {
  std::string id;
  std::string name;
  std::string jurisdiction;  // ISO 3166-1 alpha-2, or "" (unknown)
};

struct Dataset {
  std::string id;
  std::string name, url;
  std::string owner;           // organisation id, or "" (unknown)
  std::string classification;  // public | internal | confidential | restricted (always stated)
};

// An evaluation result a source reports (Hugging Face `model-index`, CycloneDX
// `performanceMetrics`, SPDX `ai_metric`), and who ran it when it says.
struct Metric {
  std::string type, value;
};
struct ReportedEvaluation {
  std::string task;
  std::string dataset_type, dataset_name;
  std::vector<Metric> metrics;
  std::string source_name, source_url;  // who ran it
};

struct ProvenanceDoc {
  std::string source_file;  // as given
  Format format = Format::kAuto;
  Node model;
  std::vector<Node> lineage;
  std::vector<Organization> organizations;
  std::vector<Dataset> datasets;
  std::vector<ReportedEvaluation> evaluations;
  std::vector<std::string> unmapped;  // what the source says that could not be mapped
};

// An id (`[a-z0-9][a-z0-9._/-]*`) made from free text: lower case, other characters become
// '-', leading punctuation dropped. "" when nothing is left.
std::string MakeId(std::string_view text);

}  // namespace sov::import
