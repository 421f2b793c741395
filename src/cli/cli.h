// The proofline command line: parses arguments, runs one command, maps errors to exit codes
// (0 ok, 1 denied or failed verification, 2 bad usage or input, 3 internal or environment).
#pragma once

namespace CLI {
class App;
}

namespace proofline::cli {

int Main(int argc, char** argv);

struct Context;
// `proofline scan` (scan_commands.cc).
void AddScanCommands(CLI::App& app, Context& ctx);

}  // namespace proofline::cli
