// The storage conformance suite for credit cover: every test runs on SQLite and on MariaDB.
#include "storage/credit_store.h"

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "storage/dialect.h"
#include "storage/register_store.h"
#include "support/test_support.h"

namespace sec::storage {
namespace {

using ::sec::testing::BackendTest;

class CreditStoreTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(store().Write([](Tx& tx) -> absl::Status {
      for (const char* id : {"alpha", "bravo", "charlie"}) {
        Party p;
        p.id = id;
        p.display_name = id;
        p.category = PartyCategory::kSmallSupplier;
        p.version = 1;
        if (auto s = InsertParty(tx, p); !s.ok()) return s;
      }
      return absl::OkStatus();
    }).ok());
  }

  absl::Status AddCharge(const std::string& party, Date invoice, int64_t pence) {
    return store().Write([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> seq = NextCreditSeq(tx);
      if (!seq.ok()) return seq.status();
      StoredCharge c;
      c.seq = *seq;
      c.charge = {party, absl::StrCat(invoice.year(), "-0", invoice.month()), invoice, pence};
      return InsertCharge(tx, c);
    });
  }

  absl::Status AddAssessment(const std::string& party, Date effective, std::string rating,
                             int64_t mcv) {
    return store().Write([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> seq = NextCreditSeq(tx);
      if (!seq.ok()) return seq.status();
      StoredAssessment a;
      a.seq = *seq;
      a.assessment = {party, effective, rating, std::nullopt, mcv};
      return InsertAssessment(tx, a);
    });
  }

  absl::StatusOr<int64_t> Lodge(const std::string& party, int64_t pence, Date from,
                                std::optional<Date> to) {
    int64_t id = 0;
    absl::Status s = store().Write([&](Tx& tx) -> absl::Status {
      absl::StatusOr<int64_t> seq = NextCreditSeq(tx);
      if (!seq.ok()) return seq.status();
      StoredInstrument i;
      i.seq = id = *seq;
      i.instrument = {absl::StrCat(*seq), party, InstrumentKind::kBankGuarantee, pence, "Bank",
                      from, to};
      return InsertInstrument(tx, i);
    });
    if (!s.ok()) return s;
    return id;
  }
};

TEST_P(CreditStoreTest, PolicyInForceIsTheLatestOnOrBeforeTheDate) {
  CreditPolicy old_rules = DefaultCreditPolicy();
  old_rules.id = "sec-5-5";
  old_rules.effective_date = Date(2016, 11, 1);
  old_rules.allowance_basis = AllowanceBasis::kValueAtRisk;
  CreditPolicy new_rules = DefaultCreditPolicy();
  new_rules.id = "sec-5-6";
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    if (auto s = InsertPolicy(tx, {old_rules, "", 0}); !s.ok()) return s;
    return InsertPolicy(tx, {new_rules, "", 0});
  }).ok());
  CreditPolicy same_day = DefaultCreditPolicy();
  same_day.id = "clash";
  absl::Status clash = store().Write([&](Tx& tx) { return InsertPolicy(tx, {same_day, "", 0}); });
  EXPECT_TRUE(absl::IsAlreadyExists(clash)) << clash;

  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(PolicyInForce(tx, Date(2017, 3, 31))->policy.id, "sec-5-5");
    EXPECT_EQ(PolicyInForce(tx, Date(2017, 4, 1))->policy.id, "sec-5-6");
    EXPECT_TRUE(absl::IsFailedPrecondition(PolicyInForce(tx, Date(2016, 10, 31)).status()));
    absl::StatusOr<StoredPolicy> got = GetPolicy(tx, "sec-5-5");
    EXPECT_TRUE(got.ok());
    EXPECT_EQ(got->policy.allowance_basis, AllowanceBasis::kValueAtRisk);
    EXPECT_EQ(got->policy.rating_factors.size(), old_rules.rating_factors.size());
    EXPECT_EQ(got->policy.score_bands.size(), old_rules.score_bands.size());
    return absl::OkStatus();
  }).ok());
}

