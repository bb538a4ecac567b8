// Group commit and the write transaction's buffers (storage/store.cc, storage/tx.cc), on SQLite
// and on MariaDB: writes queued behind a committing one share the next transaction; whatever
// they buffer or count in memory must come out exactly as if each had run alone.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::BackendTest;
using ::sec::testing::MakeParty;

StoredEvent MakeEvent(const std::string& resource) {
  StoredEvent e;
  e.resource = resource;
  e.kind = "create";
  e.effective_date = "2017-04-10";
  return e;
}

// A writer's new proposal: the next reference, by `proposer`, inserted (or refused).
absl::StatusOr<Modification> InsertNextProposal(Tx& tx, int writer, const std::string& proposer) {
  absl::StatusOr<int64_t> n = NextCounter(tx, "modification_ref");
  if (!n.ok()) return n.status();
  Modification m;
  m.reference = FormatReference(static_cast<int>(*n));
  m.title = absl::StrCat("writer ", writer);
  m.proposer = proposer;
  m.date_raised = Date(2017, 4, 10);
  m.sections = {"H"};
  m.version = 1;
  if (absl::Status s = InsertModification(tx, m); !s.ok()) return s;
  // Every change to a proposal is recorded (storage refuses one that is not).
  StoredEvent e = MakeEvent(absl::StrCat("modifications/", m.reference));
  if (absl::Status s = AppendEvent(tx, e); !s.ok()) return s;
  return m;
}

class GroupCommitTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    StoreOptions options;
    options.max_batch = 64;
    absl::StatusOr<std::unique_ptr<Store>> opened =
        sec::testing::NewTestStore(GetParam(), options);
    ASSERT_TRUE(opened.ok()) << opened.status();
    grouped_ = std::move(*opened);
  }

  // Runs `writers` writes, write(i, tx) with idempotency key request_id(i), all queued behind a
  // first write that holds the commit slot until they are, so that they share one batch.
  std::vector<absl::Status> RunQueued(int writers, std::function<absl::Status(int, Tx&)> write,
                                      std::function<std::string(int)> request_id = nullptr) {
    absl::Notification entered, release;
    std::thread first([&] {
      absl::Status s = grouped_->Write([&](Tx& tx) -> absl::Status {
        if (auto st = InsertParty(tx, MakeParty("first")); !st.ok()) return st;
        entered.Notify();
        release.WaitForNotification();
        return absl::OkStatus();
      });
      EXPECT_TRUE(s.ok()) << s;
    });
    entered.WaitForNotification();
    std::vector<absl::Status> results(writers);
    std::vector<std::string> ids(writers);
    std::vector<std::thread> threads;
    for (int i = 0; i < writers; ++i) {
      if (request_id) ids[i] = request_id(i);
      threads.emplace_back([&, i] {
        results[i] = grouped_->Write([&, i](Tx& tx) { return write(i, tx); }, ids[i]);
      });
    }
    while (grouped_->QueuedWrites() < writers) absl::SleepFor(absl::Milliseconds(1));
    release.Notify();
    first.join();
    for (auto& t : threads) t.join();
    return results;
  }

  // Every event in order: sequences 1..n with no gap.
  std::vector<StoredEvent> AllEvents() {
    std::vector<StoredEvent> out;
    EXPECT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<StoredEvent>> events = ListEventsBetween(tx, 0, 1000000, 1000);
      if (!events.ok()) return events.status();
      out = std::move(*events);
      return absl::OkStatus();
    }).ok());
    for (size_t k = 0; k < out.size(); ++k) EXPECT_EQ(out[k].sequence, static_cast<int64_t>(k + 1));
    return out;
  }

  // The counter's next value, taken in a write of its own.
  int64_t NextValue(const std::string& counter) {
    int64_t value = -1;
    EXPECT_TRUE(grouped_->Write([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> n = NextCounter(tx, counter);
      if (!n.ok()) return n.status();
      value = *n;
      return absl::OkStatus();
    }).ok());
    return value;
  }

  std::unique_ptr<Store> grouped_;
};

