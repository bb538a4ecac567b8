#include "service/read_cache.h"

#include <algorithm>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"
#include "storage/register_store.h"

namespace sec::service {
namespace {

constexpr absl::string_view kProposals = "modifications/";
// Proposals remembered as changed (for reads in flight) before the cache starts over.
constexpr size_t kMaxForgotten = 200000;

size_t EntrySize(const std::string& key, const grpc::ByteBuffer& b) {
  return key.size() + b.Length();
}

}  // namespace

absl::StatusOr<std::optional<grpc::ByteBuffer>> ReadCache::Read(
    Kind kind, std::string key, int64_t min_sequence, google::protobuf::Message* response,
    absl::FunctionRef<absl::Status()> read) {
  const bool get = kind == Kind::kGet;
  uint64_t noted;
  {
    absl::ReaderMutexLock lock(&mu_);
    if (serving_ && min_sequence <= seen_) {
      const auto& held = get ? gets_ : lists_;
      auto it = held.find(key);
      if (it != held.end()) return it->second;
    }
    noted = epoch_;
  }
  absl::Status s = read();
  if (!s.ok()) return s;
  std::string bytes = response->SerializeAsString();
  grpc::Slice slice(bytes);
  grpc::ByteBuffer serialized(&slice, 1);
  const size_t size = EntrySize(key, serialized);
  absl::MutexLock lock(&mu_);
  if (!serving_) return std::nullopt;
  uint64_t forgotten = lists_forgotten_at_;
  if (get) {
    auto it = get_forgotten_at_.find(key);
    forgotten = it == get_forgotten_at_.end() ? 0 : it->second;
  }
  // Changed while it was read: maybe stale.
  if (std::max(cleared_at_, forgotten) > noted) return std::nullopt;
  if (bytes_ + size > max_bytes_) ClearLocked();  // full: start over
  if ((get ? gets_ : lists_).try_emplace(std::move(key), std::move(serialized)).second) {
    bytes_ += size;
  }
  return std::nullopt;
}

void ReadCache::ForgetLocked(const std::vector<storage::CommittedEvent>& events) {
  bool changed = false;
  for (const storage::CommittedEvent& e : events) {
    if (!absl::StartsWith(e.resource, kProposals)) continue;
    absl::string_view ref = absl::string_view(e.resource).substr(kProposals.size());
    ref = ref.substr(0, ref.find('/'));
    if (!changed) ++epoch_;
    changed = true;
    get_forgotten_at_.insert_or_assign(std::string(ref), epoch_);
    if (auto it = gets_.find(ref); it != gets_.end()) {
      bytes_ -= EntrySize(it->first, it->second);
      gets_.erase(it);
    }
  }
  if (!changed) return;
  lists_forgotten_at_ = epoch_;
  for (const auto& [key, b] : lists_) bytes_ -= EntrySize(key, b);
  lists_.clear();
  if (get_forgotten_at_.size() > kMaxForgotten) ClearLocked();
}

void ReadCache::ClearLocked() {
  gets_.clear();
  lists_.clear();
  get_forgotten_at_.clear();
  bytes_ = 0;
  cleared_at_ = ++epoch_;
}

void ReadCache::Committed(const std::vector<storage::CommittedEvent>& events) {
  absl::MutexLock lock(&mu_);
  ForgetLocked(events);
  // Commits reach here in commit order, and a transaction's events are numbered on from the
  // last committed (gap-free, under the write lock). When they follow on from seen_, every
  // event up to the last of them has been applied. On the embedded store they always do; on
  // MySQL unless another replica wrote since the feed last read, and the feed catches up then.
  if (events.empty() || seen_ < 0) return;
  if (!shared_ || events.front().sequence == seen_ + 1) {
    seen_ = std::max(seen_, events.back().sequence);
  }
}

void ReadCache::Followed(const std::vector<storage::CommittedEvent>& events, int64_t up_to) {
  absl::MutexLock lock(&mu_);
  ForgetLocked(events);
  seen_ = std::max(seen_, up_to);
  serving_ = true;
}

void ReadCache::Lost() {
  absl::MutexLock lock(&mu_);
  if (!shared_) return;
  ClearLocked();
  serving_ = false;
}

int64_t ReadCache::seen() {
  absl::ReaderMutexLock lock(&mu_);
  return seen_;
}

std::shared_ptr<ReadCache> ReadCacheFor(storage::Store& store, size_t max_bytes) {
  if (max_bytes == 0) return nullptr;
  const bool shared = store.dialect().name != "sqlite";
  auto cache = std::make_shared<ReadCache>(max_bytes, shared);
  ReadCache* c = cache.get();
  store.SetCommitListener(
      [cache](const std::vector<storage::CommittedEvent>& events) { cache->Committed(events); });
  if (!shared) {
    // Its own history is all there is: read its end once, and serve from then on.
    int64_t end = 0;
    absl::Status s = store.Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> max = storage::MaxEventSequence(tx);
      if (!max.ok()) return max.status();
      end = *max;
      return absl::OkStatus();
    });
    if (!s.ok()) return nullptr;  // no cache rather than a wrong one
    c->Followed({}, end);
  }
  return cache;
}

}  // namespace sec::service
