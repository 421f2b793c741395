// Fuzzes the auditor-bundle reader and verifier: the input is split at "\n=====\n" into the
// trusted key file, manifest.json, events.jsonl and checkpoint notes, as ReadBundle would load.
// The key part may hold a witness key: the checkpoints' cosignatures are then checked too.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/json.h"
#include "ledger/bundle.h"
#include "ledger/witness.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace proofline::ledger;
  std::string_view in(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSep = "\n=====\n";
  std::vector<std::string> parts;
  for (;;) {
    size_t p = in.find(kSep);
    parts.emplace_back(in.substr(0, p));
    if (p == std::string_view::npos) break;
    in.remove_prefix(p + kSep.size());
  }
  if (parts.size() < 3) return 0;
  std::vector<VerifierKey> keys;
  if (auto k = ParseVerifierKey(parts[0]); k.ok()) keys.push_back(*k);
  // A fuzzer cannot forge SHA-256: refresh the manifest's digest of events.jsonl when the
  // manifest parses, so mutations reach the event and checkpoint verification behind it.
  if (auto manifest = proofline::ParseJsonStrict(parts[1]);
      manifest.ok() && manifest->is_object() && manifest->contains("sha256") &&
      (*manifest)["sha256"].is_object()) {
    (*manifest)["sha256"]["events.jsonl"] =
        proofline::ToHex(proofline::Sha256(proofline::AsBytes(parts[2])));
    parts[1] = manifest->dump();
  }
  BundleContents bundle{parts[1], parts[2], {parts.begin() + 3, parts.end()}};
  VerifyReport report = VerifyBundle(bundle, keys);
  (void)report.Summary();
  if (!keys.empty() && keys[0].kind == KeyKind::kWitness) {
    std::vector<proofline::store::StoredCheckpoint> checkpoints;
    for (size_t i = 0; i < bundle.checkpoints.size(); ++i)
      checkpoints.push_back({i + 1, i, bundle.checkpoints[i]});
    WitnessReport w = CheckWitnessQuorum(checkpoints, keys, 1);
    if (w.ok && w.witnessed_seq == 0) __builtin_trap();  // ok means a quorum was found
  }
  return 0;
}
