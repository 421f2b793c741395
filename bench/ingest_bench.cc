// 6. Evidence ingest throughput: what `proofline attest junit|sarif` does with a large file
// (stream-parse into the summary, then stream the same bytes into the blob store with fsync),
// against the bare parse of the same file by the underlying library in the same run: expat with
// no handlers for JUnit, nlohmann's SAX parser with a do-nothing handler for SARIF. Both bare
// parses read the file in the same 64 KiB chunks ours do. Inputs are generated once into
// $PROOFLINE_BENCH_DIR: a ~64 MB Surefire-shaped JUnit report and a ~64 MB CodeQL-shaped SARIF log.
#include <benchmark/benchmark.h>
#include <expat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/files.h"
#include "bench_common.h"
#include "blob/blob_store.h"
#include "evidence/junit.h"
#include "evidence/sarif.h"

namespace proofline::bench {
namespace {

constexpr size_t kTargetBytes = 64u << 20;
constexpr size_t kChunk = 64 * 1024;

std::string JUnitCase(size_t i) {
  std::string name = "com.bank.payments.Ledger" + std::to_string(i % 97) + "Test";
  std::string c = "    <testcase name=\"settlesBatch" + std::to_string(i) + "\" classname=\"" +
                  name + "\" time=\"0." + std::to_string(i % 1000) + "\"";
  if (i % 50 == 0) {
    return c + ">\n      <failure message=\"expected: &lt;100.00&gt; but was: &lt;99.99&gt;\" " +
           "type=\"org.opentest4j.AssertionFailedError\"><![CDATA[org.opentest4j." +
           "AssertionFailedError: expected: <100.00> but was: <99.99>\n\tat " + name + ".settles(" +
           name + ".java:42)\n]]></failure>\n    </testcase>\n";
  }
  if (i % 7 == 0) {
    return c + ">\n      <system-out><![CDATA[2026-11-26 12:00:00 INFO  settlement batch " +
           std::to_string(i) + " posted, 120 entries, café ✓\n]]></system-out>\n    </testcase>\n";
  }
  return c + "/>\n";
}

std::string SarifResult(size_t i) {
  std::string rule = "js/rule-" + std::to_string(i % 40);
  return std::string(i == 0 ? "" : ",\n") + "{\"ruleId\":\"" + rule +
         "\",\"ruleIndex\":" + std::to_string(i % 40) +
         ",\"message\":{\"text\":\"This value flows to a sensitive sink without sanitisation "
         "(finding " +
         std::to_string(i) +
         ")\"},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":"
         "\"src/app/module" +
         std::to_string(i % 300) + ".js\",\"uriBaseId\":\"%SRCROOT%\"},\"region\":{\"startLine\":" +
         std::to_string(i % 900 + 1) +
         ",\"startColumn\":5,\"endColumn\":42}}}],\"partialFingerprints\":"
         "{\"primaryLocationLineHash\":\"" +
         std::to_string(i * 2654435761u) + ":1\"}}";
}

// Writes `path` once (kept across runs) by appending pieces until kTargetBytes.
template <typename Piece>
std::string Generate(const std::string& name, const std::string& head, Piece piece,
                     const std::string& tail) {
  std::string path = DataDir() + "/" + name;
  if (PathExists(path)) return path;
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << head;
    size_t written = head.size();
    for (size_t i = 0; written < kTargetBytes; ++i) {
      std::string p = piece(i);
      out << p;
      written += p.size();
    }
    out << tail;
  }
  std::rename(tmp.c_str(), path.c_str());
  return path;
}

const std::string& JUnitFile() {
  static const std::string path =
      Generate("ingest-junit-64mb.xml",
               "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite "
               "name=\"payments\" tests=\"0\">\n",
               JUnitCase, "  </testsuite>\n</testsuites>\n");
  return path;
}

const std::string& SarifFile() {
  static const std::string path = [] {
    std::string rules;
    for (int r = 0; r < 40; ++r) {
      rules += std::string(r ? "," : "") + "{\"id\":\"js/rule-" + std::to_string(r) +
               "\",\"defaultConfiguration\":{\"level\":\"" + (r % 3 ? "warning" : "error") +
               "\"},\"properties\":{\"security-severity\":\"" + std::to_string(r % 10) + ".5\"}}";
    }
    return Generate("ingest-sarif-64mb.json",
                    "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"CodeQL\","
                    "\"rules\":[" +
                        rules + "]}},\"results\":[\n",
                    SarifResult, "]}]}\n");
  }();
  return path;
}

// A report whose bulk is ONE attribute of `mb` MiB (a hostile or broken producer): the parse
// must stay linear in it (expat 2.5 re-tokenises an unfinished token on every feed).
std::string HugeAttributeFile(int mb) {
  std::string path = DataDir() + "/ingest-junit-attr-" + std::to_string(mb) + "mb.xml";
  if (PathExists(path)) return path;
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    out << "<?xml version=\"1.0\"?>\n<testsuite name=\"s\">\n<testcase classname=\"c\" "
           "name=\"t\" extra=\"";
    const std::string block(1 << 20, 'a');
    for (int i = 0; i < mb; ++i) out << block;
    out << "\"/>\n</testsuite>\n";
  }
  std::rename(tmp.c_str(), path.c_str());
  return path;
}

