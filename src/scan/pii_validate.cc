// Check digits, issuing rules and sample values of the PII rules (see pii_validate.h). Tables are
// small and sorted by hand; every function is O(length of its argument).
#include "scan/pii_validate.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace proofline::scan::pii {
namespace {

int Num(std::string_view digits) {
  int n = 0;
  for (char c : digits) n = n * 10 + (c - '0');
  return n;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsMbiLetter(char c) {
  return c >= 'A' && c <= 'Z' && c != 'S' && c != 'L' && c != 'O' && c != 'I' && c != 'B' &&
         c != 'Z';
}

// Luhn sum of `digits` as if `more_right` digits followed them (so the doubling parity matches).
int LuhnSum(std::string_view digits, size_t more_right) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if ((i + more_right) % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum;
}

struct IinRange {
  size_t prefix_digits;
  int lo, hi;
  size_t min_len, max_len;
  std::string_view brand;
};
// Narrow ranges before the wide ones they sit in (Discover's 622126-622925 inside UnionPay's 62).
constexpr IinRange kIinRanges[] = {
    {1, 4, 4, 13, 13, "visa"},
    {1, 4, 4, 16, 16, "visa"},
    {1, 4, 4, 19, 19, "visa"},
    {2, 51, 55, 16, 16, "mastercard"},
    {4, 2221, 2720, 16, 16, "mastercard"},
    {2, 34, 34, 15, 15, "amex"},
    {2, 37, 37, 15, 15, "amex"},
    {4, 6011, 6011, 16, 19, "discover"},
    {3, 644, 649, 16, 19, "discover"},
    {2, 65, 65, 16, 19, "discover"},
    {6, 622126, 622925, 16, 19, "discover"},
    {4, 3528, 3589, 16, 19, "jcb"},
    {3, 300, 305, 14, 19, "diners"},
    {4, 3095, 3095, 14, 19, "diners"},
    {2, 36, 36, 14, 19, "diners"},
    {2, 38, 39, 16, 19, "diners"},
    {2, 62, 62, 16, 19, "unionpay"},
    {4, 2200, 2204, 16, 19, "mir"},
    {4, 5018, 5018, 13, 19, "maestro"},
    {4, 5020, 5020, 13, 19, "maestro"},
    {4, 5038, 5038, 13, 19, "maestro"},
    {4, 5893, 5893, 13, 19, "maestro"},
    {4, 6304, 6304, 13, 19, "maestro"},
    {4, 6759, 6759, 13, 19, "maestro"},
    {4, 6761, 6763, 13, 19, "maestro"},
};

// Published test PANs, sorted for binary search.
constexpr std::array<std::string_view, 37> kTestCards = {
    "2222400070000005", "2223003122003222", "3056930009020004", "30569309025904",
    "340000000000009",  "3530111333300000", "3566002020360505", "3566111111111113",
    "36227206271667",   "370000000000002",  "371449635398431",  "378282246310005",
    "378734493671000",  "38520000023237",   "4000000000000002", "4000056655665556",
    "4005519200000004", "4009348888881881", "4012000033330026", "4012000077777777",
    "4012888888881881", "4111111111111111", "4217651111111119", "4222222222222",
    "4242424242424242", "4500600000000061", "5105105105105100", "5200828282828210",
    "5431111111111111", "5454545454545454", "5555555555554444", "6011000400000000",
    "6011000990139424", "6011111111111117", "6011601160116611", "6200000000000005",
    "6250941006528599",
};
static_assert(std::is_sorted(kTestCards.begin(), kTestCards.end()));

// A "top-level domain" that is really a file extension.
bool IsFileExtension(std::string_view tld) {
  static constexpr std::string_view kExtensions[] = {
      "bmp",  "css", "gif", "htm", "html", "ico", "jpeg", "jpg", "js",   "json",
      "lock", "mjs", "png", "svg", "toml", "txt", "webp", "xml", "yaml", "yml"};
  return std::find(std::begin(kExtensions), std::end(kExtensions), tld) != std::end(kExtensions);
}

}  // namespace

bool LuhnValid(std::string_view digits) {
  return digits.size() >= 2 && LuhnSum(digits, 0) % 10 == 0;
}

bool IsIssuableSsn(std::string_view nine_digits) {
  if (nine_digits.size() != 9) return false;
  const int area = Num(nine_digits.substr(0, 3));
  return area != 0 && area != 666 && area < 900 && Num(nine_digits.substr(3, 2)) != 0 &&
         Num(nine_digits.substr(5, 4)) != 0;
}

bool IsSampleSsn(std::string_view nine_digits) {
  if (nine_digits == "078051120" || nine_digits == "219099999" || nine_digits == "123456789" ||
      nine_digits == "123123123" || nine_digits == "111223333") {
    return true;
  }
  return nine_digits.find_first_not_of(nine_digits[0]) == std::string_view::npos;
}

std::string_view CardBrand(std::string_view digits) {
  for (const IinRange& r : kIinRanges) {
    if (digits.size() < r.min_len || digits.size() > r.max_len) continue;
    const int prefix = Num(digits.substr(0, r.prefix_digits));
    if (prefix >= r.lo && prefix <= r.hi) return r.brand;
  }
  return "";
}

bool IsTestCard(std::string_view digits) {
  return std::binary_search(kTestCards.begin(), kTestCards.end(), digits);
}

bool IsValidNpi(std::string_view ten_digits) {
  if (ten_digits.size() != 10 || (ten_digits[0] != '1' && ten_digits[0] != '2')) return false;
  // The check digit makes "80840" + all ten digits Luhn-valid.
  return (LuhnSum("80840", 10) + LuhnSum(ten_digits, 0)) % 10 == 0;
}

bool IsSampleNpi(std::string_view ten_digits) { return ten_digits == "1234567893"; }

bool IsValidMbi(std::string_view s) {
  if (s.size() != 11 || s[0] < '1' || s[0] > '9') return false;
  auto alnum = [](char c) { return IsDigit(c) || IsMbiLetter(c); };
  return IsMbiLetter(s[1]) && alnum(s[2]) && IsDigit(s[3]) && IsMbiLetter(s[4]) && alnum(s[5]) &&
         IsDigit(s[6]) && IsMbiLetter(s[7]) && IsMbiLetter(s[8]) && IsDigit(s[9]) && IsDigit(s[10]);
}

bool IsSampleMbi(std::string_view eleven) { return eleven == "1EG4TE5MK73"; }

bool IsNanpNumber(std::string_view ten_digits) {
  if (ten_digits.size() != 10) return false;
  auto nxx = [](std::string_view d) { return d[0] >= '2' && !(d[1] == '1' && d[2] == '1'); };
  return nxx(ten_digits.substr(0, 3)) && nxx(ten_digits.substr(3, 3));
}

bool IsFictionalNanp(std::string_view ten_digits) {
  if (ten_digits.size() != 10 || ten_digits.substr(3, 3) != "555") return false;
  return (ten_digits[6] == '0' && ten_digits[7] == '1') || ten_digits.substr(6) == "1212";
}

bool IsPlausibleDate(int year, int month, int day) {
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsReservedDomain(std::string_view domain) {
  if (domain == "example.com" || domain == "example.net" || domain == "example.org") return true;
  for (std::string_view tld : {".example", ".test", ".invalid", ".localhost"}) {
    if (domain.ends_with(tld)) return true;
  }
  // Any label "example" (example.com's subdomains, and example.xz, example.co.uk, mail.example.de:
  // the names documentation writes beside the reserved ones).
  return domain.starts_with("example.") || domain.find(".example.") != std::string_view::npos;
}

bool IsRoleMailbox(std::string_view local) {
  static constexpr std::string_view kRoles[] = {
      "abuse",    "admin",   "donotreply", "git",  "hostmaster", "info",    "mailer-daemon",
      "no-reply", "noreply", "postmaster", "root", "security",   "support", "webmaster"};
  return std::find(std::begin(kRoles), std::end(kRoles), local) != std::end(kRoles);
}

bool IsEmailDomain(std::string_view domain) {
  size_t label_start = 0, labels = 0;
  for (size_t p = 0; p <= domain.size(); ++p) {
    if (p < domain.size() && domain[p] != '.') continue;
    const std::string_view label = domain.substr(label_start, p - label_start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
      return false;
    }
    for (char c : label) {
      if (!IsDigit(c) && !(c >= 'a' && c <= 'z') && c != '-') return false;
    }
    ++labels;
    label_start = p + 1;
  }
  const std::string_view tld = domain.substr(domain.rfind('.') + 1);
  return labels >= 2 && tld.size() >= 2 && tld.size() <= 24 &&
         std::all_of(tld.begin(), tld.end(), [](char c) { return c >= 'a' && c <= 'z'; }) &&
         !IsFileExtension(tld);
}

}  // namespace proofline::scan::pii
