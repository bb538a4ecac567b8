#include "service/read_cache.h"

#include <utility>

namespace sec::service {

absl::Status ReadCache::Read(const storage::Store& store, std::string key,
                             google::protobuf::Message* response,
                             absl::FunctionRef<absl::Status()> read) {
  const uint64_t generation = store.WriteGeneration();
  std::shared_ptr<const google::protobuf::Message> hit;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (generation_ == generation) {
      auto it = entries_.find(key);
      if (it != entries_.end()) hit = it->second;
    }
  }
  if (hit != nullptr) {
    response->CopyFrom(*hit);
    return absl::OkStatus();
  }
  absl::Status s = read();
  if (!s.ok()) return s;
  const size_t size = response->SpaceUsedLong() + key.size();
  std::shared_ptr<google::protobuf::Message> copy(response->New());
  copy->CopyFrom(*response);
  absl::MutexLock lock(&mu_);
  if (generation < generation_) return absl::OkStatus();  // already stale
  if (generation > generation_ || bytes_ + size > max_bytes_) {
    // A write since: nothing held is current any more (or the cache is full: start over).
    entries_.clear();
    bytes_ = 0;
    generation_ = generation;
  }
  if (entries_.try_emplace(std::move(key), std::move(copy)).second) bytes_ += size;
  return absl::OkStatus();
}

std::unique_ptr<ReadCache> ReadCacheFor(const storage::Store& store, size_t max_bytes) {
  if (store.dialect().name != "sqlite" || max_bytes == 0) return nullptr;
  return std::make_unique<ReadCache>(max_bytes);
}

}  // namespace sec::service
