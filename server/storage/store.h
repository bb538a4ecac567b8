#ifndef SEC_STORAGE_STORE_H_
#define SEC_STORAGE_STORE_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "storage/dialect.h"
#include "storage/sql.h"

namespace sec::storage {

// One transaction: the unit every RPC runs in. Repository functions (register_store.h, ...)
// take a Tx and use its connection with the dialect's named statements.
class Tx {
 public:
  Tx(SqlConnection* conn, const Dialect* dialect, bool write)
      : conn_(conn), dialect_(dialect), write_(write) {}

  SqlConnection& conn() { return *conn_; }
  const Dialect& dialect() const { return *dialect_; }
  bool write() const { return write_; }

  absl::StatusOr<int64_t> Exec(absl::string_view sql, const SqlParams& params) {
    return conn_->Exec(sql, params);
  }
  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql, const SqlParams& params) {
    return conn_->Query(sql, params);
  }
  // The first row of a query, or NOT_FOUND with `what` in the message.
  absl::StatusOr<SqlRow> QueryOne(absl::string_view sql, const SqlParams& params,
                                  absl::string_view what);

 private:
  SqlConnection* conn_;
  const Dialect* dialect_;
  bool write_;
};

struct StoreOptions {
  int pool_size = 8;
  int max_retries = 5;  // of a whole transaction after a deadlock / busy conflict
};

// A database: a pool of connections of one backend and the transaction runner.
class Store {
 public:
  using ConnectionFactory = std::function<absl::StatusOr<std::unique_ptr<SqlConnection>>()>;

  Store(const Dialect* dialect, ConnectionFactory factory, StoreOptions options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `fn` in one write transaction: commits when it returns OK, rolls back otherwise, so a
  // refused write changes nothing. Retries the whole of `fn` on a retryable conflict.
  absl::Status Write(absl::FunctionRef<absl::Status(Tx&)> fn);
  // Runs `fn` in a read-only transaction (one consistent snapshot).
  absl::Status Read(absl::FunctionRef<absl::Status(Tx&)> fn);

  // Applies pending migrations of the dialect; returns the versions applied.
  absl::StatusOr<std::vector<int>> Migrate();
  absl::Status Ping();
  const Dialect& dialect() const { return *dialect_; }

 private:
  class Lease;
  absl::StatusOr<std::unique_ptr<SqlConnection>> Acquire();
  void Release(std::unique_ptr<SqlConnection> conn, bool healthy);
  absl::Status Run(bool write, absl::FunctionRef<absl::Status(Tx&)> fn);

  const Dialect* dialect_;
  ConnectionFactory factory_;
  StoreOptions options_;
  absl::Mutex mu_;
  std::vector<std::unique_ptr<SqlConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace sec::storage

#endif  // SEC_STORAGE_STORE_H_
