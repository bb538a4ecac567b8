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
#include "service/credit_service_impl.h"
#include "service/credit_service_internal.h"
#include "service/register_convert.h"
#include "storage/calendar_store.h"
#include "storage/credit_store.h"

namespace sec::service {

// ---- Breach and default ------------------------------------------------------------------------

grpc::Status CreditCoverServiceImpl::RunCreditCheck(grpc::ServerContext* ctx,
                                                    const v1::RunCreditCheckRequest* req,
                                                    v1::RunCreditCheckResponse* resp) {
  return HandleRpc(env_, ctx, kService, "RunCreditCheck", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
                     if (auto s = RequireWriter(who, "running the credit check"); !s.ok()) return s;
                     absl::StatusOr<Date> d = DateOrToday(env_, req->date(), "date");
                     if (!d.ok()) return d.status();
                     return IdempotentWrite(
                         env_, "RunCreditCheck", req->request_id(), who, resp,
                         [&](storage::Tx& tx) { return Check(tx, who, *d, resp); });
                   });
}

grpc::Status CreditCoverServiceImpl::ListBreachNotices(grpc::ServerContext* ctx,
                                                       const v1::ListBreachNoticesRequest* req,
                                                       v1::ListBreachNoticesResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListBreachNotices", "", [&](const Principal& who) -> absl::Status {
        std::string state;
        if (req->state() == v1::BREACH_NOTICE_STATE_OPEN) state = storage::kNoticeOpen;
        if (req->state() == v1::BREACH_NOTICE_STATE_CURED) state = storage::kNoticeCured;
        return ListNoticeRows(who, req->parent(), state, false, req->page_size(), req->page_token(),
                              resp->mutable_next_page_token(), [&](const storage::StoredNotice& n) {
                                *resp->add_notices() = ToNoticeProto(n);
                              });
      });
}

grpc::Status CreditCoverServiceImpl::ListDefaults(grpc::ServerContext* ctx,
                                                  const v1::ListDefaultsRequest* req,
                                                  v1::ListDefaultsResponse* resp) {
  return HandleRpc(
      env_, ctx, kService, "ListDefaults", "", [&](const Principal& who) -> absl::Status {
        // A default is outstanding while its notice is open, remedied once the notice is cured.
        std::string state;
        if (req->state() == v1::DEFAULT_STATE_OUTSTANDING) state = storage::kNoticeOpen;
        if (req->state() == v1::DEFAULT_STATE_REMEDIED) state = storage::kNoticeCured;
        return ListNoticeRows(who, req->parent(), state, true, req->page_size(), req->page_token(),
                              resp->mutable_next_page_token(), [&](const storage::StoredNotice& n) {
                                *resp->add_defaults() = ToDefaultProto(n);
                              });
      });
}

// ---- Helpers -----------------------------------------------------------------------------------

template <typename Emit>
absl::Status CreditCoverServiceImpl::ListNoticeRows(const Principal& who, const std::string& parent,
                                                    const std::string& state, bool defaulted_only,
                                                    int page_size, const std::string& page_token,
                                                    std::string* next_token, Emit emit) {
  storage::NoticeQuery q;
  if (parent.empty()) {
    if (auto s = RequireAnyRole(who, {Role::kDcc, Role::kSecas},
                                "listing every party's notices (give parent for one party)");
        !s.ok()) {
      return s;
    }
  } else {
    absl::StatusOr<std::string> party = ParsePartyName(parent, "parent");
    if (!party.ok()) return party.status();
    if (auto s = RequireReadParty(who, *party); !s.ok()) return s;
    q.party = *party;
  }
  q.state = state;
  q.defaulted_only = defaulted_only;
  absl::StatusOr<int> size = ResolvePageSize(page_size, kDefaultPageSize, kMaxPageSize);
  if (!size.ok()) return size.status();
  const std::string query =
      absl::StrCat(defaulted_only ? "defaults|" : "notices|", parent, "|", state);
  absl::StatusOr<PageCursor> cursor = DecodePageToken(query, page_token);
  if (!cursor.ok()) return cursor.status();
  if (cursor->last_key.size() == 2) {
    q.after_party = cursor->last_key[0];
    q.after_date = cursor->last_key[1];
  }
  q.limit = *size + 1;
  return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
    absl::StatusOr<std::vector<storage::StoredNotice>> rows = storage::ListNotices(tx, q);
    if (!rows.ok()) return rows.status();
    const bool more = static_cast<int>(rows->size()) > *size;
    if (more) rows->pop_back();
    for (const storage::StoredNotice& n : *rows) emit(n);
    if (more) {
      *next_token =
          EncodePageToken(query, {{rows->back().party, FormatDate(rows->back().notice_date)}});
    }
    return absl::OkStatus();
  });
}

