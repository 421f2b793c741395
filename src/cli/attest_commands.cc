// `proofline attest KIND --change ID FILE...`: evidence ingestion. Parsing and printing only: the
// operation (parse every file, store the bytes, record one batch) is service/attest.h.
#include "cli/context.h"
#include "cli/render.h"
#include "evidence/describe.h"
#include "service/attest.h"

namespace proofline::cli {
std::string AttestText(const service::AttestResult& r) {
  std::string text;
  for (const service::AttachedEvidence& a : r.attached) {
    text += "attested " + a.parsed.path + " to " + r.change + " (event " + std::to_string(a.index) +
            "): " + evidence::DescribeSummary(r.kind, a.parsed.summary) + "\n";
  }
  if (!r.current) {
    text += "note: commit " + r.commit.substr(0, 12) +
            " is not the change's current target: this evidence is stale and counts for nothing\n";
  }
  if (!text.empty()) text.pop_back();
  return text;
}

Json AttestJson(const service::AttestResult& r) {
  Json list = Json::array();
  for (const service::AttachedEvidence& a : r.attached) {
    list.push_back({{"index", a.index},
                    {"file", a.parsed.path},
                    {"digest", evidence::DigestString(a.parsed.digest)},
                    {"summary", a.parsed.summary}});
  }
  return {{"change", r.change}, {"commit", r.commit}, {"current", r.current}, {"events", list}};
}

void AddAttestCommands(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<service::AttestRequest>();
  CLI::App* a = app.add_subcommand(
      "attest", "Attach evidence files to a change: parse, store the raw bytes, record a summary");
  a->add_option("KIND", o->kind, "Evidence kind: " + evidence::KindNames())->required();
  a->add_option("FILE", o->files, "Evidence files (all are parsed before any is stored)")
      ->required();
  a->add_option("--change", o->change, "Change id the evidence belongs to")->required();
  a->add_option("--commit", o->commit,
                "The commit the evidence covers (default: the change's current target); only "
                "evidence of the current target counts");
  a->add_option("--pipeline", o->pipeline, "Pipeline run that produced the evidence");
  a->add_option("--control", o->controls, "Control the evidence supports (repeatable)");
  a->add_option("--key", o->options.key,
                "attestation: PEM public key (Ed25519, ECDSA, RSA); a signature must verify");
  a->add_option("--type", o->options.type, "generic: the evidence type, e.g. backup-verification");
  a->add_option("--schema", o->options.schema, "generic: JSON schema the file must match");
  a->add_option("--suite", o->options.suite,
                "junit: the suite it reports (unit, integration, smoke, e2e, performance, "
                "full_regression...): what a risk class's required evidence names");
  a->callback([&ctx, o] {
    ctx.action = [&ctx, o]() -> Result<int> {
      service::Workspace ws(ctx.Paths());
      ASSIGN_OR_RETURN(service::AttestResult r, service::Attest(ws, ctx.Caller(), *o));
      ctx.Print(AttestText(r), AttestJson(r));
      return kExitOk;
    };
  });
}

}  // namespace proofline::cli
