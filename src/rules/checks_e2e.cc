// Layer 5, end-to-end: SOV-5.1 evaluation operators and infrastructure, SOV-5.2 judges,
// SOV-5.3 benchmarks, SOV-5.4 results bound to the deployed weights.

#include <algorithm>
#include <cctype>

#include "src/rules/checks.h"
#include "src/util/text.h"

namespace sov::checks {
namespace {


// AsciiLower(s) == lower, without building AsciiLower(s): digests are compared for every result of
// every evaluation of every model.
bool EqualsLowered(const std::string& s, const std::string& lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))) != lower[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void EvaluationDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    if (m.evaluations.empty()) v.Fail(Quote(m.id) + " has no evaluation");
    for (const std::string& id : m.evaluations) {
      const Evaluation* e = facts.Eval(id);
      if (e == nullptr) {
        v.Unknown("evaluation " + Quote(id) + " is not declared");
        continue;
      }
      if (e->operator_id.empty()) {
        v.Unknown("the operator of evaluation " + Quote(id) + " is not stated");
      } else {
        std::string text =
            "evaluation " + Quote(id) + " is operated by " + facts.OrgChain(e->operator_id);
        v.Add(facts.OrgDomestic(e->operator_id), text, text);
      }
      if (e->runs_on.empty()) v.Unknown("evaluation " + Quote(id) + " names no infrastructure");
      for (const std::string& infra : e->runs_on) {
        std::string why;
        Tri t = facts.InfraDomestic(infra, &why);
        v.Add(t, "evaluation " + Quote(id) + " runs on foreign infrastructure: " + why,
              "evaluation " + Quote(id) + ": " + why);
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "evaluations of " + Quote(m.id) + " (" + Join(m.evaluations, ", ") +
             ") are operated domestically on domestic infrastructure",
         m.loc, {m.id}, out);
  }
}

void JudgesLayer4(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    std::vector<std::string> judges;
    for (const std::string& id : m.evaluations) {
      if (const Evaluation* e = facts.Eval(id)) {
        for (const std::string& j : e->judges) {
          if (std::find(judges.begin(), judges.end(), j) == judges.end()) judges.push_back(j);
        }
      }
    }
    if (judges.empty()) {
      out.push_back(Make(ctx, Status::kNotApplicable, "models/" + m.id,
                         "no judge model evaluates " + Quote(m.id), m.loc, {m.id}));
      continue;
    }
    Verdict v;
    for (const std::string& j : judges) {
      if (facts.Model(j) == nullptr || ctx.tally == nullptr) {
        v.Unknown("judge " + Quote(j) + " is not a model of this deployment");
        continue;
      }
      for (int layer = 1; layer <= 4; ++layer) {
        Status s = ctx.tally->ForModel(j, layer).status();
        if (s == Status::kPass) continue;
        std::string text = "judge " + Quote(j) + " reaches layer " + std::to_string(layer - 1) +
                           ": its layer " + std::to_string(layer) + " (" + LayerName(layer) + ") " +
                           (s == Status::kFail ? "fails" : "is unknown");
        v.Add(s == Status::kFail ? Tri::kNo : Tri::kUnknown, text, text);
        break;
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "every judge of " + Quote(m.id) + " (" + Join(judges, ", ") + ") reaches layer 4", m.loc,
         {m.id}, out);
  }
}

void BenchmarksDomestic(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  for (const DeployedModel& m : facts.deployment().models) {
    if (m.evaluations.empty()) {
      out.push_back(Make(ctx, Status::kNotApplicable, "models/" + m.id,
                         Quote(m.id) + " has no evaluation (see SOV-5.1)", m.loc, {m.id}));
      continue;
    }
    Verdict v;
    Location where = m.loc;
    for (const std::string& id : m.evaluations) {
      const Evaluation* e = facts.Eval(id);
      if (e == nullptr) {
        v.Unknown("evaluation " + Quote(id) + " is not declared");
        continue;
      }
      if (e->benchmarks.empty()) v.Unknown("evaluation " + Quote(id) + " names no benchmark");
      for (const Benchmark& b : e->benchmarks) {
        if (b.owner.empty()) {
          v.Unknown("the owner of benchmark " + Quote(b.name) + " is not stated");
          continue;
        }
        std::string text = "benchmark " + Quote(b.name) + " of evaluation " + Quote(id) +
                           " is owned by " + facts.OrgChain(b.owner);
        Tri t = facts.OrgDomestic(b.owner);
        v.Add(t, text, text);
        if (t == Tri::kNo && where == m.loc && b.loc.line > 0) where = b.loc;
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "every benchmark evaluating " + Quote(m.id) + " is owned domestically", where, {m.id},
         out);
  }
}

void EvaluationBoundToWeights(const Context& ctx, std::vector<Finding>& out) {
  const Facts& facts = ctx.facts;
  const Date& as_of = facts.context().as_of;
  for (const DeployedModel& m : facts.deployment().models) {
    Verdict v;
    // A sha256 pin is the deployed digest as stated; a signature pin's digest is the OMS root
    // digest, known only once the signature has verified.
    std::string digest = m.weights.sha256.empty() ? "" : "sha256:" + AsciiLower(m.weights.sha256);
    const WeightsCheck& check = facts.Weights(m.id);
    // A signed single file binds by its whole-file SHA-256 too (its signed resource digest).
    std::string also;
    if (digest.empty() && !m.weights.signature.empty() &&
        (check.kind == WeightsCheck::Kind::kVerified || check.kind == WeightsCheck::Kind::kAttested)) {
      digest = check.digest;
      also = check.file_digest;
    }
    if (digest.empty() && m.weights.signature.empty()) {
      v.Fail("the weights of " + Quote(m.id) +
             " are not pinned, so no result can be bound to "
             "them");
    }
    std::vector<const EvalResult*> results;
    for (const std::string& id : m.evaluations) {
      if (const Evaluation* e = facts.Eval(id)) {
        for (const EvalResult& r : e->results) results.push_back(&r);
      }
    }
    if (results.empty()) v.Fail("no evaluation result is recorded for " + Quote(m.id));
    if (!results.empty() && digest.empty() && !m.weights.signature.empty()) {
      v.Unknown("the digest of the signature-pinned weights of " + Quote(m.id) +
                " is known only once the signature verifies (SOV-3.5)");
    }
    if (!results.empty() && !digest.empty()) {
      const EvalResult* best = nullptr;  // the newest result bound to the digest
      bool recent = false;
      for (const EvalResult* r : results) {
        if (!EqualsLowered(r->model_digest, digest) &&
            (also.empty() || !EqualsLowered(r->model_digest, also))) {
          continue;
        }
        auto date = ParseDate(r->date);
        if (!date) continue;
        long days = DaysBetween(*date, as_of);
        if (days >= 0 && days <= 180) recent = true;
        if (best == nullptr || r->date > best->date) best = r;
      }
      if (best == nullptr) {
        v.Fail("no result of the evaluations of " + Quote(m.id) + " names the deployed digest " +
               digest + (also.empty() ? "" : " or the file's SHA-256 " + also));
      } else if (!recent) {
        long days = DaysBetween(*ParseDate(best->date), as_of);
        v.Fail("the newest result bound to " + digest + " is dated " + best->date + ", " +
               (days < 0 ? "after the audit date" : std::to_string(days) + " days before it") +
               " (limit 180)");
      }
    }
    Emit(ctx, v, "models/" + m.id,
         "a result within 180 days is bound to the deployed digest " + digest, m.loc, {m.id}, out);
  }
}

}  // namespace sov::checks
