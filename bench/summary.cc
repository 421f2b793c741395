// Prints the summary table (Markdown) from the results bench/run.sh collected, so every figure
// is set against its reference from the same run and against its goal.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using Json = nlohmann::json;

Json Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Json::object();
  Json j = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  return j.is_discarded() ? Json::object() : j;
}

// The median aggregate of `field` for `run_name`, or the single run's value when the benchmark
// ran without repetitions.
std::optional<double> Median(const Json& results, const std::string& run_name,
                             const std::string& field) {
  if (!results.contains("benchmarks")) return std::nullopt;
  std::optional<double> single;
  for (const Json& b : results["benchmarks"]) {
    if (b.value("run_name", "") != run_name || !b.contains(field) || !b[field].is_number()) {
      continue;
    }
    if (b.value("aggregate_name", "") == "median") return b[field].get<double>();
    if (b.value("run_type", "") == "iteration" && !single) single = b[field].get<double>();
  }
  return single;
}

// Hashes/s of `openssl speed -evp sha256 -bytes N` runs: the median of the "sha256 <k>k" lines,
// which count 1000s of bytes per second.
std::optional<double> OpensslHashesPerSecond(const std::string& path, double bytes) {
  std::ifstream in(path);
  std::vector<double> rates;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string name, value;
    if (words >> name >> value && name == "sha256" && !value.empty() && value.back() == 'k') {
      rates.push_back(std::stod(value.substr(0, value.size() - 1)) * 1000.0 / bytes);
    }
  }
  if (rates.empty()) return std::nullopt;
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

std::string Num(std::optional<double> v, const char* unit, int decimals = 0) {
  if (!v) return "n/a";
  char buf[64];
  if (decimals == 0) {
    // Thousands separators for rates.
    std::string digits = std::to_string(static_cast<long long>(*v + 0.5));
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
      out += digits[i];
    }
    return out + unit;
  }
  std::snprintf(buf, sizeof buf, "%.*f%s", decimals, *v, unit);
  return buf;
}

std::string Ratio(std::optional<double> ours, std::optional<double> ref) {
  if (!ours || !ref || *ref == 0) return "n/a";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", *ours / *ref);
  return buf;
}

std::string Goal(std::optional<double> v, double goal, bool at_least, const char* text) {
  if (!v) return std::string(text) + ": n/a";
  bool met = at_least ? *v >= goal : *v <= goal;
  return std::string(text) + (met ? ": **met**" : ": **missed**");
}

