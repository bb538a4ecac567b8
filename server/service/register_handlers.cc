// RegisterService: parties, proposals and their history.

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/authorization.h"
#include "domain/errors.h"
#include "domain/lifecycle.h"
#include "domain/list_filter.h"
#include "domain/page_token.h"
#include "service/citation.h"
#include "service/enums.h"
#include "service/event_feed.h"
#include "service/handlers.h"
#include "service/register_convert.h"
#include "storage/text_store.h"

namespace sec::service {
namespace {

constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

std::vector<std::string> AllStatusCodes() {
  std::vector<std::string> out;
  for (ModStatus s : AllStatuses()) out.push_back(StatusCode(s));
  return out;
}

absl::StatusOr<storage::ModificationOrder> ParseOrderBy(const std::string& text, bool* desc) {
  std::vector<std::string> parts =
      absl::StrSplit(absl::AsciiStrToLower(text), ' ', absl::SkipEmpty());
  *desc = false;
  if (parts.empty()) return storage::ModificationOrder::kReference;
  if (parts.size() == 2 && (parts[1] == "desc" || parts[1] == "asc")) {
    *desc = parts[1] == "desc";
  } else if (parts.size() != 1) {
    parts.clear();
  }
  if (!parts.empty()) {
    if (parts[0] == "name" || parts[0] == "reference") return storage::ModificationOrder::kReference;
    if (parts[0] == "date_raised") return storage::ModificationOrder::kDateRaised;
    if (parts[0] == "title") return storage::ModificationOrder::kTitle;
    if (parts[0] == "status") return storage::ModificationOrder::kStatus;
  }
  return InvalidField("order_by", absl::StrCat("\"", text,
                                               "\" is not one of name, date_raised, title, "
                                               "status (optionally followed by \" desc\")"));
}

// Applies an update mask of text fields from `src` onto `m`. Empty mask: every field `src` sets.
absl::Status ApplyModificationMask(const v1::Modification& src,
                                   const google::protobuf::FieldMask& mask, Modification* m) {
  std::vector<std::string> paths(mask.paths().begin(), mask.paths().end());
  if (paths.empty()) {
    if (!src.title().empty()) paths.push_back("title");
    if (src.sections_size() > 0) paths.push_back("sections");
    if (!src.problem_statement().empty()) paths.push_back("problem_statement");
    if (src.intended_changes_size() > 0) paths.push_back("intended_changes");
    if (!src.comment().empty()) paths.push_back("comment");
    if (paths.empty()) return InvalidField("update_mask", "nothing to update");
  }
  for (const std::string& p : paths) {
    if (p == "title") {
      m->title = src.title();
    } else if (p == "sections") {
      m->sections.assign(src.sections().begin(), src.sections().end());
    } else if (p == "problem_statement") {
      m->problem_statement = src.problem_statement();
    } else if (p == "intended_changes") {
      m->intended_changes.assign(src.intended_changes().begin(), src.intended_changes().end());
    } else if (p == "comment") {
      m->comment = src.comment();
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("\"", p, "\" cannot be updated here; updatable: title, "
                                       "sections, problem_statement, intended_changes, comment "
                                       "(status changes go through GovernanceService)"));
    }
  }
  return absl::OkStatus();
}

// The page after a token's last key of a listing keyed by event sequence.
absl::StatusOr<int64_t> AfterSequence(const std::string& query, const std::string& token) {
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, token));
  int64_t after = 0;
  if (!cursor.last_key.empty() && !absl::SimpleAtoi(cursor.last_key[0], &after)) {
    return InvalidField("page_token", "not a token from this listing");
  }
  return after;
}