uint64_t FileSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return static_cast<uint64_t>(in.tellg());
}

// Reads `path` in kChunk pieces and hands each to `feed`.
template <typename Feed>
void ReadChunks(const std::string& path, Feed feed) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) Die("open " + path, IoError("cannot open"));
  std::vector<char> buf(kChunk);
  for (;;) {
    ssize_t n = read(fd, buf.data(), buf.size());
    if (n < 0) Die("read " + path, IoError("read failed"));
    feed(std::string_view(buf.data(), static_cast<size_t>(n)), n == 0);
    if (n == 0) break;
  }
  close(fd);
}

// Ingest = parse (summary + digest) then store the bytes as a blob, each iteration into a fresh
// blob directory so deduplication never skips the write.
template <typename ParseFn>
void Ingest(benchmark::State& state, const std::string& path, ParseFn parse) {
  std::string blobs = DataDir() + "/ingest-blobs";
  for (auto _ : state) {
    state.PauseTiming();
    RemoveTree(blobs);
    state.ResumeTiming();
    StreamDigest digest;
    if (!parse(path, &digest)) Die("parse " + path, InvalidArgument("parse failed"));
    blob::BlobStore store(blobs);
    Result<blob::BlobRef> ref = store.PutFile(path);
    if (!ref.ok() || ref->digest != digest.sha256) Die("blob put", ref.status());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

void BM_IngestJUnit(benchmark::State& state) {
  Ingest(state, JUnitFile(),
         [](const std::string& p, StreamDigest* d) { return evidence::ParseJUnitFile(p, d).ok(); });
}

void BM_ParseJUnit(benchmark::State& state) {
  const std::string& path = JUnitFile();
  for (auto _ : state) {
    Result<evidence::JUnitSummary> s = evidence::ParseJUnitFile(path);
    if (!s.ok()) Die("parse", s.status());
    benchmark::DoNotOptimize(s->tests);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

// The same parse over a report that is one huge attribute (state.range(0) MiB): time per byte
// must not grow with the attribute (the ratio of the 64 and 1 MiB figures is the check).
void BM_ParseJUnitHugeAttribute(benchmark::State& state) {
  const std::string path = HugeAttributeFile(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Result<evidence::JUnitSummary> s = evidence::ParseJUnitFile(path);
    if (!s.ok()) Die("parse", s.status());
    benchmark::DoNotOptimize(s->tests);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

void BM_BareExpat(benchmark::State& state) {
  const std::string& path = JUnitFile();
  for (auto _ : state) {
    XML_Parser p = XML_ParserCreate(nullptr);
    bool ok = true;
    ReadChunks(path, [&](std::string_view chunk, bool final) {
      ok = ok && XML_Parse(p, chunk.data(), static_cast<int>(chunk.size()), final) == XML_STATUS_OK;
    });
    XML_ParserFree(p);
    if (!ok) Die("expat", InvalidArgument("parse failed"));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

void BM_IngestSarif(benchmark::State& state) {
  Ingest(state, SarifFile(),
         [](const std::string& p, StreamDigest* d) { return evidence::ParseSarifFile(p, d).ok(); });
}

void BM_ParseSarif(benchmark::State& state) {
  const std::string& path = SarifFile();
  for (auto _ : state) {
    Result<evidence::SarifSummary> s = evidence::ParseSarifFile(path);
    if (!s.ok()) Die("parse", s.status());
    benchmark::DoNotOptimize(s->results);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

// A SAX handler that accepts everything: the parser's own cost, nothing kept.
struct NullSax : nlohmann::json_sax<nlohmann::json> {
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
    return false;
  }
};

void BM_BareNlohmannSax(benchmark::State& state) {
  const std::string& path = SarifFile();
  for (auto _ : state) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) Die("open " + path, IoError("cannot open"));
    std::setvbuf(f, nullptr, _IOFBF, kChunk);
    NullSax sax;
    bool ok = nlohmann::json::sax_parse(f, &sax);
    std::fclose(f);
    if (!ok) Die("nlohmann sax", InvalidArgument("parse failed"));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * FileSize(path)));
}

BENCHMARK(BM_IngestJUnit)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ParseJUnit)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BareExpat)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ParseJUnitHugeAttribute)
    ->Arg(1)
    ->Arg(16)
    ->Arg(64)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_IngestSarif)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ParseSarif)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_BareNlohmannSax)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace proofline::bench

BENCHMARK_MAIN();
