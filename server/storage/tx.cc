#include "storage/tx.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sec::storage {
namespace {

// Rows per multi-row INSERT: bounds the statement's placeholders, and so the prepared
// statements a connection keeps (one per row count).
constexpr size_t kRowsPerInsert = 64;

}  // namespace

absl::StatusOr<int64_t> Tx::Exec(absl::string_view sql, const SqlParams& params) {
  absl::StatusOr<int64_t> n = conn_->Exec(sql, params);
  // A failed statement changes nothing (statement-level atomicity on both backends), and
  // neither does one that matched no row.
  if (n.ok() && *n > 0) write_changed_ = true;
  return n;
}

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const SqlParams& params,
                                    absl::string_view what) {
  absl::StatusOr<std::vector<SqlRow>> rows = conn_->Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat(what, " not found"));
  return std::move(rows->front());
}

absl::StatusOr<int64_t> Tx::NextCounter(const std::string& name) {
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    absl::StatusOr<SqlRow> row =
        QueryOne(dialect_->select_counter, {name}, absl::StrCat("counter ", name));
    if (!row.ok()) return row.status();
    it = counters_.emplace(name, Counter{row->Int(0), false}).first;
  }
  it->second.value += 1;
  it->second.dirty = true;
  return it->second.value;
}

absl::Status Tx::RaiseCounter(const std::string& name, int64_t value) {
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    absl::StatusOr<SqlRow> row =
        QueryOne(dialect_->select_counter, {name}, absl::StrCat("counter ", name));
    if (!row.ok()) return row.status();
    it = counters_.emplace(name, Counter{row->Int(0), false}).first;
  }
  if (value > it->second.value) it->second = {value, true};
  return absl::OkStatus();
}

void Tx::Append(const AppendInsert& table, SqlParams row) {
  for (Appends& a : appends_) {
    if (a.table == &table) {
      a.rows.push_back(std::move(row));
      return;
    }
  }
  appends_.push_back(Appends{&table, {}, 0});
  appends_.back().rows.push_back(std::move(row));
}

const std::vector<SqlParams>& Tx::Pending(const AppendInsert& table) const {
  static const std::vector<SqlParams>* const kNone = new std::vector<SqlParams>();
  for (const Appends& a : appends_) {
    if (a.table == &table) return a.rows;
  }
  return *kNone;
}

absl::Status Tx::FlushAppends() {
  for (Appends& a : appends_) {
    if (a.rows.size() > a.mark) write_changed_ = true;  // the current write's own rows go in
    if (a.mark > 0) flushed_others_ = true;
    for (size_t from = 0; from < a.rows.size(); from += kRowsPerInsert) {
      const size_t n = std::min(kRowsPerInsert, a.rows.size() - from);
      std::string sql = absl::StrCat(a.table->head, a.table->row);
      SqlParams params = std::move(a.rows[from]);
      for (size_t i = 1; i < n; ++i) {
        absl::StrAppend(&sql, ", ", a.table->row);
        for (SqlParam& p : a.rows[from + i]) params.push_back(std::move(p));
      }
      if (absl::StatusOr<int64_t> s = conn_->Exec(sql, params); !s.ok()) return s.status();
    }
    a.rows.clear();
    a.mark = 0;
  }
  return absl::OkStatus();
}

absl::Status Tx::Finish() {
  if (absl::Status s = FlushAppends(); !s.ok()) return s;
  for (auto& [name, c] : counters_) {
    if (!c.dirty) continue;
    if (auto s = conn_->Exec(dialect_->set_counter, {c.value, name}); !s.ok()) return s.status();
    c.dirty = false;
  }
  return absl::OkStatus();
}

void Tx::BeginWrite() {
  counters_mark_ = counters_;
  for (Appends& a : appends_) a.mark = a.rows.size();
  write_changed_ = false;
  flushed_others_ = false;
}

void Tx::UndoWrite() {
  counters_ = counters_mark_;
  for (Appends& a : appends_) a.rows.resize(std::min(a.mark, a.rows.size()));
}

}  // namespace sec::storage
