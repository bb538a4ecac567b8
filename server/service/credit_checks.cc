// CreditCoverServiceImpl: the daily credit check, breach notices and events of default.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/calendar.h"
#include "domain/credit.h"
#include "domain/page_token.h"
#include "service/credit_convert.h"
#include "domain/errors.h"
#include "service/enums.h"
#include "service/handlers.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/credit_store.h"

namespace sec::service {

namespace {

// One page of breach notices (or of the Events of Default raised on them), of the call's party
// or, for the DCC and SECAS naming none, of every party.
template <typename Emit>
absl::Status ListNoticeRows(Call& call, std::optional<NoticeState> state, bool defaulted_only,
                            int page_size, const std::string& page_token, std::string* next_token,
                            Emit emit) {
  storage::NoticeQuery q;
  q.party = call.party();
  q.state = state;
  q.defaulted_only = defaulted_only;
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(page_size, kCreditPageSize, kCreditMaxPageSize));
  const std::string query =
      absl::StrCat(defaulted_only ? "defaults|" : "notices|", q.party, "|",
                   state ? NoticeStateCode(*state) : "");
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, page_token));
  if (cursor.last_key.size() == 2) {
    q.after_party = cursor.last_key[0];
    q.after_date = cursor.last_key[1];
  }
  q.limit = size + 1;
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<bool> {
               SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredNotice> rows,
                                    storage::ListNotices(tx, q));
               const bool more = static_cast<int>(rows.size()) > size;
               if (more) rows.pop_back();
               for (const storage::StoredNotice& n : rows) emit(n);
               if (more) {
                 *next_token = EncodePageToken(
                     query, {{rows.back().party, FormatDate(rows.back().notice_date)}});
               }
               return true;
             })
      .status();
}

// The daily check in one transaction: the domain decides per party, this applies it.
absl::StatusOr<v1::RunCreditCheckResponse> Check(const Call& call, storage::Tx& tx, Date d) {
  v1::RunCreditCheckResponse out;
  SEC_ASSIGN_OR_RETURN(std::optional<std::string> done, storage::GetCheck(tx, d));
  if (done.has_value()) {
    if (!out.ParseFromString(*done)) return absl::DataLossError("stored credit check");
    out.set_already_run(true);
    return out;
  }
  SEC_ASSIGN_OR_RETURN(std::optional<Date> last, storage::LastCheckDate(tx));
  if (last.has_value() && d < *last) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the credit check has already run for ", FormatDate(*last), "; checks run in date order, so ",
        FormatDate(d), " can no longer be checked"));
  }
  SEC_ASSIGN_OR_RETURN(storage::StoredPolicy policy, storage::PolicyInForce(tx, d));
  SEC_ASSIGN_OR_RETURN(WorkingDayCalendar calendar, storage::LoadWorkingDayCalendar(tx));
  SEC_ASSIGN_OR_RETURN(PortfolioRun run, RunPortfolio(tx, policy.policy, d));
  SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredNotice> open, storage::OpenNotices(tx));
  std::map<std::string, storage::StoredNotice> open_by_party;
  for (storage::StoredNotice& n : open) {
    // The latest open notice is the one that counts (there is at most one in practice).
    open_by_party[n.party] = std::move(n);
  }
  out.set_date(FormatDate(d));
  for (size_t i = 0; i < run.parties.size(); ++i) {
    const std::string& party = run.parties[i].id;
    if (!run.results[i].ok()) {
      // One party's bad records stop nobody else's check.
      v1::CreditCheckSkipped* skipped = out.add_skipped();
      skipped->set_party(PartyName(party));
      skipped->set_reason(std::string(run.results[i].status().message()));
      continue;
    }
    const int64_t shortfall = run.results[i]->shortfall_pence;
    std::optional<OpenBreachNotice> current;
    auto it = open_by_party.find(party);
    if (it != open_by_party.end()) {
      current = OpenBreachNotice{it->second.notice_date, it->second.cure_deadline,
                                 it->second.default_date.has_value()};
    }
    absl::StatusOr<CreditCheckDecision> decision = DecideCreditCheck(d, shortfall, current, calendar);
    if (!decision.ok()) return Prefixed(decision.status(), absl::StrCat("parties/", party, ": "));
    if (decision->action == CreditCheckAction::kNothing) continue;
    v1::CreditCheckAction* action = out.add_actions();
    action->set_party(PartyName(party));
    action->set_shortfall_pence(shortfall);
    action->set_cure_deadline(FormatDate(decision->cure_deadline));
    action->set_kind(CheckActionEnum().ToProto(decision->action));
    storage::StoredNotice notice;
    std::string kind;
    std::string resource;
    std::optional<v1::BreachNotice> before;
    switch (decision->action) {
      case CreditCheckAction::kIssueNotice:
        notice.party = party;
        notice.notice_date = d;
        notice.cure_deadline = decision->cure_deadline;
        notice.shortfall_pence = shortfall;
        SEC_RETURN_IF_ERROR(storage::InsertNotice(tx, notice));
        out.set_notices_issued(out.notices_issued() + 1);
        kind = "breach_notice";
        break;
      case CreditCheckAction::kRaiseEventOfDefault:
        before = ToNoticeProto(it->second);
        notice = it->second;
        notice.default_date = d;
        notice.default_pence = shortfall;
        SEC_RETURN_IF_ERROR(storage::UpdateNotice(tx, notice));
        out.set_defaults_raised(out.defaults_raised() + 1);
        kind = "event_of_default";
        resource = ToDefaultProto(notice).name();
        break;
      case CreditCheckAction::kMarkCured:
        before = ToNoticeProto(it->second);
        notice = it->second;
        notice.state = NoticeState::kCured;
        notice.cured_date = d;
        SEC_RETURN_IF_ERROR(storage::UpdateNotice(tx, notice));
        out.set_notices_cured(out.notices_cured() + 1);
        kind = "cure";
        break;
      case CreditCheckAction::kNothing:
        break;
    }
    const v1::BreachNotice after = ToNoticeProto(notice);
    action->set_notice(after.name());
    if (resource.empty()) resource = after.name();
    storage::StoredEvent e = call.Event(resource, kind, d, before ? &*before : nullptr, &after);
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
  }
  SEC_RETURN_IF_ERROR(
      storage::InsertCheck(tx, d, out.SerializeAsString(), call.who().name, call.NowMicros()));
  return out;
}

}  // namespace

