// The SBOM summariser: one SAX handler that reads CycloneDX and SPDX alike, counting into one
// tally per format (JSON objects are unordered, so bomFormat may come last) and reporting the
// tally of the format the root object names.
#include "evidence/sbom.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <optional>

#include "base/text.h"
#include "evidence/json_stream.h"

namespace proofline::evidence {
namespace {

constexpr std::string_view kNotSbom = "not a CycloneDX 1.4+ or SPDX 2.3 JSON SBOM";

// What the summary keeps of a name.
std::string CutName(std::string_view s) { return CutUtf8(s, kMaxSbomNameBytes); }

bool IsNoLicense(std::string_view id) { return id == "NOASSERTION" || id == "NONE"; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  return s.size() == lower.size() &&
         std::equal(s.begin(), s.end(), lower.begin(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == b;
         });
}

// CycloneDX severities, lowest first; a severity's rank is its index.
constexpr std::string_view kSeverities[] = {"unknown", "none", "info",    "low",
                                            "medium",  "high", "critical"};

size_t SeverityRank(std::string_view severity) {
  for (size_t i = 0; i < std::size(kSeverities); ++i) {
    if (EqualsLower(severity, kSeverities[i])) return i;
  }
  return 0;
}

uint64_t* SeverityCounter(SbomSeverities* s, size_t rank) {
  uint64_t* counters[] = {&s->unknown, &s->none, &s->info,    &s->low,
                          &s->medium,  &s->high, &s->critical};
  return counters[rank];
}

// "syft-0.84.0" -> "syft", "syft-v1.0.1" -> "syft", "vcpkg-2024-02-07-8a83681f" -> "vcpkg":
// SPDX writes a tool as "Tool: NAME-VERSION" and names may contain dashes.
std::string_view ToolName(std::string_view creator) {
  creator = TrimBlanks(creator, " ");
  for (size_t i = creator.find('-'); i != std::string_view::npos; i = creator.find('-', i + 1)) {
    std::string_view rest = creator.substr(i + 1);
    if (!rest.empty() && (rest[0] == 'v' || rest[0] == 'V')) rest.remove_prefix(1);
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0]))) {
      return creator.substr(0, i);
    }
  }
  return creator;
}

// Names (licence ids, tool names) with how many owners (components, tool entries) carry each,
// for at most kMaxDistinctLicenses distinct names: memory stays bounded whatever the input.
class NameTally {
 public:
  // Counts `name` for `owner`, once however often the same owner names it. Owners are numbered
  // from 1 and name all their names in one run, with no other owner's name in between (a
  // component's licence ids all come from its one `licenses` array).
  void Add(std::string_view name, uint64_t owner) {
    name = Utf8Prefix(name, kMaxSbomNameBytes);
    auto it = counts_.find(name);
    if (it == counts_.end()) {
      if (counts_.size() == kMaxDistinctLicenses) {
        capped_ = true;
        return;
      }
      it = counts_.emplace(std::string(name), Entry{}).first;
    }
    if (it->second.owner == owner) return;
    it->second.owner = owner;
    ++it->second.count;
  }
  uint64_t distinct() const { return counts_.size(); }
  bool capped() const { return capped_; }
  // The `n` names with the highest counts, ties by name.
  std::vector<std::pair<std::string, uint64_t>> Top(size_t n) const {
    std::vector<std::pair<std::string, uint64_t>> top;
    for (const auto& [name, entry] : counts_) top.emplace_back(name, entry.count);
    // counts_ is ordered by name, so a stable sort by count breaks ties by name.
    std::stable_sort(top.begin(), top.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    top.resize(std::min(top.size(), n));
    return top;
  }

 private:
  struct Entry {
    uint64_t count = 0;
    uint64_t owner = 0;  // the last owner counted
  };
  std::map<std::string, Entry, std::less<>> counts_;
  bool capped_ = false;
};

// What one format's fields add up to; the handler keeps one per format.
struct Tally {
  SbomSummary summary;
  NameTally licenses;
  NameTally tools;
  uint64_t tool_entries = 0;

