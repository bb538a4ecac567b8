#ifndef SEC_SERVICE_READ_CACHE_H_
#define SEC_SERVICE_READ_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/message.h"
#include "grpcpp/support/byte_buffer.h"
#include "storage/store.h"

namespace sec::service {

// Responses of principal-independent reads (the Register's GetModification and
// ListModifications), kept until the next write. Each entry is tagged with the store's write
// generation read before its read transaction began, and only entries of the current
// generation are served, so a read never sees less than a write acknowledged before it started.
//
// Only for a store that no other process writes: the embedded SQLite store, which secd holds
// alone (main.cc locks it). Replicas sharing MySQL would not see each other's writes here.
class ReadCache {
 public:
  explicit ReadCache(size_t max_bytes) : max_bytes_(max_bytes) {}

  // When `key` holds a current entry, returns it: `response` serialized, to be sent as it is
  // (call_interceptor.h), and leaves `response` alone. Otherwise runs `read` (which fills
  // `response`), keeps its serialized form when it succeeds and returns nullopt.
  absl::StatusOr<std::optional<grpc::ByteBuffer>> Read(const storage::Store& store,
                                                       std::string key,
                                                       google::protobuf::Message* response,
                                                       absl::FunctionRef<absl::Status()> read);

 private:
  const size_t max_bytes_;
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;  // of every entry held
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // Serialized responses: copying one shares its slices.
  absl::flat_hash_map<std::string, grpc::ByteBuffer> entries_ ABSL_GUARDED_BY(mu_);
};

// Values computed from the store (a credit portfolio run), kept under ReadCache's rule: each
// tagged with the write generation read before its read transaction began, and found only while
// that generation is current. At most `max_entries`, the oldest generation's dropped first (all
// of them: a write makes every entry stale). Only where ReadCacheFor gives a cache.
template <typename V>
class CurrentValues {
 public:
  explicit CurrentValues(size_t max_entries) : max_entries_(max_entries) {}

  std::shared_ptr<const V> Find(uint64_t generation, const std::string& key) {
    absl::ReaderMutexLock lock(&mu_);
    if (generation != generation_) return nullptr;
    auto it = values_.find(key);
    return it == values_.end() ? nullptr : it->second;
  }

  void Keep(uint64_t generation, std::string key, std::shared_ptr<const V> value) {
    absl::MutexLock lock(&mu_);
    if (generation < generation_) return;  // already stale
    if (generation > generation_ || values_.size() >= max_entries_) {
      values_.clear();
      generation_ = generation;
    }
    values_.insert_or_assign(std::move(key), std::move(value));
  }

 private:
  const size_t max_entries_;
  absl::Mutex mu_;
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, std::shared_ptr<const V>> values_ ABSL_GUARDED_BY(mu_);
};

// secd's --read_cache_mb default.
inline constexpr int kDefaultReadCacheMb = 32;

// A cache of `max_bytes` for `store` when no other process may write it (the embedded store);
// null for MySQL or when `max_bytes` is 0.
std::unique_ptr<ReadCache> ReadCacheFor(const storage::Store& store, size_t max_bytes);

}  // namespace sec::service

#endif  // SEC_SERVICE_READ_CACHE_H_