// The filter fields ListModifications accepts.
const std::vector<FilterField>& ModificationFilterFields() {
  using K = FilterKind;
  using O = FilterOp;
  static const auto* const kFields = [] {
    auto* fields = new std::vector<FilterField>{
        {"status", K::kEnum, {O::kEq, O::kNe}, AllStatusCodes()},
        {"path", K::kEnum, {O::kEq, O::kNe}, {"PATH_1", "PATH_2", "PATH_3"}},
        {"proposer", K::kString, {O::kEq, O::kNe}, {}},
        {"section", K::kString, {O::kEq, O::kNe}, {}},
        {"open", K::kBool, {O::kEq}, {}},
        {"fast_track", K::kBool, {O::kEq}, {}},
        {"urgent", K::kBool, {O::kEq}, {}},
        {"date_raised", K::kDate, {O::kEq, O::kNe, O::kLt, O::kLe, O::kGt, O::kGe}, {}},
        {"title", K::kString, {O::kHas, O::kEq}, {}},
        {"waiting_on", K::kEnum, {O::kEq, O::kNe}, WaitingOnCodes()},
        {"release", K::kString, {O::kEq, O::kNe}, {}},
    };
    // impacts.large_supplier >= MEDIUM: a grade, compared in the grades' order.
    for (const std::string& field : AllImpactFilterFields()) {
      fields->push_back({field,
                         K::kEnum,
                         {O::kEq, O::kNe, O::kLt, O::kLe, O::kGt, O::kGe},
                         AllImpactGradeCodes()});
    }
    return fields;
  }();
  return *kFields;
}

// FAILED_PRECONDITION naming `field` unless `party` is registered (env.h KnownParties).
absl::Status RequireRegistered(Call& call, const std::string& party, absl::string_view field) {
  KnownParties& known = *call.env().known_parties;
  if (known.Contains(party)) return absl::OkStatus();
  absl::Status s =
      call.Read([&](storage::Tx& tx) { return storage::GetParty(tx, party); }).status();
  if (absl::IsNotFound(s)) {
    return absl::FailedPreconditionError(absl::StrCat(
        field, ": parties/", party, " is not a registered party; register it first"));
  }
  SEC_RETURN_IF_ERROR(s);
  known.Add(party);
  return absl::OkStatus();
}

}  // namespace

// --- Parties -------------------------------------------------------------------------------------

absl::StatusOr<v1::Party> CreateParty(Call& call, const v1::CreatePartyRequest& req) {
  Party p;
  p.id = req.party_id();
  if (p.id.empty() && !req.party().name().empty()) {
    SEC_ASSIGN_OR_RETURN(p.id, ParsePartyName(req.party().name(), "party.name"));
  }
  p.display_name = req.party().display_name();
  SEC_ASSIGN_OR_RETURN(p.category, FromProto(req.party().category(), "party.category"));
  SEC_RETURN_IF_ERROR(ValidateParty(p));
  p.version = 1;
  p.create_time_us = p.update_time_us = call.NowMicros();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Party> {
    SEC_RETURN_IF_ERROR(storage::InsertParty(tx, p));
    return call.Recorded(tx, ToProto(p), "create", call.Today());
  });
}

absl::StatusOr<v1::Party> GetParty(Call& call, const v1::GetPartyRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParsePartyName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Party> {
    SEC_ASSIGN_OR_RETURN(Party p, storage::GetParty(tx, id));
    return ToProto(p);
  });
}

absl::StatusOr<v1::ListPartiesResponse> ListParties(Call& call, const v1::ListPartiesRequest& req) {
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  static const std::vector<FilterField> kFields = {
      {"category", FilterKind::kEnum, {FilterOp::kEq},
       {"LARGE_SUPPLIER", "SMALL_SUPPLIER", "ELECTRICITY_NETWORK_PARTY", "GAS_NETWORK_PARTY",
        "OTHER_SEC_PARTY", "DCC"}}};
  SEC_ASSIGN_OR_RETURN(std::vector<FilterTerm> terms, ParseFilter(req.filter(), kFields));
  std::optional<std::string> category;
  if (!terms.empty()) category = terms.front().value;
  const std::string query = absl::StrCat("parties|", req.filter());
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, req.page_token()));
  const std::string after = cursor.last_key.empty() ? "" : cursor.last_key[0];
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListPartiesResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<Party> rows,
                         storage::ListParties(tx, category, after, size + 1));
    v1::ListPartiesResponse out;
    const bool more = static_cast<int>(rows.size()) > size;
    if (more) rows.pop_back();
    for (const Party& p : rows) *out.add_parties() = ToProto(p);
    if (more) out.set_next_page_token(EncodePageToken(query, {{rows.back().id}}));
    return out;
  });
}