  void AddTool(std::string_view name) {
    if (name.empty()) return;
    tools.Add(name, ++tool_entries);
    std::string cut = CutName(name);
    std::vector<std::string>& list = summary.tools;
    if (list.size() < kMaxSbomTools && std::find(list.begin(), list.end(), cut) == list.end()) {
      list.push_back(std::move(cut));
    }
  }
  // Ends a component that named licence ids (`licensed`) or only NOASSERTION/NONE (`unknown`).
  void EndComponent(bool licensed, bool unknown) {
    if (licensed) return;
    ++summary.components_without_license;
    if (unknown) ++summary.licenses_unknown;
  }
  SbomSummary Take() {
    summary.tools_total = tools.distinct();
    summary.licenses_distinct = licenses.distinct();
    summary.licenses_distinct_capped = licenses.capped();
    summary.top_licenses = licenses.Top(kMaxTopLicenses);
    return std::move(summary);
  }
};

// Where a JSON value sits in an SBOM, as far as the summary cares.
enum class Role {
  kOther,
  kRoot,
  // CycloneDX
  kMetadata,
  kTools,     // metadata.tools: an array of tools (1.4) or an object of tool lists (1.5+)
  kToolList,  // metadata.tools.components or .services
  kTool,
  kComponents,
  kComponent,
  kLicenses,
  kLicenseChoice,  // a licenses[] entry: {license: {...}} or {expression: "..."}
  kLicense,
  kVulnerabilities,
  kVulnerability,
  kRatings,
  kRating,
  // SPDX
  kCreationInfo,
  kCreators,
  kPackages,
  kPackage,
  kExternalRefs,
  kExternalRef,
  kFiles,
  kFile,
};

// The member names the summary reads (see JsonFrames).
constexpr std::string_view kKnownKeys[] = {"bomFormat",
                                           "specVersion",
                                           "spdxVersion",
                                           "metadata",
                                           "tools",
                                           "components",
                                           "services",
                                           "name",
                                           "licenses",
                                           "license",
                                           "id",
                                           "expression",
                                           "purl",
                                           "vulnerabilities",
                                           "ratings",
                                           "severity",
                                           "creationInfo",
                                           "creators",
                                           "packages",
                                           "licenseConcluded",
                                           "licenseDeclared",
                                           "externalRefs",
                                           "referenceType",
                                           "files"};
static_assert(std::size(kKnownKeys) <= 32);

// The role of an element of an array of role `list`.
Role ElementRole(Role list, bool is_array) {
  if (is_array) return Role::kOther;
  switch (list) {
    case Role::kTools:  // the 1.4 shape
    case Role::kToolList:
      return Role::kTool;
    case Role::kComponents:
      return Role::kComponent;
    case Role::kLicenses:
      return Role::kLicenseChoice;
    case Role::kVulnerabilities:
      return Role::kVulnerability;
    case Role::kRatings:
      return Role::kRating;
    case Role::kPackages:
      return Role::kPackage;
    case Role::kExternalRefs:
      return Role::kExternalRef;
    case Role::kFiles:
      return Role::kFile;
    default:
      return Role::kOther;
  }
}

// The role of the value of member `key` in an object of role `object`.
Role MemberRole(Role object, std::string_view key, bool is_array) {
  struct Edge {
    Role parent;
    std::string_view key;
    bool is_array;
    Role child;
  };
  static constexpr Edge kEdges[] = {
      {Role::kRoot, "metadata", false, Role::kMetadata},
      {Role::kRoot, "components", true, Role::kComponents},
      {Role::kRoot, "vulnerabilities", true, Role::kVulnerabilities},
      {Role::kRoot, "creationInfo", false, Role::kCreationInfo},
      {Role::kRoot, "packages", true, Role::kPackages},
      {Role::kRoot, "files", true, Role::kFiles},
      {Role::kMetadata, "tools", true, Role::kTools},
      {Role::kMetadata, "tools", false, Role::kTools},
      {Role::kTools, "components", true, Role::kToolList},
      {Role::kTools, "services", true, Role::kToolList},
      {Role::kComponent, "components", true, Role::kComponents},
      {Role::kComponent, "licenses", true, Role::kLicenses},
      {Role::kLicenseChoice, "license", false, Role::kLicense},
      {Role::kVulnerability, "ratings", true, Role::kRatings},
      {Role::kCreationInfo, "creators", true, Role::kCreators},
      {Role::kPackage, "externalRefs", true, Role::kExternalRefs},
  };
  for (const Edge& e : kEdges) {
    if (e.parent == object && e.key == key && e.is_array == is_array) return e.child;
  }
  return Role::kOther;
}

// A CycloneDX component being read; nested components stack up.
struct OpenComponent {
  uint64_t serial;
  bool licensed = false;  // named a licence id
  bool unknown = false;   // named NOASSERTION or NONE
};

// A CycloneDX licenses[] entry being read.
struct LicenseChoice {
  std::string expression, id, name;
};

// An SPDX package being read.
struct OpenPackage {
  uint64_t serial = 0;
  std::optional<std::string> concluded, declared;
  bool purl = false;
};

// The licence of a package: licenseConcluded unless it is absent, empty, or NOASSERTION while a
// declared licence is there to fall back on; else licenseDeclared; "" when neither is there.
std::string_view SpdxLicense(const OpenPackage& p) {
  bool concluded =
      p.concluded && !p.concluded->empty() && (*p.concluded != "NOASSERTION" || !p.declared);
  const std::optional<std::string>& license = concluded ? p.concluded : p.declared;
  return license ? std::string_view(*license) : std::string_view();
}

class SbomHandler : public JsonSaxHandler {
 public:
  SbomHandler() : frames_(this, kKnownKeys, Role::kOther) {}

