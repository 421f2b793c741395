// The checks that turn a PII-shaped token into a finding: check digits (Luhn, NPI), issuing
// rules (SSN areas, card IIN ranges, MBI positions, NANP numbering) and the well-known sample
// values. Pure functions on normalised values (digits only, uppercase), so they are tested alone
// and the scanner (pii.cc) stays a tokenizer.
#pragma once

#include <string_view>

namespace proofline::scan::pii {

// True when the digits (ASCII '0'-'9' only, at least 2) pass the Luhn mod-10 check.
bool LuhnValid(std::string_view digits);

// False for what the SSA never issues: area 000, 666 or 900-999, group 00, serial 0000.
bool IsIssuableSsn(std::string_view nine_digits);
// True for the published sample and placeholder SSNs (078-05-1120 from the 1938 Woolworth wallet
// card, 219-09-9999 from the SSA's 1940 pamphlet, the placeholders 123-45-6789, 111-22-3333 and
// same-digit runs such as 111-11-1111): not findings at all.
bool IsSampleSsn(std::string_view nine_digits);

// The card brand whose IIN range and length fit `digits` ("visa", "mastercard", "amex",
// "discover", "jcb", "diners", "unionpay", "maestro", "mir"), or "" when none does. The Luhn
// check is separate.
std::string_view CardBrand(std::string_view digits);
// True for the processors' published test numbers (Stripe, Braintree, Adyen, PayPal docs).
// They stay findings (a card-shaped number in a repository), with lower confidence.
bool IsTestCard(std::string_view digits);

// An NPI: 10 digits starting 1 or 2 whose check digit is the Luhn digit of "80840" + the first 9
// (the card issuer prefix of the health industry, ISO 7812).
bool IsValidNpi(std::string_view ten_digits);
// 1234567893, the NPI of CMS's own examples.
bool IsSampleNpi(std::string_view ten_digits);

// A Medicare Beneficiary Identifier without dashes, by the CMS position rules: 1 digit 1-9;
// 2, 5, 8, 9 letter; 3, 6 letter or digit; 4, 7, 10, 11 digit; letters uppercase, never
// S L O I B Z.
bool IsValidMbi(std::string_view eleven);
// 1EG4TE5MK73, the MBI of CMS's own documents.
bool IsSampleMbi(std::string_view eleven);

// A NANP number (10 digits, country code dropped): area and exchange NXX with N in 2-9, neither
// an N11 service code.
bool IsNanpNumber(std::string_view ten_digits);
// 555-0100 through 555-0199 in any area (reserved for fiction) and 555-1212 (directory
// assistance): nobody's number.
bool IsFictionalNanp(std::string_view ten_digits);

// A calendar date between 1900-01-01 and 2099-12-31 (leap years included).
bool IsPlausibleDate(int year, int month, int day);

// True for domains that cannot belong to a person: the RFC 2606/6761 reserved names
// (example.com/.net/.org, *.example, *.test, *.invalid, *.localhost), and any other domain with
// a label "example" (example.xz, example.co.uk), as documentation writes them. Lowercase.
bool IsReservedDomain(std::string_view domain);
// True for local parts of service or role mailboxes (git, noreply, postmaster...); lowercase.
bool IsRoleMailbox(std::string_view local);
// True for a lowercase domain an address can have: two or more labels of 1-63 letters, digits
// and inner dashes, and a top-level domain of 2-24 letters that is not a file extension
// ("icon@2x.png", "style@media.css").
bool IsEmailDomain(std::string_view domain);

}  // namespace proofline::scan::pii