// Refused after changing rows (the party insert): the batch cannot take that back in memory, so
// nothing of it commits and every write runs again on its own; the refused writes are undone
// alone and the others all land.
TEST_P(GroupCommitTest, WritesRefusedAfterChangingRowsAreUndoneAlone) {
  constexpr int kWriters = 12;
  std::vector<absl::Status> results = RunQueued(kWriters, [](int i, Tx& tx) -> absl::Status {
    if (auto st = InsertParty(tx, MakeParty(absl::StrCat("p", i))); !st.ok()) return st;
    if (auto n = NextCounter(tx, "modification_ref"); !n.ok()) return n.status();
    StoredEvent e = MakeEvent(absl::StrCat("parties/p", i));
    if (auto st = AppendEvent(tx, e); !st.ok()) return st;
    if (i % 3 == 0) return absl::FailedPreconditionError("refused after writing");
    return absl::OkStatus();
  });
  EXPECT_EQ(grouped_->GroupedWrites(), 0);  // the batch failed as a whole: each ran alone
  int committed = 0;
  for (int i = 0; i < kWriters; ++i) {
    if (i % 3 == 0) {
      EXPECT_TRUE(absl::IsFailedPrecondition(results[i])) << i << ": " << results[i];
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
      ++committed;
    }
  }
  ASSERT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
    for (int i = 0; i < kWriters; ++i) {
      absl::Status got = GetParty(tx, absl::StrCat("p", i)).status();
      if (i % 3 == 0) {
        EXPECT_TRUE(absl::IsNotFound(got)) << "refused p" << i << " was written: " << got;
      } else {
        EXPECT_TRUE(got.ok()) << "p" << i << ": " << got;
      }
    }
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(AllEvents().size(), static_cast<size_t>(committed));
  EXPECT_EQ(NextValue("modification_ref"), committed + 1) << "a refused write's count was kept";
}

// A write body that throws (a library's exception, say) fails that write alone, in a batch and
// alone, and the store carries on: issue 11's one request wedged every write after it.
TEST_P(GroupCommitTest, AWriteThatThrowsFailsAloneAndTheStoreCarriesOn) {
  constexpr int kWriters = 5;
  std::vector<absl::Status> results = RunQueued(kWriters, [](int i, Tx& tx) -> absl::Status {
    StoredEvent e = MakeEvent(absl::StrCat("parties/w", i));
    if (auto st = AppendEvent(tx, e); !st.ok()) return st;
    if (i == 1) throw std::out_of_range("basic_string::substr");
    return absl::OkStatus();
  });
  for (int i = 0; i < kWriters; ++i) {
    if (i == 1) {
      EXPECT_TRUE(absl::IsInternal(results[i])) << results[i];
      EXPECT_THAT(std::string(results[i].message()), ::testing::HasSubstr("substr"));
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
    }
  }
  EXPECT_EQ(AllEvents().size(), static_cast<size_t>(kWriters - 1));
  // Alone too, and the next write commits.
  absl::Status alone = grouped_->Write([](Tx&) -> absl::Status { throw std::runtime_error("x"); });
  EXPECT_TRUE(absl::IsInternal(alone)) << alone;
  EXPECT_EQ(NextValue("modification_ref"), 1);
}

// Refused with only buffered rows and counts (events, stored responses, a counter): undone in
// memory, in the same batch.
TEST_P(GroupCommitTest, BufferedRowsOfARefusedWriteAreDropped) {
  constexpr int kWriters = 12;
  auto id = [](int i) { return absl::StrCat("req-", i); };
  std::vector<absl::Status> results = RunQueued(
      kWriters,
      [&](int i, Tx& tx) -> absl::Status {
        if (auto n = NextCounter(tx, "modification_ref"); !n.ok()) return n.status();
        StoredEvent e = MakeEvent(absl::StrCat("modifications/m", i));
        if (auto st = AppendEvent(tx, e); !st.ok()) return st;
        if (auto st = PutRequest(tx, id(i), {"Create", "admin", absl::StrCat("r", i), "fingerprint"}, 1); !st.ok()) {
          return st;
        }
        if (i % 3 == 1) return absl::AbortedError("refused after buffering");
        return absl::OkStatus();
      },
      id);
  EXPECT_EQ(grouped_->GroupedWrites(), kWriters);
  std::vector<std::string> landed;
  for (int i = 0; i < kWriters; ++i) {
    EXPECT_EQ(results[i].ok(), i % 3 != 1) << i << ": " << results[i];
    if (results[i].ok()) landed.push_back(absl::StrCat("modifications/m", i));
  }
  std::vector<StoredEvent> events = AllEvents();
  EXPECT_EQ(events.size(), landed.size());
  std::set<std::string> recorded;  // in queue order, which is the threads' arrival order
  for (const StoredEvent& e : events) recorded.insert(e.resource);
  EXPECT_EQ(recorded, std::set<std::string>(landed.begin(), landed.end()));
  ASSERT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
    for (int i = 0; i < kWriters; ++i) {
      absl::StatusOr<std::optional<StoredRequest>> r = GetRequest(tx, id(i));
      EXPECT_TRUE(r.ok()) << r.status();
      EXPECT_EQ(r->has_value(), i % 3 != 1) << id(i);
      if (r->has_value()) {
        EXPECT_EQ((*r)->response, absl::StrCat("r", i));
      }
    }
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(NextValue("modification_ref"), static_cast<int64_t>(landed.size()) + 1);
}

