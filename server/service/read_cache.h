#ifndef SEC_SERVICE_READ_CACHE_H_
#define SEC_SERVICE_READ_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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
// ListModifications), serialized, kept until a committed history event says they changed.
// Every change to a proposal is recorded by an event about it (Call::Recorded and the
// lifecycle's steps; storage refuses a transaction that changes a proposal without one), so:
//   an event about modifications/X  forgets GetModification of X and every ListModifications page;
//   any other event                 forgets nothing (no cached read depends on it).
// Events reach the cache two ways: this process's writes as they commit, before the writer
// is answered (Store::SetCommitListener), so a replica always reads its own writes; and on a
// store other processes write (MySQL replicas), every event of the history in sequence order
// from the event feed, which reads it every --event_poll_ms (event_feed.h): another replica's
// write is forgotten here within that interval after its commit.
//
// Consistency token: seen() is the sequence through which every event of the history has
// been applied. A read that sends min_sequence (request metadata `sec-min-sequence`, the
// `sec-sequence` a write answered with) above seen() skips the cache and reads the store.
class ReadCache {
 public:
  enum class Kind { kGet, kList };
  // `shared`: other processes write the store (MySQL): nothing is served until the feed has
  // read the history's end, which then moves seen() on (and so do this process's commits
  // that follow on from it).
  ReadCache(size_t max_bytes, bool shared)
      : max_bytes_(max_bytes), shared_(shared), serving_(false) {}
  ReadCache(const ReadCache&) = delete;
  ReadCache& operator=(const ReadCache&) = delete;

  // When the cache holds `key` and has seen `min_sequence`, returns the held response (to be
  // sent as it is, call_interceptor.h) and leaves `response` alone. Otherwise runs `read`
  // (which fills `response`), keeps its serialized form when it succeeds and nothing it may
  // depend on changed meanwhile, and returns nullopt. A kGet key is the proposal's reference.
  absl::StatusOr<std::optional<grpc::ByteBuffer>> Read(Kind kind, std::string key,
                                                       int64_t min_sequence,
                                                       google::protobuf::Message* response,
                                                       absl::FunctionRef<absl::Status()> read);

  // This process committed these events (the store's commit listener).
  void Committed(const std::vector<storage::CommittedEvent>& events);
  // The feed read the history through `up_to`: these are its events after the last call.
  void Followed(const std::vector<storage::CommittedEvent>& events, int64_t up_to);
  // The feed could not read the history: nothing is served until it reads again.
  void Lost();

  bool shared() const { return shared_; }
  int64_t seen();

 private:
  void ForgetLocked(const std::vector<storage::CommittedEvent>& events)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ClearLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const size_t max_bytes_;
  const bool shared_;
  absl::Mutex mu_;
  // Every change forgotten advances the epoch. A read notes it before reading the store, and
  // its response is kept only if nothing it depends on was forgotten since.
  uint64_t epoch_ ABSL_GUARDED_BY(mu_) = 0;
  uint64_t cleared_at_ ABSL_GUARDED_BY(mu_) = 0;  // everything forgotten at this epoch
  uint64_t lists_forgotten_at_ ABSL_GUARDED_BY(mu_) = 0;
  absl::flat_hash_map<std::string, uint64_t> get_forgotten_at_ ABSL_GUARDED_BY(mu_);
  int64_t seen_ ABSL_GUARDED_BY(mu_) = -1;  // -1: the history's end not read yet
  bool serving_ ABSL_GUARDED_BY(mu_);
  size_t bytes_ ABSL_GUARDED_BY(mu_) = 0;
  // Serialized responses: copying one shares its slices.
  absl::flat_hash_map<std::string, grpc::ByteBuffer> gets_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, grpc::ByteBuffer> lists_ ABSL_GUARDED_BY(mu_);
};

// Values computed from the store (a credit portfolio run), kept while this process makes no
// write: each tagged with the store's write generation read before its read transaction
// began, and found only while that generation is current. At most `max_entries`, the oldest
// generation's dropped first (all of them: a write makes every entry stale). Only on a store
// no other process writes (the embedded one), which a write generation describes whole.
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

// A cache of `max_bytes` for `store` (shared when it is MySQL); null when `max_bytes` is 0.
// It learns of this process's commits from the store at once (the store's commit listener
// holds it too, until another cache replaces it); StartServer connects the feed.
std::shared_ptr<ReadCache> ReadCacheFor(storage::Store& store, size_t max_bytes);

}  // namespace sec::service

#endif  // SEC_SERVICE_READ_CACHE_H_
