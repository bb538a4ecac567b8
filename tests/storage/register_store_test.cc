// The storage conformance suite for the Register: every test runs on SQLite and on MariaDB.
#include "storage/register_store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "domain/status_macros.h"
#include "storage/calendar_store.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::BackendTest;
using ::sec::testing::MakeParty;
using ::testing::ElementsAre;

Modification MakeModification(int n, const std::string& proposer) {
  Modification m;
  m.reference = FormatReference(n);
  m.title = absl::StrCat("Proposal ", n);
  m.proposer = proposer;
  m.date_raised = Date(2017, 1, 1) + n;
  m.status = n % 2 ? ModStatus::kRefinement : ModStatus::kSubmitted;
  m.sections = {n % 3 == 0 ? "D" : "G7.6-7.12"};
  m.version = 1;
  return m;
}

class RegisterStoreTest : public BackendTest {};

// The proposal and the event that records it (storage refuses a change without one).
absl::Status InsertRecorded(Tx& tx, const Modification& m) {
  if (auto s = InsertModification(tx, m); !s.ok()) return s;
  StoredEvent e;
  e.resource = absl::StrCat("modifications/", m.reference);
  e.kind = "raise";
  e.effective_date = "2017-04-10";
  e.principal = "test";
  return AppendEvent(tx, e);
}

TEST_P(RegisterStoreTest, MigratingAgainAppliesNothing) {
  absl::StatusOr<std::vector<int>> again = store().Migrate();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_TRUE(again->empty());
}

// A rollback onto a schema a newer secd migrated is refused, naming the way out, and changes
// nothing.
TEST_P(RegisterStoreTest, ASchemaFromANewerSecdIsRefused) {
  ASSERT_TRUE(store()
                  .Write([](Tx& tx) {
                    return tx.Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                                   "VALUES (9999, 'from the future', '2030-01-01')",
                                   {})
                        .status();
                  })
                  .ok());
  absl::StatusOr<std::vector<int>> again = store().Migrate();
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(std::string(again.status().message()),
              ::testing::AllOf(::testing::HasSubstr("migration 9999"),
                               ::testing::HasSubstr("restore the backup")));
}

TEST_P(RegisterStoreTest, PartyRoundTripDuplicateAndStaleVersion) {
  ASSERT_TRUE(store().Write([](Tx& tx) { return InsertParty(tx, MakeParty("british-gas")); }).ok());
  absl::Status dup = store().Write([](Tx& tx) { return InsertParty(tx, MakeParty("british-gas")); });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;

  Party updated = MakeParty("british-gas");
  updated.display_name = "British Gas plc";
  updated.version = 2;
  ASSERT_TRUE(store().Write([&](Tx& tx) { return UpdateParty(tx, updated, 1); }).ok());
  Party stale = updated;
  stale.display_name = "Lost update";
  stale.version = 2;
  absl::Status s = store().Write([&](Tx& tx) { return UpdateParty(tx, stale, 1); });
  EXPECT_TRUE(absl::IsAborted(s)) << s;

  ASSERT_TRUE(store().Read([](Tx& tx) -> absl::Status {
    absl::StatusOr<Party> p = GetParty(tx, "british-gas");
    if (!p.ok()) return p.status();
    EXPECT_EQ(p->display_name, "British Gas plc");
    EXPECT_EQ(p->version, 2);
    EXPECT_TRUE(absl::IsNotFound(GetParty(tx, "nobody").status()));
    return absl::OkStatus();
  }).ok());
}

TEST_P(RegisterStoreTest, ModificationKeepsEveryFieldVerbatim) {
  Modification m = MakeModification(34, "british-gas");
  m.title = "Robert'); DROP TABLE modifications;-- «ünïcode» 100% _x_";
  m.intended_changes = {"line one\nline two", "back\\slash", ""};
  m.sections = {"D", "A"};
  m.suspended_from = ModStatus::kRefinement;
  m.status = ModStatus::kSuspended;
  m.path = ModPath::kPath3;
  m.fast_track = true;
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    if (auto s = InsertParty(tx, MakeParty("british-gas")); !s.ok()) return s;
    return InsertRecorded(tx, m);
  }).ok());
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<Modification> got = GetModification(tx, "SECMP0034");
    if (!got.ok()) return got.status();
    EXPECT_EQ(got->title, m.title);
    EXPECT_EQ(got->intended_changes, m.intended_changes);
    EXPECT_EQ(got->sections, m.sections);
    EXPECT_EQ(got->status, ModStatus::kSuspended);
    EXPECT_EQ(got->suspended_from, ModStatus::kRefinement);
    EXPECT_EQ(got->path, ModPath::kPath3);
    EXPECT_TRUE(got->fast_track);
    EXPECT_EQ(got->date_raised, m.date_raised);
    return absl::OkStatus();
  }).ok());
}