absl::Status CreditCoverServiceImpl::Check(storage::Tx& tx, const Principal& who, Date d,
                                           v1::RunCreditCheckResponse* resp) {
  absl::StatusOr<std::optional<std::string>> done = storage::GetCheck(tx, d);
  if (!done.ok()) return done.status();
  if (done->has_value()) {
    if (!resp->ParseFromString(**done)) return absl::DataLossError("stored credit check");
    resp->set_already_run(true);
    return absl::OkStatus();
  }
  absl::StatusOr<std::optional<Date>> last = storage::LastCheckDate(tx);
  if (!last.ok()) return last.status();
  if (last->has_value() && d < **last) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the credit check has already run for ", FormatDate(**last),
        "; checks run in date order, so ", FormatDate(d), " can no longer be checked"));
  }
  absl::StatusOr<storage::StoredPolicy> policy = storage::PolicyInForce(tx, d);
  if (!policy.ok()) return policy.status();
  absl::StatusOr<WorkingDayCalendar> calendar = storage::LoadWorkingDayCalendar(tx);
  if (!calendar.ok()) return calendar.status();
  absl::StatusOr<PortfolioRun> run = RunPortfolio(tx, policy->policy, d);
  if (!run.ok()) return run.status();
  absl::StatusOr<std::vector<storage::StoredNotice>> open = storage::OpenNotices(tx);
  if (!open.ok()) return open.status();
  std::map<std::string, storage::StoredNotice> open_by_party;
  for (storage::StoredNotice& n : *open) {
    // The latest open notice is the one that counts (there is at most one in practice).
    open_by_party[n.party] = std::move(n);
  }
  resp->set_date(FormatDate(d));
  for (size_t i = 0; i < run->parties.size(); ++i) {
    const std::string& party = run->parties[i].id;
    const int64_t shortfall = run->results[i].shortfall_pence;
    std::optional<OpenBreachNotice> current;
    auto it = open_by_party.find(party);
    if (it != open_by_party.end()) {
      current = OpenBreachNotice{it->second.notice_date, it->second.cure_deadline,
                                 it->second.default_date.has_value()};
    }
    absl::StatusOr<CreditCheckDecision> decision =
        DecideCreditCheck(d, shortfall, current, *calendar);
    if (!decision.ok()) {
      return absl::Status(decision.status().code(),
                          absl::StrCat("parties/", party, ": ", decision.status().message()));
    }
    if (decision->action == CreditCheckAction::kNothing) continue;
    v1::CreditCheckAction* action = resp->add_actions();
    action->set_party(PartyName(party));
    action->set_shortfall_pence(shortfall);
    action->set_cure_deadline(FormatDate(decision->cure_deadline));
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
        if (auto s = storage::InsertNotice(tx, notice); !s.ok()) return s;
        action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_ISSUE_NOTICE);
        resp->set_notices_issued(resp->notices_issued() + 1);
        kind = "breach_notice";
        break;
      case CreditCheckAction::kRaiseEventOfDefault:
        before = ToNoticeProto(it->second);
        notice = it->second;
        notice.default_date = d;
        notice.default_pence = shortfall;
        if (auto s = storage::UpdateNotice(tx, notice); !s.ok()) return s;
        action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_RAISE_DEFAULT);
        resp->set_defaults_raised(resp->defaults_raised() + 1);
        kind = "event_of_default";
        resource = ToDefaultProto(notice).name();
        break;
      case CreditCheckAction::kMarkCured:
        before = ToNoticeProto(it->second);
        notice = it->second;
        notice.state = storage::kNoticeCured;
        notice.cured_date = d;
        if (auto s = storage::UpdateNotice(tx, notice); !s.ok()) return s;
        action->set_kind(v1::CREDIT_CHECK_ACTION_KIND_MARK_CURED);
        resp->set_notices_cured(resp->notices_cured() + 1);
        kind = "cure";
        break;
      case CreditCheckAction::kNothing:
        break;
    }
    const v1::BreachNotice after = ToNoticeProto(notice);
    action->set_notice(after.name());
    if (resource.empty()) resource = after.name();
    storage::StoredEvent e =
        NewEvent(env_, who, resource, kind, FormatDate(d), before ? &*before : nullptr, &after);
    if (auto s = storage::AppendEvent(tx, e); !s.ok()) return s;
  }
  return storage::InsertCheck(tx, d, resp->SerializeAsString(), who.name, env_.NowMicros());
}

}  // namespace sec::service
