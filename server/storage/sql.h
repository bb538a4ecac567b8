#ifndef SEC_STORAGE_SQL_H_
#define SEC_STORAGE_SQL_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sec::storage {

// A bound parameter. Values are only ever bound, never spliced into SQL text.
// Binary bytes (a document's chunk), bound as a BLOB rather than as text; read back as a
// column's text is, byte for byte.
struct SqlBlob {
  std::string bytes;
};
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string, SqlBlob>;
using SqlParams = std::vector<SqlParam>;

// One result row; columns read back as text (NULL -> nullopt) and converted by the caller.
class SqlRow {
 public:
  explicit SqlRow(std::vector<std::optional<std::string>> cols) : cols_(std::move(cols)) {}
  bool IsNull(size_t i) const { return !cols_.at(i).has_value(); }
  const std::string& Str(size_t i) const;  // "" for NULL
  // Moves column i out ("" for NULL): for readers that consume the row once.
  std::string Take(size_t i) {
    std::optional<std::string>& c = cols_.at(i);
    return c.has_value() ? std::move(*c) : std::string();
  }
  int64_t Int(size_t i) const;  // 0 for NULL
  size_t size() const { return cols_.size(); }

 private:
  std::vector<std::optional<std::string>> cols_;
};

// One database session, used by one transaction at a time. Implementations map driver errors:
// unique/duplicate key -> ALREADY_EXISTS, deadlock / lock wait / busy -> ABORTED marked
// retryable, lost connection -> UNAVAILABLE.
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual absl::Status Begin(bool write) = 0;
  virtual absl::Status Commit() = 0;
  virtual absl::Status Rollback() = 0;
  // Runs a statement; returns rows affected.
  virtual absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params) = 0;
  virtual absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                                    const SqlParams& params) = 0;
  // Runs a script of statements separated by ';' at line ends (migrations only).
  virtual absl::Status ExecScript(absl::string_view script) = 0;
  virtual absl::Status Ping() = 0;
};

// A conflict the transaction runner may retry (deadlock, busy): ABORTED with this payload.
absl::Status RetryableConflict(absl::string_view message);
bool IsRetryableConflict(const absl::Status& s);

}  // namespace sec::storage

#endif  // SEC_STORAGE_SQL_H_