  bool null() override { return Scalar("null"); }
  bool boolean(bool v) override { return Scalar(v ? "true" : "false"); }
  bool number_integer(number_integer_t v) override { return Scalar(std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Scalar(std::to_string(v)); }
  bool number_float(number_float_t /*v*/, const string_t& token) override { return Scalar(token); }
  bool string(string_t& v) override;
  bool start_object(std::size_t /*size*/) override { return Start(false); }
  bool key(string_t& k) override { return frames_.Key(k); }
  bool end_object() override { return End(); }
  bool start_array(std::size_t /*size*/) override { return Start(true); }
  bool end_array() override { return End(); }
  bool parse_error(std::size_t position, const std::string& last_token,
                   const Json::exception& error) override;

  // The summary of the format the root names, or why the document is not a supported SBOM.
  Result<SbomSummary> Finish();

 private:
  Role Parent() const { return frames_.Parent(); }
  std::string_view Key() const { return frames_.Key(); }
  bool Start(bool array);
  bool End();
  // Every scalar goes through here: `text` is its value, `quoted` when it is a string. The root's
  // format fields are kept as written, for messages.
  bool Scalar(std::string_view text, bool quoted = false);
  void StartElement(Role role);
  void License(std::string_view id);
  void EndLicenseChoice();
  void EndPackage();
  void EndVulnerability();

  JsonFrames<Role> frames_;
  bool root_seen_ = false;
  std::optional<std::string> bom_format_, spec_version_, spdx_version_;  // as written
  Tally cdx_, spdx_;
  uint64_t serials_ = 0;  // components and packages started so far
  std::vector<OpenComponent> components_;
  LicenseChoice choice_;
  OpenPackage package_;
  size_t worst_rank_ = 0;  // of the vulnerability being read
};

bool SbomHandler::parse_error(std::size_t position, const std::string& last_token,
                              const Json::exception& error) {
  size_t first = last_token.find_first_not_of(" \t\r\n");
  if (!root_seen_ && first != std::string::npos && last_token[first] == '<') {
    return Refuse("not JSON: SBOMs are read as CycloneDX or SPDX JSON only (this looks like XML)");
  }
  return JsonSaxHandler::parse_error(position, last_token, error);
}

bool SbomHandler::Start(bool array) {
  Role role = Role::kRoot;
  if (frames_.empty()) {
    if (array) return Refuse(std::string(kNotSbom) + " (not a JSON object)");
    root_seen_ = true;
  } else if (frames_.back().array) {
    role = ElementRole(Parent(), array);
    StartElement(role);
  } else {
    role = MemberRole(Parent(), Key(), array);
  }
  return frames_.Open(role, array);
}

// Counts the array element of role `role` that opens here and resets what is kept of it.
void SbomHandler::StartElement(Role role) {
  switch (role) {
    case Role::kComponent:
      ++cdx_.summary.components;
      components_.push_back({++serials_});
      break;
    case Role::kLicenseChoice:
      choice_ = LicenseChoice();
      break;
    case Role::kVulnerability:
      worst_rank_ = 0;
      break;
    case Role::kPackage:
      ++spdx_.summary.components;
      package_ = OpenPackage{++serials_, {}, {}, false};
      break;
    case Role::kFile:
      ++spdx_.summary.files;
      break;
    default:
      break;
  }
}

bool SbomHandler::End() {
  switch (frames_.Close()) {
    case Role::kComponent: {
      const OpenComponent& c = components_.back();
      cdx_.EndComponent(c.licensed, c.unknown);
      components_.pop_back();
      break;
    }
    case Role::kLicenseChoice:
      EndLicenseChoice();
      break;
    case Role::kVulnerability:
      EndVulnerability();
      break;
    case Role::kPackage:
      EndPackage();
      break;
    default:
      break;
  }
  return true;
}

bool SbomHandler::Scalar(std::string_view text, bool quoted) {
  if (frames_.empty()) return Refuse(std::string(kNotSbom) + " (not a JSON object)");
  if (Parent() != Role::kRoot) return true;
  std::string_view k = Key();
  std::optional<std::string>* field = k == "bomFormat"     ? &bom_format_
                                      : k == "specVersion" ? &spec_version_
                                      : k == "spdxVersion" ? &spdx_version_
                                                           : nullptr;
  if (field) *field = quoted ? "\"" + OneLineExcerpt(text) + "\"" : OneLineExcerpt(text);
  return true;
}

bool SbomHandler::string(string_t& v) {
  if (!Scalar(v, /*quoted=*/true)) return false;
  std::string_view k = Key();
  switch (Parent()) {
    case Role::kTool:
      if (k == "name") cdx_.AddTool(v);
      break;
    case Role::kComponent:
      if (k == "purl" && !v.empty()) ++cdx_.summary.purls;
      break;
    case Role::kLicenseChoice:
      if (k == "expression") choice_.expression = CutName(v);
      break;
    case Role::kLicense:
      if (k == "id") choice_.id = CutName(v);
      if (k == "name") choice_.name = CutName(v);
      break;
    case Role::kRating:
      if (k == "severity") worst_rank_ = std::max(worst_rank_, SeverityRank(v));
      break;
    case Role::kCreators:
      if (v.rfind("Tool:", 0) == 0) spdx_.AddTool(ToolName(std::string_view(v).substr(5)));
      break;
    case Role::kPackage:
      if (k == "licenseConcluded") package_.concluded = CutName(v);
      if (k == "licenseDeclared") package_.declared = CutName(v);
      break;
    case Role::kExternalRef:
      if (k == "referenceType" && v == "purl") package_.purl = true;
      break;
    default:
      break;
  }
  return true;
}

// Counts licence `id` for the innermost open component. REQUIRES: a component is open.
void SbomHandler::License(std::string_view id) {
  OpenComponent& c = components_.back();
  if (IsNoLicense(id)) {
    c.unknown = true;
    return;
  }
  c.licensed = true;
  cdx_.licenses.Add(id, c.serial);
}

// The licence of the entry: its expression, else license.id, else license.name.
void SbomHandler::EndLicenseChoice() {
  for (const std::string* id : {&choice_.expression, &choice_.id, &choice_.name}) {
    if (!id->empty()) {
      License(*id);
      return;
    }
  }
}

void SbomHandler::EndPackage() {
  const OpenPackage& p = package_;
  std::string_view id = SpdxLicense(p);
  bool licensed = !id.empty() && !IsNoLicense(id);
  if (licensed) spdx_.licenses.Add(id, p.serial);
  spdx_.EndComponent(licensed, IsNoLicense(id));
  if (p.purl) ++spdx_.summary.purls;
}

void SbomHandler::EndVulnerability() {
  SbomSummary& s = cdx_.summary;
  ++s.vulnerabilities;
  ++*SeverityCounter(&s.by_severity, worst_rank_);
}

// N of the JSON string "1.N" (N of 1-3 digits, no leading zero but "0"), else nullopt.
std::optional<int> CycloneDxMinor(std::string_view quoted) {
  if (quoted.size() < 5 || quoted.substr(0, 3) != "\"1." || quoted.back() != '"') return {};
  const std::string_view n = quoted.substr(3, quoted.size() - 4);
  if (n.empty() || n.size() > 3 || (n.size() > 1 && n[0] == '0') ||
      n.find_first_not_of("0123456789") != std::string_view::npos) {
    return {};
  }
  return std::stoi(std::string(n));
}

Result<SbomSummary> SbomHandler::Finish() {
  if (bom_format_) {
    if (*bom_format_ != "\"CycloneDX\"") {
      return InvalidArgument(std::string(kNotSbom) + " (bomFormat " + *bom_format_ + ")");
    }
    if (!spec_version_) return InvalidArgument("CycloneDX without specVersion");
    // 1.4 and every later 1.x: a minor version only adds fields, and fields not read here are
    // skipped, so 1.7 and versions after it are read as they are (the summary names them).
    if (std::optional<int> minor = CycloneDxMinor(*spec_version_); minor && *minor >= 4) {
      SbomSummary s = cdx_.Take();
      s.cut_strings = strings_cut();
      s.format = "cyclonedx";
      s.spec_version = "1." + std::to_string(*minor);
      return s;
    }
    return InvalidArgument("CycloneDX specVersion " + *spec_version_ +
                           " is not read here (1.4 and later 1.x are)");
  }
  if (spdx_version_) {
    for (const char* v : {"2.2", "2.3"}) {
      if (*spdx_version_ != "\"SPDX-" + std::string(v) + "\"") continue;
      SbomSummary s = spdx_.Take();
      s.cut_strings = strings_cut();
      s.format = "spdx";
      s.spec_version = v;
      return s;
    }
    return InvalidArgument("SPDX version " + *spdx_version_ +
                           " is not read here (SPDX-2.3 and SPDX-2.2 are)");
  }
  return InvalidArgument(std::string(kNotSbom));
}

// The summary of a document that streamed without error; `name` prefixes the error.
}  // namespace

Json SbomSummary::ToJson() const {
  Json top = Json::array();
  for (const auto& [id, count] : top_licenses) top.push_back({{"id", id}, {"count", count}});
  const SbomSeverities& v = by_severity;
  Json j = {
      {"format", format},
      {"spec_version", spec_version},
      {"components", components},
      {"files", files},
      {"tools", tools},
      {"licenses", {{"distinct", licenses_distinct}, {"top", top}, {"unknown", licenses_unknown}}},
      {"components_without_license", components_without_license},
      {"vulnerabilities",
       {{"total", vulnerabilities},
        {"by_severity",
         {{"critical", v.critical},
          {"high", v.high},
          {"medium", v.medium},
          {"low", v.low},
          {"info", v.info},
          {"none", v.none},
          {"unknown", v.unknown}}}}},
      {"purls", purls}};
  if (tools_total > tools.size()) j["tools_total"] = tools_total;
  if (licenses_distinct_capped) j["licenses_distinct_capped"] = true;
  if (cut_strings > 0) j["cut_strings"] = cut_strings;
  return j;
}

Result<SbomSummary> ParseSbom(std::string_view text, const std::string& name) {
  return SummariseJsonText<SbomHandler>(text, name);
}

Result<SbomSummary> ParseSbomFile(const std::string& path, StreamDigest* digest) {
  return SummariseJsonFile<SbomHandler>(path, digest);
}

}  // namespace proofline::evidence
