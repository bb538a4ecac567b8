#include "storage/tx.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sec::storage {
namespace {

// Rows per multi-row INSERT, at most: bounds a statement's placeholders. Each row count is a
// prepared statement of its own on a connection, prepared once.
constexpr size_t kRowsPerInsert = 64;

// `table`'s INSERT of n rows, from params (moved out) of those rows.
absl::StatusOr<int64_t> InsertRows(SqlConnection& conn, const AppendTable& table,
                                   std::vector<SqlParams>::iterator rows, size_t n,
                                   absl::string_view tail = "") {
  std::string sql = absl::StrCat(table.head, table.row);
  SqlParams params = std::move(*rows);
  for (size_t i = 1; i < n; ++i) {
    absl::StrAppend(&sql, ", ", table.row);
    for (SqlParam& p : rows[i]) params.push_back(std::move(p));
  }
  absl::StrAppend(&sql, tail);
  return conn.Exec(sql, params);
}

}  // namespace

absl::StatusOr<int64_t> Tx::Exec(absl::string_view sql, const SqlParams& params) {
  if (absl::Status s = Flush(); !s.ok()) return s;
  absl::StatusOr<int64_t> n = conn_->Exec(sql, params);
  // A failed statement changes nothing (statement-level atomicity on both backends), and
  // neither does one that matched no row.
  if (n.ok() && *n > 0) write_changed_ = true;
  return n;
}

absl::StatusOr<std::vector<SqlRow>> Tx::Query(absl::string_view sql, const SqlParams& params) {
  if (absl::Status s = Flush(); !s.ok()) return s;
  return conn_->Query(sql, params);
}

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const SqlParams& params,
                                    absl::string_view what) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat(what, " not found"));
  return std::move(rows->front());
}

void Tx::Append(const AppendTable& table, SqlParams row) {
  auto it = std::find_if(appended_.begin(), appended_.end(),
                         [&](const Appended& a) { return a.table == &table; });
  if (it == appended_.end()) {
    it = std::find_if(appended_.begin(), appended_.end(),
                      [&](const Appended& a) { return a.table->rank > table.rank; });
    it = appended_.insert(it, Appended{&table, {}, 0});
  }
  it->rows.push_back(std::move(row));
  ++appended_rows_;
}

absl::Status Tx::Flush() {
  if (!broken_.ok()) return broken_;
  if (appended_rows_ == 0) return absl::OkStatus();
  for (Appended& a : appended_) {
    if (a.rows.size() > a.mark) write_changed_ = true;  // the current write's own rows go in
    for (size_t from = 0, n; from < a.rows.size(); from += n) {
      n = std::min(kRowsPerInsert, a.rows.size() - from);
      if (auto s = InsertRows(*conn_, *a.table, a.rows.begin() + from, n); !s.ok()) {
        broken_ = s.status();
        return broken_;
      }
    }
    a.rows.clear();
    a.mark = 0;
  }
  appended_rows_ = 0;
  return absl::OkStatus();
}

absl::StatusOr<Tx::Counter*> Tx::LoadCounter(const std::string& name, bool absent_is_zero) {
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    absl::StatusOr<SqlRow> row =
        QueryOne(dialect_->select_counter, {name}, absl::StrCat("counter ", name));
    if (!row.ok() && !(absent_is_zero && absl::IsNotFound(row.status()))) return row.status();
    it = counters_.emplace(name, Counter{row.ok() ? row->Int(0) : 0, false}).first;
  }
  return &it->second;
}

absl::Status Tx::AddToTally(const std::string& name, int64_t delta) {
  absl::StatusOr<Counter*> c = LoadCounter(name, /*absent_is_zero=*/true);
  if (!c.ok()) return c.status();
  **c = {(*c)->value + delta, true};
  return absl::OkStatus();
}

absl::StatusOr<int64_t> Tx::NextCounter(const std::string& name) {
  absl::StatusOr<Counter*> c = LoadCounter(name);
  if (!c.ok()) return c.status();
  **c = {(*c)->value + 1, true};
  return (*c)->value;
}

absl::Status Tx::RaiseCounter(const std::string& name, int64_t value) {
  absl::StatusOr<Counter*> c = LoadCounter(name);
  if (!c.ok()) return c.status();
  if (value > (*c)->value) **c = {value, true};
  return absl::OkStatus();
}

absl::Status Tx::Finish() {
  if (!changes_.empty()) {
    absl::flat_hash_set<absl::string_view> recorded;
    for (const CommittedEvent& e : events_) recorded.insert(e.resource);
    for (const std::string& r : changes_) {
      if (!recorded.contains(r)) {
        return absl::InternalError(absl::StrCat(
            "the server changed ", r, " without recording an event about it; nothing was "
            "written (a defect: please report it)"));
      }
    }
  }
  if (absl::Status s = Flush(); !s.ok()) return s;
  std::vector<SqlParams> dirty;
  for (auto& [name, c] : counters_) {
    if (c.dirty) dirty.push_back({name, c.value});
    c.dirty = false;
  }
  if (dirty.empty()) return absl::OkStatus();
  return InsertRows(*conn_, dialect_->set_counters, dirty.begin(), dirty.size(),
                    dialect_->set_counters_tail)
      .status();
}

void Tx::BeginWrite() {
  counters_mark_ = counters_;
  events_mark_ = events_.size();
  changes_mark_ = changes_.size();
  for (Appended& a : appended_) a.mark = a.rows.size();
  write_changed_ = false;
}

void Tx::UndoWrite() {
  counters_ = counters_mark_;
  events_.resize(events_mark_);
  changes_.resize(changes_mark_);
  appended_rows_ = 0;
  for (Appended& a : appended_) {
    a.rows.resize(std::min(a.mark, a.rows.size()));
    appended_rows_ += a.rows.size();
  }
}

}  // namespace sec::storage