TEST_P(CreditStoreTest, InputsAreTheLatestRecordsAndTheInstrumentsInForce) {
  ASSERT_TRUE(AddCharge("alpha", Date(2017, 2, 28), 1000).ok());
  ASSERT_TRUE(AddCharge("alpha", Date(2017, 3, 31), 2000).ok());
  ASSERT_TRUE(AddCharge("alpha", Date(2017, 4, 30), 3000).ok());
  ASSERT_TRUE(AddAssessment("alpha", Date(2017, 1, 1), "BBB", 500).ok());
  ASSERT_TRUE(AddAssessment("alpha", Date(2017, 4, 11), "AAA", 900).ok());
  ASSERT_TRUE(Lodge("alpha", 100, Date(2017, 1, 1), std::nullopt).ok());
  ASSERT_TRUE(Lodge("alpha", 200, Date(2017, 1, 1), Date(2017, 4, 9)).ok());  // expired
  ASSERT_TRUE(Lodge("alpha", 400, Date(2017, 4, 10), Date(2017, 4, 10)).ok());
  ASSERT_TRUE(AddCharge("bravo", Date(2017, 4, 1), 777).ok());

  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    absl::StatusOr<CreditInputs> in = LoadPartyInputs(tx, "alpha", Date(2017, 4, 10));
    if (!in.ok()) return in.status();
    EXPECT_EQ(in->charge->amount_pence, 2000);
    EXPECT_EQ(in->assessment->rating, "BBB");
    int64_t lodged = 0;
    for (const auto& i : in->instruments) lodged += i.InForceOn(Date(2017, 4, 10)) ? i.amount_pence : 0;
    EXPECT_EQ(lodged, 500);

    // The set-based portfolio load agrees with the per-party load for every party.
    absl::StatusOr<PortfolioInputs> all = LoadPortfolioInputs(tx, Date(2017, 4, 10));
    if (!all.ok()) return all.status();
    EXPECT_EQ(all->inputs.at("alpha").charge->amount_pence, 2000);
    EXPECT_EQ(all->inputs.at("alpha").assessment->mcv_pence, 500);
    EXPECT_EQ(all->inputs.at("bravo").charge->amount_pence, 777);
    EXPECT_FALSE(all->inputs.at("bravo").assessment.has_value());
    EXPECT_EQ(all->inputs.count("charlie"), 0u);
    return absl::OkStatus();
  }).ok());
}

TEST_P(CreditStoreTest, InstrumentUpdatesCheckTheVersion) {
  absl::StatusOr<int64_t> id = Lodge("charlie", 5000, Date(2017, 1, 1), std::nullopt);
  ASSERT_TRUE(id.ok()) << id.status();
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    absl::StatusOr<StoredInstrument> i = GetInstrument(tx, *id);
    if (!i.ok()) return i.status();
    i->instrument.amount_pence = 6000;
    i->version = 2;
    return UpdateInstrument(tx, *i, 1);
  }).ok());
  absl::Status stale = store().Write([&](Tx& tx) -> absl::Status {
    absl::StatusOr<StoredInstrument> i = GetInstrument(tx, *id);
    if (!i.ok()) return i.status();
    i->instrument.amount_pence = 1;
    return UpdateInstrument(tx, *i, 1);
  });
  EXPECT_TRUE(absl::IsAborted(stale)) << stale;
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(GetInstrument(tx, *id)->instrument.amount_pence, 6000);
    return absl::OkStatus();
  }).ok());
}

// Migration 0007 gives instruments withdrawn by earlier versions (valid_to left as lodged) the
// valid_to a withdrawal now sets: the day before it, unless they ended earlier.
TEST_P(CreditStoreTest, MigrationSevenEndsEarlierWithdrawalsTheDayBefore) {
  absl::StatusOr<int64_t> open_ended = Lodge("alpha", 5000, Date(2017, 1, 1), std::nullopt);
  absl::StatusOr<int64_t> dated = Lodge("alpha", 5000, Date(2017, 1, 1), Date(2017, 2, 1));
  absl::StatusOr<int64_t> kept = Lodge("alpha", 5000, Date(2017, 1, 1), std::nullopt);
  ASSERT_TRUE(open_ended.ok() && dated.ok() && kept.ok());
  ASSERT_TRUE(store().Write([&](Tx& tx) -> absl::Status {
    for (int64_t id : {*open_ended, *dated}) {  // withdrawn as before: valid_to untouched
      SEC_ASSIGN_OR_RETURN(StoredInstrument i, GetInstrument(tx, id));
      i.state = InstrumentState::kWithdrawn;
      i.withdraw_date = Date(2017, 4, 10);
      i.version = 2;
      SEC_RETURN_IF_ERROR(UpdateInstrument(tx, i, 1));
    }
    for (const Migration& m : EmbeddedMigrations(tx.dialect().name)) {
      if (m.version == 7) return tx.conn().ExecScript(m.sql);
    }
    return absl::NotFoundError("migration 7");
  }).ok());
  ASSERT_TRUE(store().Read([&](Tx& tx) -> absl::Status {
    EXPECT_EQ(GetInstrument(tx, *open_ended)->instrument.valid_to, Date(2017, 4, 9));
    EXPECT_EQ(GetInstrument(tx, *dated)->instrument.valid_to, Date(2017, 2, 1));
    EXPECT_EQ(GetInstrument(tx, *kept)->instrument.valid_to, std::nullopt);
    return absl::OkStatus();
  }).ok());
}

SEC_INSTANTIATE_BACKENDS(CreditStoreTest);

}  // namespace
}  // namespace sec::storage
