#include "storage/tx.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sec::storage {
namespace {

// Rows per multi-row INSERT, at most: bounds a statement's placeholders. Each row count is a
// prepared statement of its own on a connection, prepared once; the pool hands the leader of
// the next batch the connection released last, so after a short warm-up they are all there.
constexpr size_t kRowsPerInsert = 64;

bool IsNameChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// Whether `sql` names `table` as a whole word.
bool Names(absl::string_view sql, absl::string_view table) {
  for (size_t at = sql.find(table); at != absl::string_view::npos; at = sql.find(table, at + 1)) {
    const size_t end = at + table.size();
    if ((at == 0 || !IsNameChar(sql[at - 1])) && (end == sql.size() || !IsNameChar(sql[end]))) {
      return true;
    }
  }
  return false;
}

// `table`'s INSERT of n rows, from params (moved out) of those rows.
absl::StatusOr<int64_t> InsertRows(SqlConnection& conn, const AppendInsert& table,
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
  // Whatever it changes may point at buffered rows (a foreign key) or be one of them.
  if (absl::Status s = Flush(); !s.ok()) return s;
  absl::StatusOr<int64_t> n = conn_->Exec(sql, params);
  // A failed statement changes nothing (statement-level atomicity on both backends), and
  // neither does one that matched no row.
  if (n.ok() && *n > 0) write_changed_ = true;
  return n;
}

absl::StatusOr<std::vector<SqlRow>> Tx::Query(absl::string_view sql, const SqlParams& params) {
  if (absl::Status s = FlushFor(sql); !s.ok()) return s;
  return conn_->Query(sql, params);
}

absl::StatusOr<SqlRow> Tx::QueryOne(absl::string_view sql, const SqlParams& params,
                                    absl::string_view what) {
  absl::StatusOr<std::vector<SqlRow>> rows = Query(sql, params);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return absl::NotFoundError(absl::StrCat(what, " not found"));
  return std::move(rows->front());
}

bool Tx::Buffers(const AppendInsert& table) const {
  switch (buffering_) {
    case Buffering::kNone: return false;
    case Buffering::kSafe: return !table.may_fail;
    case Buffering::kEverything: return true;
  }
  return false;
}

absl::Status Tx::Insert(const AppendInsert& table, SqlParams row) {
  if (!Buffers(table)) {
    std::vector<SqlParams> one{std::move(row)};
    if (absl::Status s = Flush(); !s.ok()) return s;  // as Exec
    absl::StatusOr<int64_t> n = InsertRows(*conn_, table, one.begin(), 1);
    if (n.ok()) write_changed_ = true;
    return n.status();
  }
  auto it = std::find_if(buffered_.begin(), buffered_.end(),
                         [&](const Buffered& b) { return b.table == &table; });
  if (it == buffered_.end()) {
    it = std::find_if(buffered_.begin(), buffered_.end(),
                      [&](const Buffered& b) { return b.table->rank > table.rank; });
    it = buffered_.insert(it, Buffered{&table, {}, 0});
  }
  it->rows.push_back(std::move(row));
  ++buffered_rows_;
  return absl::OkStatus();
}

const std::vector<SqlParams>& Tx::Pending(const AppendInsert& table) const {
  static const std::vector<SqlParams>* const kNone = new std::vector<SqlParams>();
  for (const Buffered& b : buffered_) {
    if (b.table == &table) return b.rows;
  }
  return *kNone;
}

absl::Status Tx::FlushFor(absl::string_view sql) {
  if (!broken_.ok()) return broken_;
  if (buffered_rows_ == 0) return absl::OkStatus();
  for (const Buffered& b : buffered_) {
    if (!b.rows.empty() && Names(sql, b.table->table)) return Flush();
  }
  return absl::OkStatus();
}

absl::Status Tx::Flush() {
  if (!broken_.ok()) return broken_;
  if (buffered_rows_ == 0) return absl::OkStatus();
  for (Buffered& b : buffered_) {
    if (b.rows.size() > b.mark) write_changed_ = true;  // the current write's own rows go in
    for (size_t from = 0, n; from < b.rows.size(); from += n) {
      n = std::min(kRowsPerInsert, b.rows.size() - from);
      if (auto s = InsertRows(*conn_, *b.table, b.rows.begin() + from, n); !s.ok()) {
        broken_ = s.status();
        return broken_;
      }
    }
    b.rows.clear();
    b.mark = 0;
  }
  buffered_rows_ = 0;
  return absl::OkStatus();
}

absl::StatusOr<Tx::Counter*> Tx::LoadCounter(const std::string& name) {
  auto it = counters_.find(name);
  if (it == counters_.end()) {
    absl::StatusOr<SqlRow> row =
        QueryOne(dialect_->select_counter, {name}, absl::StrCat("counter ", name));
    if (!row.ok()) return row.status();
    it = counters_.emplace(name, Counter{row->Int(0), false}).first;
  }
  return &it->second;
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
  for (Buffered& b : buffered_) b.mark = b.rows.size();
  write_changed_ = false;
}

void Tx::UndoWrite() {
  counters_ = counters_mark_;
  buffered_rows_ = 0;
  for (Buffered& b : buffered_) {
    b.rows.resize(std::min(b.mark, b.rows.size()));
    buffered_rows_ += b.rows.size();
  }
}

}  // namespace sec::storage
