// `proofline policy eval --expr E [--input FACTS.json]`: evaluates a CEL expression over facts,
// the way controls will be evaluated, so users can debug their policies before relying on them.
#include <cstdio>

#include "base/files.h"
#include "cel/eval.h"
#include "cli/context.h"

namespace proofline::cli {
namespace {

constexpr size_t kMaxFactsBytes = size_t{64} << 20;

struct PolicyEvalOptions {
  std::string expr, input;
};

Result<std::string> ReadStdin() {
  std::string text;
  char buf[65536];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    text.append(buf, n);
    if (text.size() > kMaxFactsBytes) {
      return InvalidArgument("facts on stdin exceed " + std::to_string(kMaxFactsBytes) + " bytes");
    }
  }
  if (std::ferror(stdin)) return IoError("reading facts from stdin failed");
  return text;
}

// The variables: the keys of the facts file's top-level object; none without --input.
Result<cel::Activation> LoadFacts(const std::string& input) {
  if (input.empty()) return cel::Activation();
  std::string what = input == "-" ? "stdin" : input;
  ASSIGN_OR_RETURN(std::string text, input == "-" ? ReadStdin() : ReadFile(input, kMaxFactsBytes));
  ASSIGN_OR_RETURN(Json facts, ParseJsonStrict(text, what));
  Result<cel::Activation> activation = cel::Activation::FromJson(facts);
  if (!activation.ok()) return activation.status().WithContext(what);
  return activation;
}

// The one-line error, then the expression with a caret under the column it names (limits
// exceeded have no column; `where.line` is 0 then).
int ReportExpressionError(const Context& ctx, const std::string& expr, const Status& status,
                          cel::Location where) {
  int rc = ReportError(ctx, status);
  if (where.line > 0) std::fprintf(stderr, "%s\n", cel::CaretLines(expr, where).c_str());
  return rc;
}

Result<int> RunEval(const Context& ctx, const PolicyEvalOptions& o) {
  cel::Location where{0, 0};
  Result<cel::Program> program = cel::Compile(o.expr, &where);
  if (!program.ok()) return ReportExpressionError(ctx, o.expr, program.status(), where);
  ASSIGN_OR_RETURN(cel::Activation activation, LoadFacts(o.input));
  Result<cel::Value> value = program->Eval(activation, cel::EvalOptions(), &where);
  if (!value.ok()) return ReportExpressionError(ctx, o.expr, value.status(), where);
  if (ctx.json) {
    ASSIGN_OR_RETURN(Json j, cel::ValueToJson(*value));
    ctx.Print("", {{"value", std::move(j)}, {"type", std::string(cel::KindName(value->kind()))}});
  } else {
    ctx.Print(cel::FormatValue(*value), Json());
  }
  return kExitOk;
}

}  // namespace

void AddPolicyCommands(CLI::App& app, Context& ctx) {
  CLI::App* policy = app.add_subcommand("policy", "Policies: CEL expressions over facts");
  policy->require_subcommand(1);

  auto eval = std::make_shared<PolicyEvalOptions>();
  CLI::App* e = policy->add_subcommand(
      "eval", "Evaluate a CEL expression over facts and print the value (debug a policy)");
  e->add_option("--expr", eval->expr, "The CEL expression")->required();
  e->add_option("--input", eval->input,
                "Facts: a JSON object whose keys are the variables ('-' reads stdin)");
  e->footer(
      "The value prints in CEL syntax (42, \"s\", [1, 2], {\"a\": 1}, timestamp(\"...\")); with\n"
      "--json as {\"value\": <JSON>, \"type\": \"int\"}. JSON integers that fit int64 are ints,\n"
      "other numbers doubles (1.0 is a double).\n"
      "Exit codes: 0 the value was printed; 2 the expression is malformed, the facts file is\n"
      "missing or malformed, or evaluation failed (no such key, no matching overload, overflow,\n"
      "...): the error names the column and a caret marks it; 3 internal error.");
  e->callback([&ctx, eval] { ctx.action = [&ctx, eval] { return RunEval(ctx, *eval); }; });
}

}  // namespace proofline::cli