TEST_P(RegisterStoreTest, ARefusedTransactionChangesNothing) {
  absl::Status s = store().Write([](Tx& tx) -> absl::Status {
    if (auto st = InsertParty(tx, MakeParty("british-gas")); !st.ok()) return st;
    StoredEvent e;
    e.resource = "parties/british-gas";
    e.kind = "create";
    e.effective_date = "2017-04-10";
    if (auto st = AppendEvent(tx, e); !st.ok()) return st;
    return absl::FailedPreconditionError("refused after writing");
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(s));
  ASSERT_TRUE(store().Read([](Tx& tx) -> absl::Status {
    EXPECT_TRUE(absl::IsNotFound(GetParty(tx, "british-gas").status()));
    absl::StatusOr<int64_t> max = MaxEventSequence(tx);
    EXPECT_TRUE(max.ok());
    EXPECT_EQ(*max, 0);
    return absl::OkStatus();
  }).ok());
}

TEST_P(RegisterStoreTest, FiltersOrderAndKeysetPaging) {
  ASSERT_TRUE(store().Write([](Tx& tx) -> absl::Status {
    if (auto s = InsertParty(tx, MakeParty("british-gas")); !s.ok()) return s;
    if (auto s = InsertParty(tx, MakeParty("edf-energy")); !s.ok()) return s;
    for (int n = 1; n <= 30; ++n) {
      Modification m = MakeModification(n, n % 5 == 0 ? "edf-energy" : "british-gas");
      if (n == 7) m.title = "Firmware 100%_done";
      if (auto s = InsertRecorded(tx, m); !s.ok()) return s;
    }
    return absl::OkStatus();
  }).ok());

  auto list = [&](ModificationQuery q) {
    std::vector<std::string> refs;
    int64_t total = -1;
    EXPECT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
      while (true) {
        absl::StatusOr<ModificationPage> page = ListModifications(tx, q);
        if (!page.ok()) return page.status();
        total = page->total;
        for (const auto& m : page->rows) refs.push_back(m.reference);
        if (static_cast<int>(page->rows.size()) < q.limit) return absl::OkStatus();
        q.after_key = ModificationSortKey(page->rows.back(), q.order);
      }
    }).ok());
    return std::make_pair(refs, total);
  };

  ModificationQuery q;
  q.limit = 4;
  auto [all, total] = list(q);
  EXPECT_EQ(total, 30);
  ASSERT_EQ(all.size(), 30u);
  EXPECT_EQ(all.front(), "SECMP0001");
  EXPECT_EQ(all.back(), "SECMP0030");
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), 30u);

  q.order = ModificationOrder::kDateRaised;
  q.descending = true;
  auto [desc, _] = list(q);
  ASSERT_EQ(desc.size(), 30u);
  EXPECT_EQ(desc.front(), "SECMP0030");

  ModificationQuery by_section;
  by_section.filter = {{"section", FilterKind::kString, FilterOp::kEq, "D"}};
  auto [d_refs, d_total] = list(by_section);
  EXPECT_EQ(d_total, 10);
  EXPECT_EQ(d_refs.front(), "SECMP0003");

  ModificationQuery combined;
  combined.filter = {{"status", FilterKind::kEnum, FilterOp::kEq, "REFINEMENT"},
                     {"proposer", FilterKind::kString, FilterOp::kEq, "edf-energy"},
                     {"date_raised", FilterKind::kDate, FilterOp::kLe, "2017-01-20"}};
  EXPECT_THAT(list(combined).first, ElementsAre("SECMP0005", "SECMP0015"));

  // LIKE wildcards in the search text are literal characters.
  ModificationQuery title;
  title.filter = {{"title", FilterKind::kString, FilterOp::kHas, "100%_d"}};
  EXPECT_THAT(list(title).first, ElementsAre("SECMP0007"));
  ModificationQuery wildcard;
  wildcard.filter = {{"title", FilterKind::kString, FilterOp::kHas, "%"}};
  EXPECT_THAT(list(wildcard).first, ElementsAre("SECMP0007"));
}

TEST_P(RegisterStoreTest, EventSequencesAreGapFreeAndFilterable) {
  ASSERT_TRUE(store().Write([](Tx& tx) -> absl::Status {
    for (int i = 0; i < 5; ++i) {
      StoredEvent e;
      e.resource = i % 2 ? "parties/x" : "modifications/SECMP0001";
      e.kind = "k";
      e.effective_date = "2017-04-10";
      e.status = "SUBMITTED";
      if (auto s = AppendEvent(tx, e); !s.ok()) return s;
      EXPECT_EQ(e.sequence, i + 1);
    }
    return absl::OkStatus();
  }).ok());
  ASSERT_TRUE(store().Read([](Tx& tx) -> absl::Status {
    auto mods = ListEventsForResource(tx, "modifications/SECMP0001", 0, 100);
    EXPECT_TRUE(mods.ok());
    EXPECT_EQ(mods->size(), 3u);
    EXPECT_EQ((*mods)[0].status, "SUBMITTED");
    auto since = ListEventsBetween(tx, 2, 1000, 100);
    EXPECT_EQ(since->size(), 3u);
    EXPECT_EQ(since->front().sequence, 3);
    auto bounded = ListEventsBetween(tx, 1, 4, 100);
    EXPECT_EQ(bounded->size(), 3u);
    EXPECT_EQ(bounded->back().sequence, 4);
    return absl::OkStatus();
  }).ok());
}