absl::StatusOr<v1::Party> UpdateParty(Call& call, const v1::UpdatePartyRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string id, ParsePartyName(req.party().name(), "party.name"));
  std::vector<std::string> paths(req.update_mask().paths().begin(),
                                 req.update_mask().paths().end());
  if (paths.empty()) paths = {"display_name", "category"};
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Party> {
    SEC_ASSIGN_OR_RETURN(Party p, storage::GetParty(tx, id));
    SEC_RETURN_IF_ERROR(CheckEtag(req.party().etag(), p.version, req.party().name()));
    const v1::Party before = ToProto(p);
    for (const std::string& path : paths) {
      if (path == "display_name") {
        p.display_name = req.party().display_name();
      } else if (path == "category") {
        SEC_ASSIGN_OR_RETURN(p.category, FromProto(req.party().category(), "party.category"));
      } else {
        return InvalidField("update_mask", absl::StrCat("\"", path, "\" cannot be updated; "
                                                        "updatable: display_name, category"));
      }
    }
    SEC_RETURN_IF_ERROR(ValidateParty(p));
    const int64_t expected = p.version;
    p.version += 1;
    p.update_time_us = call.NowMicros();
    SEC_RETURN_IF_ERROR(storage::UpdateParty(tx, p, expected));
    return call.Recorded(tx, ToProto(p), "update", call.Today(), &before);
  });
}

// --- Proposals -----------------------------------------------------------------------------------

absl::StatusOr<v1::Modification> CreateModification(Call& call,
                                                    const v1::CreateModificationRequest& req) {
  const v1::Modification& in = req.modification();
  Modification m;
  // A party raises for itself (the declaration's party scope); SECAS names the proposer.
  m.proposer = call.party();
  if (m.proposer.empty()) {
    return InvalidField("modification.proposer", "required, e.g. parties/british-gas");
  }
  SEC_ASSIGN_OR_RETURN(m.date_raised, call.DateOrToday(in.date_raised(), "modification.date_raised"));
  RaiseHistory given{!req.modification_id().empty(), !in.date_raised().empty(), std::nullopt,
                     in.path() != v1::MODIFICATION_PATH_UNSPECIFIED};
  SEC_ASSIGN_OR_RETURN(given.status, StatusEnum().Optional(in.status(), "modification.status"));
  SEC_RETURN_IF_ERROR(CheckRaise(call.who(), given));
  if (given.status.has_value()) m.status = *given.status;
  SEC_ASSIGN_OR_RETURN(m.path, FromProto(in.path(), "modification.path"));
  int explicit_number = 0;
  if (!req.modification_id().empty()) {
    absl::StatusOr<int> n = ParseReference(req.modification_id());
    if (!n.ok()) return AsField(n.status(), "modification_id");
    explicit_number = *n;
  }
  m.title = in.title();
  m.fast_track = in.fast_track();
  m.urgent = in.urgent();
  m.sections.assign(in.sections().begin(), in.sections().end());
  m.problem_statement = in.problem_statement();
  m.intended_changes.assign(in.intended_changes().begin(), in.intended_changes().end());
  m.comment = in.comment();
  SEC_RETURN_IF_ERROR(Prefixed(ValidateModificationText(m), "modification."));
  m.version = 1;
  m.create_time_us = m.update_time_us = call.NowMicros();
  // Parties are never deleted, so a proposer found now is still there when the proposal is
  // inserted (and the insert itself waits for the commit, tx.h).
  SEC_RETURN_IF_ERROR(RequireRegistered(call, m.proposer, "modification.proposer"));

  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Modification> {
    Modification row = m;
    if (explicit_number > 0) {
      row.reference = FormatReference(explicit_number);
      SEC_ASSIGN_OR_RETURN(bool taken, storage::ModificationExists(tx, row.reference));
      if (taken) {
        return absl::AlreadyExistsError(
            absl::StrCat("modification modifications/", row.reference, " already exists"));
      }
      SEC_RETURN_IF_ERROR(storage::RaiseCounter(tx, "modification_ref", explicit_number));
    } else {
      SEC_ASSIGN_OR_RETURN(int64_t n, storage::NextCounter(tx, "modification_ref"));
      SEC_ASSIGN_OR_RETURN(row.reference, NthReference(n));
    }
    SEC_RETURN_IF_ERROR(storage::InsertModification(tx, row));
    v1::Modification out = ToProto(row);
    storage::StoredEvent e =
        call.Event(out.name(), "raise", row.date_raised, nullptr, &out, row.comment);
    e.status = StatusCode(row.status);
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
    return out;
  });
}

