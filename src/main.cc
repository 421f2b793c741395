// proofline: the library plus a main().
#include "cli/cli.h"

int main(int argc, char** argv) { return proofline::cli::Main(argc, argv); }