// One request_id twice in one batch (a client's retry racing its first attempt): the second
// sees the first's stored response, not yet inserted, and does nothing.
TEST_P(GroupCommitTest, ARequestIdTwiceInOneBatchTakesEffectOnce) {
  ASSERT_TRUE(grouped_->Write([](Tx& tx) {
    return PutRequest(tx, "stored-before", {"Create", "admin", "earlier", "fingerprint"}, 1);
  }).ok());
  std::vector<std::string> responses(4);
  auto id = [](int i) { return i < 2 ? std::string("twice") : std::string("stored-before"); };
  std::vector<absl::Status> results = RunQueued(
      4,
      [&](int i, Tx& tx) -> absl::Status {
        absl::StatusOr<std::optional<StoredRequest>> seen = GetRequest(tx, id(i));
        if (!seen.ok()) return seen.status();
        if (seen->has_value()) {
          responses[i] = (*seen)->response;
          return absl::OkStatus();
        }
        absl::StatusOr<int64_t> n = NextCounter(tx, "modification_ref");
        if (!n.ok()) return n.status();
        responses[i] = absl::StrCat("made ", *n);
        return PutRequest(tx, id(i), {"Create", "admin", responses[i], "fingerprint"}, 1);
      },
      id);
  for (const absl::Status& r : results) EXPECT_TRUE(r.ok()) << r;
  EXPECT_EQ(responses[0], "made 1");
  EXPECT_EQ(responses[1], "made 1");
  EXPECT_EQ(responses[2], "earlier");
  EXPECT_EQ(responses[3], "earlier");
  EXPECT_EQ(NextValue("modification_ref"), 2);
}

// A write reads its own buffered history and replaces a new proposal's sections.
TEST_P(GroupCommitTest, AWriteSeesItsOwnBufferedRows) {
  ASSERT_TRUE(grouped_->Write([](Tx& tx) -> absl::Status {
    if (auto s = InsertParty(tx, MakeParty("bg")); !s.ok()) return s;
    Modification m;
    m.reference = "SECMP0001";
    m.title = "t";
    m.proposer = "bg";
    m.date_raised = Date(2017, 4, 10);
    m.sections = {"D", "H"};
    m.version = 1;
    if (auto s = InsertModification(tx, m); !s.ok()) return s;
    StoredEvent e = MakeEvent("modifications/SECMP0001");
    if (auto s = AppendEvent(tx, e); !s.ok()) return s;
    absl::StatusOr<std::vector<StoredEvent>> mine =
        ListEventsForResource(tx, "modifications/SECMP0001", 0, 10);
    EXPECT_TRUE(mine.ok() && mine->size() == 1u) << "its own event is not visible";
    m.sections = {"G"};
    m.version = 2;
    return UpdateModification(tx, m, 1, m.status);
  }).ok());
  ModificationQuery now, before;
  now.filter = {{"section", FilterKind::kString, FilterOp::kEq, "G"}};
  before.filter = {{"section", FilterKind::kString, FilterOp::kEq, "D"}};
  ASSERT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(ListModifications(tx, now)->rows.size(), 1u);
    EXPECT_EQ(ListModifications(tx, before)->rows.size(), 0u) << "the replaced section is kept";
    return absl::OkStatus();
  }).ok());
}