absl::StatusOr<v1::Modification> GetModification(Call& call,
                                                 const v1::GetModificationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  return call.CachedRead<v1::Modification>(ReadCache::Kind::kGet, ref, [&] {
    return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Modification> {
      SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
      return ToProto(std::move(m));
    });
  });
}

absl::StatusOr<v1::ListModificationsResponse> ListModifications(
    Call& call, const v1::ListModificationsRequest& req) {
  storage::ModificationQuery q;
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(req.page_size(), kDefaultPageSize, kMaxPageSize));
  SEC_ASSIGN_OR_RETURN(q.filter, ParseFilter(req.filter(), ModificationFilterFields()));
  SEC_ASSIGN_OR_RETURN(q.order, ParseOrderBy(req.order_by(), &q.descending));
  const std::string query = absl::StrCat("modifications|", req.filter(), "|", req.order_by());
  SEC_ASSIGN_OR_RETURN(PageCursor cursor, DecodePageToken(query, req.page_token()));
  q.after_key = cursor.last_key;
  q.known_total = cursor.total;
  q.limit = size + 1;
  const std::string key = absl::StrCat(size, "|", query, "|", req.page_token());
  return call.CachedRead<v1::ListModificationsResponse>(ReadCache::Kind::kList, key, [&] {
    return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListModificationsResponse> {
      SEC_ASSIGN_OR_RETURN(storage::ModificationPage page, storage::ListModifications(tx, q));
      v1::ListModificationsResponse out;
      const bool more = static_cast<int>(page.rows.size()) > size;
      if (more) page.rows.pop_back();
      // The token first: the rows are moved into the response below.
      if (more) {
        PageCursor next{storage::ModificationSortKey(page.rows.back(), q.order)};
        // Counted once per listing (storage::ListModifications); the tallies are not carried.
        if (!StatusesMatching(q.filter).has_value()) next.total = page.total;
        out.set_next_page_token(EncodePageToken(query, next));
      }
      out.mutable_modifications()->Reserve(static_cast<int>(page.rows.size()));
      for (Modification& m : page.rows) *out.add_modifications() = ToProto(std::move(m));
      out.set_total_size(static_cast<int32_t>(page.total));
      return out;
    });
  });
}

