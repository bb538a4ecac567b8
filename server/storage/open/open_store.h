#ifndef SEC_STORAGE_OPEN_OPEN_STORE_H_
#define SEC_STORAGE_OPEN_OPEN_STORE_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "storage/store.h"

namespace sec::storage {

// Opens the store a database URL names:
//   sqlite:PATH                     the embedded store (a file; created when missing)
//   mysql://USER@HOST[:PORT]/DB     MySQL or MariaDB; the password is passed separately so it
//                                   never appears in flags, URLs or logs
//     ?ssl_ca=PEM&ssl_mode=MODE     TLS: MODE is DISABLED, PREFERRED, REQUIRED, VERIFY_CA or
//      [&ssl_cert=PEM&ssl_key=PEM]  VERIFY_IDENTITY (ssl_ca alone: VERIFY_CA; with Debian's
//                                   client library both VERIFY modes check the host name)
absl::StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& url,
                                                 const std::string& password,
                                                 StoreOptions options = {});

// Copies the embedded store `url` names (sqlite:PATH) to `file`, a new file only this user can
// read, consistent while secd serves it (SQLite's online backup). UNIMPLEMENTED for MySQL,
// which its own tools back up (mariadb-dump --single-transaction).
absl::Status BackupStore(const std::string& url, const std::string& file);

// The URL with nothing secret in it, for logs.
std::string DescribeStoreUrl(const std::string& url);

}  // namespace sec::storage

#endif  // SEC_STORAGE_OPEN_OPEN_STORE_H_