TEST_P(RegisterStoreTest, ConcurrentCounterBumpsNeverDuplicateOrSkip) {
  constexpr int kThreads = 8, kEach = 15;
  std::vector<std::vector<int64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        absl::Status s = store().Write([&](Tx& tx) -> absl::Status {
          absl::StatusOr<int64_t> n = NextCounter(tx, "modification_ref");
          if (!n.ok()) return n.status();
          got[t].push_back(*n);
          return absl::OkStatus();
        });
        EXPECT_TRUE(s.ok()) << s;
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<int64_t> all;
  for (const auto& v : got) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kEach);
}

TEST_P(RegisterStoreTest, RequestsAndHolidaysRoundTrip) {
  const std::string binary("\x00\x01\xff response", 12);
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    if (auto s = PutRequest(tx, "req-1", {"CreateParty", "admin", binary, "fingerprint"}, 1); !s.ok()) return s;
    if (auto s = PutHoliday(tx, {Date(2017, 4, 14), "Good Friday"}); !s.ok()) return s;
    return PutHoliday(tx, {Date(2017, 4, 17), "Easter Monday"});
  }).ok());
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    auto r = GetRequest(tx, "req-1");
    EXPECT_TRUE(r.ok() && r->has_value());
    EXPECT_EQ((*r)->response, binary);
    EXPECT_FALSE(GetRequest(tx, "req-2")->has_value());
    absl::StatusOr<WorkingDayCalendar> cal = LoadWorkingDayCalendar(tx);
    EXPECT_TRUE(cal.ok());
    EXPECT_EQ(cal->AddWorkingDays(Date(2017, 4, 13), 1), Date(2017, 4, 18));
    return absl::OkStatus();
  }).ok());
  absl::Status dup = store().Write(
      [&](Tx& tx) { return PutRequest(tx, "req-1", {"CreateParty", "admin", "x", "fingerprint"}, 2); });
  EXPECT_TRUE(absl::IsAlreadyExists(dup)) << dup;
}

// SPEC 4: working days skip the England and Wales bank holidays, from the first start.
TEST_P(RegisterStoreTest, ANewStoreHasTheEnglandAndWalesBankHolidays) {
  std::ifstream in(SEC_SOURCE_DIR "/data/bank-holidays-england-wales.csv");
  std::ostringstream text;
  text << in.rdbuf();
  absl::StatusOr<std::vector<Holiday>> shipped = ParseHolidayCsv(text.str());
  ASSERT_TRUE(shipped.ok()) << shipped.status();
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<Holiday>> stored = ListHolidays(tx);
    EXPECT_TRUE(stored.ok()) << stored.status();
    EXPECT_EQ(stored->size(), shipped->size());
    if (stored->empty()) return absl::NotFoundError("a new store has no holidays");
    for (size_t i = 0; i < std::min(stored->size(), shipped->size()); ++i) {
      EXPECT_EQ((*stored)[i].date, (*shipped)[i].date);
      EXPECT_EQ((*stored)[i].name, (*shipped)[i].name);
    }
    EXPECT_EQ(stored->front().date, Date(2010, 1, 1));
    EXPECT_EQ(stored->back().date, Date(2035, 12, 26));
    absl::StatusOr<WorkingDayCalendar> cal = LoadWorkingDayCalendar(tx);
    EXPECT_TRUE(cal->IsHoliday(Date(2017, 4, 14)));  // Good Friday
    EXPECT_TRUE(cal->IsHoliday(Date(2017, 4, 17)));  // Easter Monday
    EXPECT_TRUE(cal->IsHoliday(Date(2022, 6, 3)));   // Platinum Jubilee
    EXPECT_TRUE(cal->IsHoliday(Date(2023, 5, 8)));   // the coronation
    EXPECT_EQ(cal->AddWorkingDays(Date(2017, 4, 12), 3), Date(2017, 4, 19));
    return absl::OkStatus();
  }).ok());
  // Replaced by an operator's calendar: nothing of the default is left.
  ASSERT_TRUE(store().Write([](Tx& tx) -> absl::Status {
    SEC_RETURN_IF_ERROR(DeleteAllHolidays(tx));
    return PutHoliday(tx, {Date(2017, 11, 30), "St Andrew's Day"});
  }).ok());
  ASSERT_TRUE(store().Read([](Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<Holiday>> stored = ListHolidays(tx);
    EXPECT_EQ(stored->size(), 1u);
    EXPECT_EQ(stored->front().date, Date(2017, 11, 30));
    return absl::OkStatus();
  }).ok());
}

SEC_INSTANTIATE_BACKENDS(RegisterStoreTest);

}  // namespace
}  // namespace sec::storage