absl::StatusOr<v1::Modification> UpdateModification(Call& call,
                                                    const v1::UpdateModificationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref,
                       ParseModificationName(req.modification().name(), "modification.name"));
  const Date today = call.Today();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Modification> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckMayEdit(m, call.who()));
    SEC_RETURN_IF_ERROR(CheckEtag(req.modification().etag(), m.version, req.modification().name()));
    SEC_RETURN_IF_ERROR(CheckTimeline(StateOf(m), today, "an update"));
    const v1::Modification before = ToProto(m);
    const std::vector<std::string> sections_before = m.sections;
    SEC_RETURN_IF_ERROR(ApplyModificationMask(req.modification(), req.update_mask(), &m));
    SEC_RETURN_IF_ERROR(Prefixed(ValidateModificationText(m), "modification."));
    if (m.sections != sections_before) {
      SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> redlines, storage::ListRedlines(tx, ref));
      SEC_RETURN_IF_ERROR(CheckSectionsEditable(ref, !redlines.empty()));
    }
    const int64_t expected = m.version;
    m.version += 1;
    m.update_time_us = call.NowMicros();
    m.last_event_date = today;
    SEC_RETURN_IF_ERROR(storage::UpdateModification(tx, m, expected, m.status));
    v1::Modification out = ToProto(m);
    storage::StoredEvent e = call.Event(out.name(), "update", today, &before, &out);
    e.status = StatusCode(m.status);
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
    return out;
  });
}

absl::StatusOr<v1::Modification> WithdrawModification(
    Call& call, const v1::WithdrawModificationRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.name(), "name"));
  SEC_ASSIGN_OR_RETURN(Date when, call.DateOfAct(req.effective_date(), "effective_date"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Modification> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckEtag(req.etag(), m.version, req.name()));
    absl::StatusOr<Transition> t = DecideEvent(StateOf(m), LifecycleEvent::kWithdraw, call.who(), when);
    if (!t.ok()) return Cited(tx, Prefixed(t.status(), absl::StrCat(ref, ": ")), when);
    const v1::Modification before = ToProto(m);
    const int64_t expected = m.version;
    const ModStatus stored_status = m.status;
    m.status = t->to;
    m.suspended_from = t->suspended_from;
    m.version += 1;
    m.update_time_us = call.NowMicros();
    m.last_event_date = when;
    SEC_RETURN_IF_ERROR(storage::UpdateModification(tx, m, expected, stored_status));
    v1::Modification out = ToProto(m);
    storage::StoredEvent e = call.Event(out.name(), LifecycleEventName(LifecycleEvent::kWithdraw),
                                        when, &before, &out, req.reason());
    e.status = StatusCode(m.status);
    SEC_RETURN_IF_ERROR(storage::AppendEvent(tx, e));
    return out;
  });
}

// --- History -------------------------------------------------------------------------------------

absl::StatusOr<v1::ListModificationEventsResponse> ListModificationEvents(
    Call& call, const v1::ListModificationEventsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  SEC_ASSIGN_OR_RETURN(int size, ResolvePageSize(req.page_size(), 100, kMaxPageSize));
  const std::string query = absl::StrCat("events|", req.parent());
  SEC_ASSIGN_OR_RETURN(int64_t after, AfterSequence(query, req.page_token()));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListModificationEventsResponse> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    SEC_ASSIGN_OR_RETURN(std::vector<storage::StoredEvent> events,
                         storage::ListEventsForResource(tx, req.parent(), after, size + 1));
    v1::ListModificationEventsResponse out;
    const bool more = static_cast<int>(events.size()) > size;
    if (more) events.pop_back();
    // The same rule as the unary reads and the streams.
    for (const storage::StoredEvent& e : events) {
      if (e.party.empty() || MayReadPartyData(call.who(), e.party)) *out.add_events() = ToProto(e);
    }
    if (more) {
      out.set_next_page_token(EncodePageToken(query, {{absl::StrCat(events.back().sequence)}}));
    }
    return out;
  });
}

absl::StatusOr<grpc::ServerWriteReactor<v1::Event>*> WatchEvents(
    Call& call, const v1::WatchEventsRequest& req) {
  return call.env().feed->Open(call.who(), req.from_sequence(), req.resource_prefix());
}

}  // namespace sec::service