void Row(const std::string& what, const std::string& ours, const std::string& ref,
         const std::string& ratio, const std::string& goal) {
  std::printf("| %s | %s | %s | %s | %s |\n", what.c_str(), ours.c_str(), ref.c_str(),
              ratio.c_str(), goal.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr,
                 "usage: %s <dir with {append,latency,verify,proof,ingest,cel,cel_js}.json and "
                 "openssl.txt>\n",
                 argv[0]);
    return 2;
  }
  std::string dir = argv[1];
  Json append = Load(dir + "/append.json");
  Json latency = Load(dir + "/latency.json");
  Json verify = Load(dir + "/verify.json");
  Json proof = Load(dir + "/proof.json");
  Json ingest = Load(dir + "/ingest.json");
  Json cel = Load(dir + "/cel.json");
  Json cel_js = Load(dir + "/cel_js.json");
  const char* ips = "items_per_second";

  std::printf("| Benchmark (medians) | Proofline | Reference | Ratio | Goal |\n");
  std::printf("|---|---|---|---|---|\n");

  // 1. Durable batched append.
  for (const char* batch : {"1000", "10000", "100"}) {
    auto ours = Median(append, std::string("BM_LedgerAppend/batch:") + batch + "/real_time", ips);
    auto raw = Median(append, std::string("BM_RawSqliteAppend/batch:") + batch + "/real_time", ips);
    Row(std::string("1. Append 512 B events, ") + batch + " per call, 1 writer", Num(ours, " ev/s"),
        "raw sqlite3 " + Num(raw, " ev/s"), Ratio(ours, raw) + " (ledger/raw)",
        std::string(batch) != "100" ? Goal(ours, 100000, true, ">= 100,000 ev/s") : "-");
  }
  auto single100 = Median(append, "BM_LedgerAppend/batch:100/real_time", ips);
  auto one_lat = Median(latency, "BM_LedgerAppendOne/iterations:2000/manual_time", "real_time");
  std::optional<double> one_rate;
  if (one_lat && *one_lat > 0) one_rate = 1e6 / *one_lat;  // real_time is in microseconds
  for (const char* batch : {"100", "1"}) {
    for (const char* threads : {"4", "16"}) {
      std::string name =
          std::string("BM_LedgerAppendConcurrent/batch:") + batch + "/real_time/threads:" + threads;
      auto ours = Median(append, name, ips);
      auto per_commit = Median(append, name, "events_per_commit");
      bool hundred = std::string(batch) == "100";
      Row(std::string("1. Group commit: ") + threads + " writers x " + batch + " ev per call",
          Num(ours, " ev/s") + " (" + Num(per_commit, " ev/commit", 1) + ")",
          hundred ? "1 writer x 100: " + Num(single100, " ev/s")
                  : "1 writer x 1: " + Num(one_rate, " ev/s"),
          Ratio(ours, hundred ? single100 : one_rate), "-");
    }
  }

  // 2. Single durable append latency.
  for (const char* p : {"p50_us", "p99_us"}) {
    auto ours = Median(latency, "BM_LedgerAppendOne/iterations:2000/manual_time", p);
    auto ref = Median(latency, "BM_FsyncWrite512/iterations:2000/manual_time", p);
    Row(std::string("2. Single-event append latency, ") + (p[1] == '5' ? "p50" : "p99"),
        Num(ours, " us", 0), "write 512 B + fdatasync " + Num(ref, " us", 0),
        Ratio(ours, ref) + " (append/fsync)", "-");
  }

  // 3. log verify.
  auto ver = Median(verify, "BM_VerifyStore", ips);
  auto ossl = OpensslHashesPerSecond(dir + "/openssl.txt", 512);
  auto leaf = Median(verify, "BM_LeafHashEntries", ips);
  auto evp = Median(verify, "BM_EvpSha256/512", ips);
  auto scan = Median(verify, "BM_StoreScanEntries", ips);
  Row("3. VerifyStore, 200k x 512 B events, 1 core", Num(ver, " ev/s"),
      "openssl speed sha256 @512 B: " + Num(ossl, " hash/s"),
      Ratio(ver, ossl) + " (verify/openssl)", Goal(ver, 200000, true, ">= 200,000 ev/s"));
  Row("3. ... in-process LeafHash over the same entries", Num(leaf, " ev/s"),
      "EVP sha256 @512 B: " + Num(evp, " hash/s"), Ratio(leaf, evp), "-");
  Row("3. ... Store::ScanEntries alone (no hashing)", Num(scan, " rows/s"), "-", "-", "-");

  // 4. Proofs at 1M events. The primary reference does the proof's reads the way the ledger
  // does them (one read transaction per proof); the variants bracket it.
  for (const char* kind : {"Inclusion", "Consistency"}) {
    std::string k = kind;
    auto ours = Median(proof, "BM_Prove" + k, "p50_us");
    auto ours_p99 = Median(proof, "BM_Prove" + k, "p99_us");
    auto reads = Median(proof, "BM_Prove" + k, "reads");
    auto raw_each = Median(proof, "BM_RawReads" + k + "/txn:0", "p50_us");
    auto raw_txn = Median(proof, "BM_RawReads" + k + "/txn:1", "p50_us");
    auto raw_mmap = Median(proof, "BM_RawReads" + k + "/txn:2", "p50_us");
    auto mem = Median(proof, "BM_Memory" + k, "p50_us");
    Row("4. Prove" + k + " at 1M events (" + Num(reads, " reads", 1) + ")",
        "p50 " + Num(ours, " us", 1) + ", p99 " + Num(ours_p99, " us", 1),
        "same reads, raw sqlite3, one read txn: " + Num(raw_txn, " us", 1),
        Ratio(ours, raw_txn) + " (ours/raw)", Goal(ours, 50, false, "median <= 50 us"));
    Row("4. ... reference variants", "-",
        "raw, one statement per read: " + Num(raw_each, " us", 1) + "; one txn + mmap: " +
            Num(raw_mmap, " us", 1) + "; in-memory tree: " + Num(mem, " us", 2),
        Ratio(ours, raw_each) + " (ours/per-statement)", "-");
  }

  // 6. Evidence ingest (parse + blob store) against the bare parser library, MB/s.
  const char* bps = "bytes_per_second";
  auto mb = [](std::optional<double> v) -> std::optional<double> {
    if (v) *v /= 1e6;
    return v;
  };
  for (const auto& [kind, label, bare, lib] :
       {std::tuple{"JUnit", "JUnit", "BM_BareExpat", "bare expat"},
        std::tuple{"Sarif", "SARIF", "BM_BareNlohmannSax", "bare nlohmann SAX"}}) {
    std::string k = kind;
    auto ingest_rate = mb(Median(ingest, "BM_Ingest" + k + "/real_time", bps));
    auto parse_rate = mb(Median(ingest, "BM_Parse" + k + "/real_time", bps));
    auto bare_rate = mb(Median(ingest, std::string(bare) + "/real_time", bps));
    Row("6. attest " + std::string(label) + " 64 MB: ingest (parse + blob store)",
        Num(ingest_rate, " MB/s", 1), std::string(lib) + ": " + Num(bare_rate, " MB/s", 1),
        Ratio(ingest_rate, bare_rate) + " (ingest/bare)",
        Goal(ingest_rate && bare_rate ? std::optional<double>(*ingest_rate / *bare_rate)
                                      : std::nullopt,
             0.5, true, ">= 0.5 of bare parse"));
    Row("6. ... parse alone (summary + SHA-256)", Num(parse_rate, " MB/s", 1), "-",
        Ratio(parse_rate, bare_rate) + " (parse/bare)", "-");
  }

  // 7. CEL evaluation, ns per Eval, against @bufbuild/cel on node over the same expressions and
  // facts (cel_js.json: {"median_ns": {name: ns}}). Expressions in the order of
  // cel_expressions.json, which is cel_bench's registration order (family_index).
  std::map<int, std::string> by_family;
  for (const Json& b : cel.value("benchmarks", Json::array())) {
    std::string run = b.value("run_name", "");
    if (run.starts_with("BM_CelEval/")) by_family[b.value("family_index", 0)] = run.substr(11);
  }
  std::vector<std::string> cel_names;
  for (const auto& [index, name] : by_family) cel_names.push_back(name);
  cel_names.push_back("control_set");
  const Json js_ns = cel_js.value("median_ns", Json::object());
  for (const std::string& name : cel_names) {
    bool set = name == "control_set";
    auto ours = Median(cel, set ? "BM_CelControlSet" : "BM_CelEval/" + name, "real_time");
    std::optional<double> js;
    if (js_ns.contains(name) && js_ns[name].is_number()) js = js_ns[name].get<double>();
    std::optional<double> speedup;
    if (ours && js && *ours > 0) speedup = *js / *ours;
    Row(set ? "7. CEL eval, control set (all of the above, per evaluation of the set)"
            : "7. CEL eval " + name,
        Num(ours, " ns"), "@bufbuild/cel (node): " + Num(js, " ns"), Ratio(js, ours) + " (JS/ours)",
        Goal(speedup, 10, true, ">= 10x"));
  }
  return 0;
}
