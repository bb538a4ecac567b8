// Seeds an embedded (SQLite) store for the ListModifications and GetModification benchmarks:
// N proposals and E events, through the storage layer itself (the same schema, statements and
// encodings secd writes: InsertModification, AppendEvent with the service's JSON rendering), in
// big transactions so it takes seconds, not hours. A figure-producing tool, never a test.
//
//   seed_store --database=sqlite:PATH --proposals=100000 --events=1000000
//
// The register's references are SECMP + four digits, so secd itself can raise at most 9,999
// proposals; rows above that use the same format widened (SECMP10000, ...) exactly as
// FormatReference prints them. They count and list like any other row; GetModification reaches
// only SECMP0001..SECMP9999, which is what the Get benchmark asks for.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "domain/lifecycle.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "service/register_convert.h"
#include "service/call.h"
#include "domain/etag.h"
#include "storage/open/open_store.h"
#include "storage/register_queries.h"
#include "storage/register_store.h"

ABSL_FLAG(std::string, database, "", "sqlite:PATH (created) or mysql://...");
ABSL_FLAG(int, proposals, 100000, "proposals to create");
ABSL_FLAG(int, events, 1000000, "history events in all (at least one per proposal)");
ABSL_FLAG(int, batch, 2000, "proposals per transaction");

namespace sec {
namespace {

constexpr int kParties = 40;

std::string PartyId(int i) { return absl::StrCat("bench-party-", i); }

// Proposal text of the size the reference paper's proposals have (a title line, a paragraph of
// problem statement, two intended changes, one or two sections).
Modification MakeProposal(int n, int64_t now_us) {
  Modification m;
  m.reference = FormatReference(n);
  m.title = absl::StrCat("Changes to the DCC User Interface Specification for firmware batch ", n);
  m.proposer = PartyId(n % kParties);
  m.date_raised = absl::CivilDay(2014, 1, 1) + (n % 1200);
  m.status = static_cast<ModStatus>(n % 11);  // every status but SUSPENDED
  m.path = m.status == ModStatus::kSubmitted ? ModPath::kUnset : static_cast<ModPath>(1 + n % 3);
  m.fast_track = n % 17 == 0;
  m.urgent = n % 23 == 0;
  m.sections = {std::string(1, static_cast<char>('A' + n % 24))};
  if (n % 3 == 0) m.sections.push_back("H");
  m.problem_statement = absl::StrCat(
      "Proposal ", n,
      ": the current arrangements for Smart Metering Equipment firmware updates "
      "leave Parties unable to schedule batches outside the DCC's maintenance windows, which "
      "delays security fixes. This proposal changes Section H so that batches can be scheduled.");
  m.intended_changes = {"Amend Section H 8.3 to allow scheduled batches",
                        "Add a new Appendix describing the scheduling interface"};
  m.comment = n % 5 == 0 ? "date raised assumed" : "";
  m.version = 1;
  m.create_time_us = m.update_time_us = now_us;
  return m;
}

// storage::InsertModification for the references secd can make; beyond SECMP9999 (which
// it refuses) the same insert with the number given.
absl::Status InsertRow(storage::Tx& tx, const Modification& m, int n) {
  if (n <= 9999) return storage::InsertModification(tx, m);
  return storage::InsertNumberedModification(tx, m, n);
}

int Run() {
  const std::string url = absl::GetFlag(FLAGS_database);
  const int proposals = absl::GetFlag(FLAGS_proposals);
  const int events = proposals > 0 ? std::max(absl::GetFlag(FLAGS_events), proposals) : 0;
  const int batch = absl::GetFlag(FLAGS_batch);
  const char* pw = std::getenv("SECD_DATABASE_PASSWORD");
  absl::StatusOr<std::unique_ptr<storage::Store>> store = storage::OpenStore(url, pw ? pw : "");
  if (!store.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", std::string(store.status().message()).c_str());
    return 1;
  }
  if (auto m = (*store)->Migrate(); !m.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", std::string(m.status().message()).c_str());
    return 1;
  }
  service::ServiceEnv env;
  const Principal who{"bench-seed", {Role::kSecas}, "", std::nullopt};
  const absl::Time start = absl::Now();
  absl::Status s = (*store)->Write([&](storage::Tx& tx) -> absl::Status {
    for (int i = 0; i < kParties; ++i) {
      Party p;
      p.id = PartyId(i);
      p.display_name = absl::StrCat("Bench Energy Supplier ", i);
      p.category = PartyCategory::kLargeSupplier;
      p.version = 1;
      p.create_time_us = p.update_time_us = env.NowMicros();
      if (auto st = storage::InsertParty(tx, p); !st.ok()) return st;
    }
    return absl::OkStatus();
  });
  // Events: one "raise" per proposal, the rest spread evenly as updates (before/after JSON).
  const int per = proposals > 0 ? events / proposals : 0;
  int extra = proposals > 0 ? events % proposals : 0;
  for (int first = 1; s.ok() && first <= proposals; first += batch) {
    const int last = std::min(proposals, first + batch - 1);
    s = (*store)->Write([&](storage::Tx& tx) -> absl::Status {
      for (int n = first; n <= last; ++n) {
        Modification m = MakeProposal(n, env.NowMicros());
        if (auto st = InsertRow(tx, m, n); !st.ok()) return st;
        v1::Modification after = service::ToProto(m);
        storage::StoredEvent raise = service::NewEvent(who, env.NowMicros(), after.name(), "raise",
                                                       m.date_raised, nullptr, &after);
        raise.status = StatusCode(m.status);
        if (auto st = storage::AppendEvent(tx, raise); !st.ok()) return st;
        const int updates = per - 1 + (extra > 0 ? 1 : 0);
        if (extra > 0) --extra;
        for (int u = 0; u < updates; ++u) {
          const v1::Modification before = after;
          after.set_comment(absl::StrCat("update ", u + 1));
          after.set_etag(FormatEtag(u + 2));
          storage::StoredEvent e = service::NewEvent(who, env.NowMicros(), after.name(), "update",
                                                     m.date_raised, &before, &after);
          e.status = StatusCode(m.status);
          if (auto st = storage::AppendEvent(tx, e); !st.ok()) return st;
        }
      }
      if (last >= proposals) {
        // Leave the next raise where secd would put it (it refuses past 9999).
        return storage::RaiseCounter(tx, "modification_ref", std::min(proposals, 9999));
      }
      return absl::OkStatus();
    });
  }
  if (!s.ok()) {
    std::fprintf(stderr, "seed_store: %s\n", std::string(s.message()).c_str());
    return 1;
  }
  std::printf("seeded %d proposals, %d events in %.1f s\n", proposals, events,
              absl::ToDoubleSeconds(absl::Now() - start));
  return 0;
}

}  // namespace
}  // namespace sec

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  return sec::Run();
}
