#include "service/read_cache.h"

#include <utility>

namespace sec::service {

absl::StatusOr<std::optional<grpc::ByteBuffer>> ReadCache::Read(
    const storage::Store& store, std::string key, google::protobuf::Message* response,
    absl::FunctionRef<absl::Status()> read) {
  const uint64_t generation = store.WriteGeneration();
  {
    absl::ReaderMutexLock lock(&mu_);
    if (generation_ == generation) {
      auto it = entries_.find(key);
      if (it != entries_.end()) return it->second;
    }
  }
  absl::Status s = read();
  if (!s.ok()) return s;
  std::string bytes = response->SerializeAsString();
  const size_t size = bytes.size() + key.size();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer serialized(&slice, 1);
  absl::MutexLock lock(&mu_);
  if (generation < generation_) return std::nullopt;  // already stale
  if (generation > generation_ || bytes_ + size > max_bytes_) {
    // A write since: nothing held is current any more (or the cache is full: start over).
    entries_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  if (entries_.try_emplace(std::move(key), std::move(serialized)).second) bytes_ += size;
  return std::nullopt;
}

std::unique_ptr<ReadCache> ReadCacheFor(const storage::Store& store, size_t max_bytes) {
  if (store.dialect().name != "sqlite" || max_bytes == 0) return nullptr;
  return std::make_unique<ReadCache>(max_bytes);
}

}  // namespace sec::service