// Appended rows are meant never to be refused (the service checks a proposer before it raises),
// but if one is (here a proposal whose proposer's foreign key fails), the refusal comes when the
// rows go in and fails the batch, which then runs again write by write, where it is the one
// write's own refusal. References stay gap-free.
TEST_P(GroupCommitTest, ARefusedAppendedRowIsRefusedAloneWhenEachWriteRunsAgain) {
  constexpr int kWriters = 6;
  std::vector<absl::Status> results = RunQueued(kWriters, [](int i, Tx& tx) -> absl::Status {
    return InsertNextProposal(tx, i, i == 2 ? "nobody" : "first").status();
  });
  EXPECT_EQ(grouped_->GroupedWrites(), 0);
  for (int i = 0; i < kWriters; ++i) {
    if (i == 2) {
      EXPECT_TRUE(absl::IsFailedPrecondition(results[i])) << results[i];
    } else {
      EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
    }
  }
  ModificationQuery all;
  all.limit = 100;
  ASSERT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<ModificationPage> page = ListModifications(tx, all);
    if (!page.ok()) return page.status();
    EXPECT_EQ(page->rows.size(), static_cast<size_t>(kWriters - 1));
    for (size_t k = 0; k < page->rows.size(); ++k) {
      EXPECT_EQ(page->rows[k].reference, FormatReference(static_cast<int>(k + 1)));
      EXPECT_NE(page->rows[k].title, "writer 2");
    }
    return absl::OkStatus();
  }).ok());
  EXPECT_EQ(AllEvents().size(), static_cast<size_t>(kWriters - 1));
}

// In a batch every appended row waits; any other statement inserts what waits first, so each
// write reads what it and the batch's earlier writes wrote.
TEST_P(GroupCommitTest, AStatementNamingABufferedTableSeesItsRows) {
  constexpr int kWriters = 8;
  std::vector<int64_t> seen(kWriters, -1);
  std::vector<absl::Status> results = RunQueued(kWriters, [&](int i, Tx& tx) -> absl::Status {
    absl::StatusOr<Modification> m = InsertNextProposal(tx, i, "first");
    if (!m.ok()) return m.status();
    absl::StatusOr<Modification> back = GetModification(tx, m->reference);
    if (!back.ok()) return back.status();
    absl::StatusOr<ModificationPage> page = ListModifications(tx, ModificationQuery());
    if (!page.ok()) return page.status();
    seen[i] = page->total;
    absl::StatusOr<int> number = ParseReference(m->reference);
    EXPECT_TRUE(number.ok() && *number == page->total)
        << "writer " << i << " does not see the batch's earlier rows";
    return absl::OkStatus();
  });
  EXPECT_EQ(grouped_->GroupedWrites(), kWriters);
  for (int i = 0; i < kWriters; ++i) EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
  std::set<int64_t> totals(seen.begin(), seen.end());
  EXPECT_EQ(totals.size(), static_cast<size_t>(kWriters));  // 1..8, one each
}

// A statement that changes rows inserts what waits first: here a consultation whose foreign
// key points at the proposal inserted just before it, unread in between.
TEST_P(GroupCommitTest, AChangeThatPointsAtABufferedRowFindsIt) {
  constexpr int kWriters = 6;
  std::vector<absl::Status> results = RunQueued(kWriters, [](int i, Tx& tx) -> absl::Status {
    absl::StatusOr<Modification> m = InsertNextProposal(tx, i, "first");
    if (!m.ok()) return m.status();
    Consultation c;
    c.modification = m->reference;
    c.issue = Date(2017, 4, 11);
    c.deadline = Date(2017, 5, 2);
    c.contact = "secas@example.org";
    c.version = 1;
    return InsertConsultation(tx, c);
  });
  EXPECT_EQ(grouped_->GroupedWrites(), kWriters);
  for (int i = 0; i < kWriters; ++i) EXPECT_TRUE(results[i].ok()) << i << ": " << results[i];
  ASSERT_TRUE(grouped_->Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<Consultation>> all = ListConsultations(tx);
    if (!all.ok()) return all.status();
    EXPECT_EQ(all->size(), static_cast<size_t>(kWriters));
    return absl::OkStatus();
  }).ok());
}

SEC_INSTANTIATE_BACKENDS(GroupCommitTest);

}  // namespace
}  // namespace sec::storage