absl::StatusOr<v1::RunCreditCheckResponse> RunCreditCheck(Call& call,
                                                          const v1::RunCreditCheckRequest& req) {
  SEC_ASSIGN_OR_RETURN(Date d, call.DateOrToday(req.date(), "date"));
  return call.Write([&](storage::Tx& tx) { return Check(call, tx, d); });
}

absl::StatusOr<v1::ListBreachNoticesResponse> ListBreachNotices(
    Call& call, const v1::ListBreachNoticesRequest& req) {
  std::optional<NoticeState> state;
  if (req.state() == v1::BREACH_NOTICE_STATE_OPEN) state = NoticeState::kOpen;
  if (req.state() == v1::BREACH_NOTICE_STATE_CURED) state = NoticeState::kCured;
  v1::ListBreachNoticesResponse out;
  SEC_RETURN_IF_ERROR(ListNoticeRows(call, state, false, req.page_size(), req.page_token(),
                                     out.mutable_next_page_token(),
                                     [&](const storage::StoredNotice& n) {
                                       *out.add_notices() = ToNoticeProto(n);
                                     }));
  return out;
}

absl::StatusOr<v1::ListDefaultsResponse> ListDefaults(Call& call,
                                                      const v1::ListDefaultsRequest& req) {
  // A default is outstanding while its notice is open, remedied once the notice is cured.
  std::optional<NoticeState> state;
  if (req.state() == v1::DEFAULT_STATE_OUTSTANDING) state = NoticeState::kOpen;
  if (req.state() == v1::DEFAULT_STATE_REMEDIED) state = NoticeState::kCured;
  v1::ListDefaultsResponse out;
  SEC_RETURN_IF_ERROR(ListNoticeRows(call, state, true, req.page_size(), req.page_token(),
                                     out.mutable_next_page_token(),
                                     [&](const storage::StoredNotice& n) {
                                       *out.add_defaults() = ToDefaultProto(n);
                                     }));
  return out;
}

}  // namespace sec::service
