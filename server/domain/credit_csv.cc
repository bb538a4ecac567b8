#include "domain/credit_csv.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "domain/dates.h"

namespace sec {

namespace {

// One data row, with its fields looked up by header name.
class Row {
 public:
  Row(const CsvRecord& record, const absl::flat_hash_map<std::string, size_t>& columns)
      : record_(record), columns_(columns) {}

  std::string Where() const { return absl::StrCat("line ", record_.line); }

  absl::string_view Text(absl::string_view column) const {
    return absl::StripAsciiWhitespace(record_.fields[columns_.at(std::string(column))]);
  }

  absl::Status Error(absl::string_view column, absl::string_view problem) const {
    return absl::InvalidArgumentError(absl::StrCat(Where(), ": ", column, ": ", problem));
  }

  // Whole, non-negative numbers only: "12.50" or "1,000" in a pence column is a mistake to catch,
  // not a number to guess at.
  absl::StatusOr<int64_t> Count(absl::string_view column, absl::string_view what) const {
    const absl::string_view t = Text(column);
    int64_t v = 0;
    const bool digits = !t.empty() && std::all_of(t.begin(), t.end(),
                                                  [](char c) { return absl::ascii_isdigit(c); });
    if (!digits || !absl::SimpleAtoi(t, &v)) {
      return Error(column, absl::StrCat("\"", t, "\" is not ", what));
    }
    return v;
  }

  absl::StatusOr<Date> DateAt(absl::string_view column) const {
    return ParseDate(Text(column), absl::StrCat(Where(), ": ", column));
  }

  // Prefixes a record-level validation error with the line.
  absl::Status At(const absl::Status& s) const {
    if (s.ok()) return s;
    return absl::Status(s.code(), absl::StrCat(Where(), ": ", s.message()));
  }

 private:
  const CsvRecord& record_;
  const absl::flat_hash_map<std::string, size_t>& columns_;
};

// Parses the file and maps each row of `expected` columns to a T; all rows or the first error.
template <typename T, typename RowParser>
absl::StatusOr<std::vector<T>> ParseTable(absl::string_view text, absl::string_view kind,
                                          const std::vector<std::string>& expected,
                                          RowParser parse_row) {
  absl::StatusOr<std::vector<CsvRecord>> records = ParseCsv(text);
  if (!records.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(kind, " CSV ", records.status().message()));
  }
  const std::string columns_hint = absl::StrCat("expected columns ", absl::StrJoin(expected, ","));
  if (records->empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(kind, " CSV is empty: ", columns_hint, " in a header row"));
  }
  const CsvRecord& header = records->front();
  absl::flat_hash_map<std::string, size_t> columns;
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string name = absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[i]));
    const bool known = std::find(expected.begin(), expected.end(), name) != expected.end();
    if (!known || !columns.emplace(name, i).second) {
      return absl::InvalidArgumentError(absl::StrCat(kind, " CSV line ", header.line, ": column \"",
                                                     name, "\" is ", known ? "repeated" : "unknown",
                                                     "; ", columns_hint));
    }
  }
  for (const std::string& name : expected) {
    if (!columns.contains(name)) {
      return absl::InvalidArgumentError(absl::StrCat(kind, " CSV line ", header.line, ": column \"",
                                                     name, "\" is missing; ", columns_hint));
    }
  }
  std::vector<T> out;
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    if (record.fields.size() != header.fields.size()) {
      return absl::InvalidArgumentError(absl::StrCat(kind, " CSV line ", record.line, ": expected ",
                                                     header.fields.size(), " fields, found ",
                                                     record.fields.size()));
    }
    absl::StatusOr<T> item = parse_row(Row(record, columns));
    if (!item.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(kind, " CSV ", item.status().message()));
    }
    out.push_back(*std::move(item));
  }
  return out;
}

constexpr absl::string_view kPence = "a whole, non-negative number of pence";

}  // namespace

absl::StatusOr<std::vector<MonthlyCharge>> ParseChargesCsv(absl::string_view text) {
  return ParseTable<MonthlyCharge>(
      text, "charges", {"party", "period", "invoice_date", "amount_pence"},
      [](const Row& row) -> absl::StatusOr<MonthlyCharge> {
        MonthlyCharge c;
        c.party = std::string(row.Text("party"));
        c.period = std::string(row.Text("period"));
        absl::StatusOr<Date> date = row.DateAt("invoice_date");
        if (!date.ok()) return date.status();
        c.invoice_date = *date;
        absl::StatusOr<int64_t> amount = row.Count("amount_pence", kPence);
        if (!amount.ok()) return amount.status();
        c.amount_pence = *amount;
        absl::Status s = row.At(ValidateMonthlyCharge(c));
        if (!s.ok()) return s;
        return c;
      });
}

absl::StatusOr<std::vector<CreditAssessment>> ParseAssessmentsCsv(absl::string_view text) {
  return ParseTable<CreditAssessment>(
      text, "assessments", {"party", "effective_date", "rating", "score", "mcv_pence"},
      [](const Row& row) -> absl::StatusOr<CreditAssessment> {
        CreditAssessment a;
        a.party = std::string(row.Text("party"));
        absl::StatusOr<Date> date = row.DateAt("effective_date");
        if (!date.ok()) return date.status();
        a.effective_date = *date;
        if (!row.Text("rating").empty()) a.rating = std::string(row.Text("rating"));
        if (!row.Text("score").empty()) {
          absl::StatusOr<int64_t> score = row.Count("score", "a credit score from 0 to 100");
          if (!score.ok()) return score.status();
          if (*score > 100) return row.Error("score", "must be from 0 to 100");
          a.score = static_cast<int>(*score);
        }
        absl::StatusOr<int64_t> mcv = row.Count("mcv_pence", kPence);
        if (!mcv.ok()) return mcv.status();
        a.mcv_pence = *mcv;
        absl::Status s = row.At(ValidateCreditAssessment(a));
        if (!s.ok()) return s;
        return a;
      });
}

absl::StatusOr<std::vector<CreditInstrument>> ParseInstrumentsCsv(absl::string_view text) {
  return ParseTable<CreditInstrument>(
      text, "instruments", {"party", "kind", "amount_pence", "issuer", "valid_from", "valid_to"},
      [](const Row& row) -> absl::StatusOr<CreditInstrument> {
        CreditInstrument i;
        i.party = std::string(row.Text("party"));
        absl::StatusOr<InstrumentKind> kind = ParseInstrumentKind(row.Text("kind"));
        if (!kind.ok()) return row.Error("kind", kind.status().message());
        i.kind = *kind;
        absl::StatusOr<int64_t> amount = row.Count("amount_pence", kPence);
        if (!amount.ok()) return amount.status();
        i.amount_pence = *amount;
        i.issuer = std::string(row.Text("issuer"));
        absl::StatusOr<Date> from = row.DateAt("valid_from");
        if (!from.ok()) return from.status();
        i.valid_from = *from;
        if (!row.Text("valid_to").empty()) {
          absl::StatusOr<Date> to = row.DateAt("valid_to");
          if (!to.ok()) return to.status();
          i.valid_to = *to;
        }
        absl::Status s = row.At(ValidateCreditInstrument(i));
        if (!s.ok()) return s;
        return i;
      });
}

}  // namespace sec
