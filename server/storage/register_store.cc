#include "storage/register_store.h"

#include <utility>
#include <variant>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/names.h"
#include "domain/status_macros.h"
#include "storage/register_queries.h"
#include "storage/columns.h"

namespace sec::storage {
namespace {

// The counter holding how many proposals are in status `s` (migration 0009).
std::string StatusTally(ModStatus s) { return absl::StrCat("status:", StatusCode(s)); }

const RegisterQueries& Q(Tx& tx) { return *tx.dialect().reg; }

// Escapes LIKE wildcards with '!' (the ESCAPE character the queries name).
std::string LikeLiteral(absl::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '%' || c == '_' || c == '!') out.push_back('!');
    out.push_back(c);
  }
  return out;
}

StoredEvent EventFromRow(const SqlRow& r) {
  StoredEvent e;
  e.sequence = r.Int(0);
  e.resource = r.Str(1);
  e.kind = r.Str(2);
  e.effective_date = r.Str(3);
  e.record_time_us = r.Int(4);
  e.principal = r.Str(5);
  if (!r.IsNull(6)) e.status = r.Str(6);
  e.before_json = r.Str(7);
  e.after_json = r.Str(8);
  e.note = r.Str(9);
  e.party = r.Str(10);
  return e;
}

absl::StatusOr<std::vector<StoredEvent>> EventsFrom(absl::StatusOr<std::vector<SqlRow>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<StoredEvent> out;
  out.reserve(rows->size());
  for (const SqlRow& r : *rows) out.push_back(EventFromRow(r));
  return out;
}

absl::StatusOr<Party> PartyFromRow(const SqlRow& r) {
  Party p;
  p.id = r.Str(0);
  p.display_name = r.Str(1);
  if (!ParseCategory(r.Str(2), &p.category)) {
    return absl::DataLossError(absl::StrCat("party ", p.id, ": unknown category ", r.Str(2)));
  }
  p.version = r.Int(3);
  p.create_time_us = r.Int(4);
  p.update_time_us = r.Int(5);
  return p;
}

// A proposal's impacts in one column: EncodeList of "CATEGORY:GRADE:note" (neither code holds
// a ':', so the note is everything after the second).
std::string EncodeImpacts(const std::vector<Impact>& impacts) {
  std::vector<std::string> items;
  items.reserve(impacts.size());
  for (const Impact& i : impacts) {
    items.push_back(
        absl::StrCat(CategoryCode(i.category), ":", ImpactGradeCode(i.grade), ":", i.note));
  }
  return EncodeList(items);
}

absl::StatusOr<std::vector<Impact>> DecodeImpacts(const std::string& text,
                                                  const std::string& reference) {
  std::vector<Impact> out;
  if (text.empty()) return out;
  for (const std::string& item : DecodeList(text)) {
    std::vector<absl::string_view> parts = absl::StrSplit(item, absl::MaxSplits(':', 2));
    Impact i;
    if (parts.size() != 3 || !ParseCategory(parts[0], &i.category) ||
        !ParseImpactGrade(parts[1], &i.grade)) {
      return Corrupt(absl::StrCat(reference, " impacts"), item);
    }
    i.note = std::string(parts[2]);
    out.push_back(std::move(i));
  }
  return out;
}

// Consumes the row (ModCol order): its strings are moved, not copied (50 rows a page).
absl::StatusOr<Modification> ModificationFromRow(SqlRow& r) {
  using C = ModCol;
  Modification m;
  m.reference = r.Take(At(C::reference));
  m.title = r.Take(At(C::title));
  m.proposer = r.Take(At(C::proposer));
  absl::StatusOr<Date> raised = StoredDate(r.Str(At(C::date_raised)), "date_raised");
  if (!raised.ok()) return raised.status();
  m.date_raised = *raised;
  if (!ParseStatus(r.Str(At(C::status)), &m.status)) {
    return absl::DataLossError(
        absl::StrCat(m.reference, ": unknown status ", r.Str(At(C::status))));
  }
  if (!r.IsNull(At(C::suspended_from))) {
    ModStatus from;
    if (ParseStatus(r.Str(At(C::suspended_from)), &from)) m.suspended_from = from;
  }
  if (!ParsePath(r.Str(At(C::path)), &m.path)) m.path = ModPath::kUnset;
  m.fast_track = r.Int(At(C::fast_track)) != 0;
  m.urgent = r.Int(At(C::urgent)) != 0;
  AppendDecodedList(r.Str(At(C::sections)), &m.sections);
  m.problem_statement = r.Take(At(C::problem_statement));
  AppendDecodedList(r.Str(At(C::intended_changes)), &m.intended_changes);
  m.comment = r.Take(At(C::comment));
  m.version = r.Int(At(C::version));
  m.create_time_us = r.Int(At(C::create_time));
  m.update_time_us = r.Int(At(C::update_time));
  if (!r.IsNull(At(C::last_event_date))) {
    absl::StatusOr<Date> last = StoredDate(r.Str(At(C::last_event_date)), "last_event_date");
    if (!last.ok()) return last.status();
    m.last_event_date = *last;
  }
  if (!r.IsNull(At(C::release_id))) m.release = r.Take(At(C::release_id));
  m.dcc_outstanding = static_cast<int>(r.Int(At(C::dcc_outstanding)));
  SEC_ASSIGN_OR_RETURN(m.impacts, DecodeImpacts(r.Str(At(C::impacts)), m.reference));
  return m;
}

SqlParam OptionalStatus(const std::optional<ModStatus>& s) {
  if (!s.has_value()) return nullptr;
  return std::string(StatusCode(*s));
}

SqlParam OptionalDate(const std::optional<Date>& d) {
  if (!d.has_value()) return nullptr;
  return FormatDate(*d);
}

// Every column's parameter, in ModCol order; `number` only for an insert (an update keeps it).
SqlParams ModificationParams(const Modification& m, int64_t number) {
  using C = ModCol;
  SqlParams p(kModColumns);
  p[At(C::reference)] = m.reference;
  p[At(C::number)] = number;
  p[At(C::title)] = m.title;
  p[At(C::proposer)] = m.proposer;
  p[At(C::date_raised)] = FormatDate(m.date_raised);
  p[At(C::status)] = std::string(StatusCode(m.status));
  p[At(C::suspended_from)] = OptionalStatus(m.suspended_from);
  p[At(C::path)] = std::string(PathCode(m.path));
  p[At(C::fast_track)] = int64_t{m.fast_track};
  p[At(C::urgent)] = int64_t{m.urgent};
  p[At(C::sections)] = EncodeList(m.sections);
  p[At(C::problem_statement)] = m.problem_statement;
  p[At(C::intended_changes)] = EncodeList(m.intended_changes);
  p[At(C::comment)] = m.comment;
  p[At(C::is_open)] = int64_t{IsOpen(m.status)};
  p[At(C::version)] = m.version;
  p[At(C::create_time)] = m.create_time_us;
  p[At(C::update_time)] = m.update_time_us;
  p[At(C::last_event_date)] = OptionalDate(m.last_event_date);
  p[At(C::release_id)] = m.release.empty() ? SqlParam(nullptr) : SqlParam(m.release);
  p[At(C::dcc_outstanding)] = int64_t{m.dcc_outstanding};
  // Derived, stored for the register's waiting_on filter.
  p[At(C::waiting_on)] = std::string(WaitingOnCode(WaitingOnOf(m)));
  p[At(C::impacts)] = EncodeImpacts(m.impacts);
  return p;
}

// The proposal's sections, one row each, for the section filter (the domain has refused
// duplicates).
void AppendSections(Tx& tx, const Modification& m) {
  for (const std::string& section : m.sections) tx.Append(Q(tx).insert_section, {m.reference, section});
}

// The proposal's graded categories, one row each, for the impacts filter.
void AppendImpacts(Tx& tx, const Modification& m) {
  for (const Impact& i : m.impacts) {
    tx.Append(Q(tx).insert_impact, {m.reference, std::string(CategoryCode(i.category)),
                                    int64_t{ImpactGradeRank(i.grade)}});
  }
}

const std::string& ImpactCondition(const RegisterQueries& q, FilterOp op) {
  switch (op) {
    case FilterOp::kNe:
      return q.impact_ne;
    case FilterOp::kLt:
      return q.impact_lt;
    case FilterOp::kLe:
      return q.impact_le;
    case FilterOp::kGt:
      return q.impact_gt;
    case FilterOp::kGe:
      return q.impact_ge;
    case FilterOp::kEq:
    case FilterOp::kHas:
      break;
  }
  return q.impact_eq;
}

const char* OrderColumn(ModificationOrder o) {
  switch (o) {
    case ModificationOrder::kReference: return "m.reference";
    case ModificationOrder::kDateRaised: return "m.date_raised";
    case ModificationOrder::kTitle: return "m.title";
    case ModificationOrder::kStatus: return "m.status";
  }
  return "m.reference";
}

const char* Comparator(FilterOp op) {
  switch (op) {
    case FilterOp::kEq: return " = ?";
    case FilterOp::kNe: return " <> ?";
    case FilterOp::kLt: return " < ?";
    case FilterOp::kLe: return " <= ?";
    case FilterOp::kGt: return " > ?";
    case FilterOp::kGe: return " >= ?";
    case FilterOp::kHas: return " = ?";
  }
  return " = ?";
}

// Turns validated filter terms into a WHERE clause over fixed column names; values are bound.
absl::Status AppendFilter(Tx& tx, const std::vector<FilterTerm>& terms,
                          std::vector<std::string>* conds, SqlParams* params) {
  for (const FilterTerm& t : terms) {
    if (std::optional<PartyCategory> category = ImpactFilterCategory(t.field)) {
      ImpactGrade grade;
      if (!ParseImpactGrade(t.value, &grade)) {
        return absl::InvalidArgumentError(
            absl::StrCat("filter: ", t.value, " is not a grade of ", t.field));
      }
      conds->push_back(ImpactCondition(Q(tx), t.op));
      params->push_back(std::string(CategoryCode(*category)));
      params->push_back(int64_t{ImpactGradeRank(grade)});
    } else if (t.field == "section") {
      std::string c = Q(tx).section_exists;
      conds->push_back(t.op == FilterOp::kNe ? absl::StrCat("NOT ", c) : c);
      params->push_back(t.value);
    } else if (t.field == "title") {
      if (t.op == FilterOp::kHas) {
        conds->push_back(Q(tx).title_contains);
        params->push_back(absl::StrCat("%", LikeLiteral(absl::AsciiStrToLower(t.value)), "%"));
      } else {
        conds->push_back(absl::StrCat("m.title", Comparator(t.op)));
        params->push_back(t.value);
      }
    } else if (t.field == "open" || t.field == "fast_track" || t.field == "urgent") {
      const char* col = t.field == "open" ? "m.is_open" : t.field == "urgent" ? "m.urgent"
                                                                                : "m.fast_track";
      conds->push_back(absl::StrCat(col, Comparator(t.op)));
      params->push_back(int64_t{t.value == "true" ? 1 : 0});
    } else if (t.field == "status" || t.field == "path" || t.field == "date_raised" ||
               t.field == "proposer" || t.field == "waiting_on") {
      std::string v = t.value;
      if (t.field == "proposer" && absl::StartsWith(v, "parties/")) v = v.substr(8);
      conds->push_back(absl::StrCat("m.", t.field, Comparator(t.op)));
      params->push_back(v);
    } else if (t.field == "release") {
      std::string v = t.value;
      if (absl::StartsWith(v, "releases/")) v = v.substr(9);
      // A proposal in no release has none: "release != X" includes it.
      conds->push_back(t.op == FilterOp::kNe ? "(m.release_id IS NULL OR m.release_id <> ?)"
                                             : "m.release_id = ?");
      params->push_back(v);
    } else {
      return absl::InvalidArgumentError(absl::StrCat("filter: field ", t.field,
                                                     " is not supported for modifications"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> NextCounter(Tx& tx, const std::string& name) {
  return tx.NextCounter(name);
}

absl::Status RaiseCounter(Tx& tx, const std::string& name, int64_t value) {
  return tx.RaiseCounter(name, value);
}

absl::Status AppendEvent(Tx& tx, StoredEvent& e) {
  absl::StatusOr<int64_t> seq = tx.NextCounter("event_seq");
  if (!seq.ok()) return seq.status();
  e.sequence = *seq;
  tx.NoteEvent(e.sequence, e.resource);
  SqlParam status = nullptr;
  if (e.status.has_value()) status = *e.status;
  SqlParam party = nullptr;
  if (!e.party.empty()) party = e.party;
  tx.Append(Q(tx).insert_event, {e.sequence, e.resource, e.kind, e.effective_date,
                                 e.record_time_us, e.principal, status, e.before_json,
                                 e.after_json, e.note, party});
  return absl::OkStatus();
}

absl::StatusOr<std::vector<StoredEvent>> ListEventsForResource(Tx& tx, const std::string& resource,
                                                               int64_t after_sequence, int limit) {
  return EventsFrom(tx.Query(Q(tx).list_events_for_resource,
                             {resource, after_sequence, int64_t{limit}}));
}

absl::StatusOr<std::vector<StoredEvent>> ListEventsBetween(Tx& tx, int64_t after_sequence,
                                                           int64_t up_to, int limit) {
  return EventsFrom(
      tx.Query(Q(tx).list_events_between, {after_sequence, up_to, int64_t{limit}}));
}

absl::StatusOr<std::vector<CommittedEvent>> ListEventResources(Tx& tx, int64_t after_sequence,
                                                               int limit) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows,
                       tx.Query(Q(tx).list_event_resources, {after_sequence, int64_t{limit}}));
  std::vector<CommittedEvent> out;
  out.reserve(rows.size());
  for (SqlRow& r : rows) out.push_back({r.Int(0), r.Take(1)});
  return out;
}

absl::StatusOr<int64_t> MaxEventSequence(Tx& tx) {
  absl::StatusOr<SqlRow> row = tx.QueryOne(Q(tx).max_event_sequence, {}, "event sequence");
  if (!row.ok()) return row.status();
  return row->Int(0);
}

// Responses are stored base64-encoded so binary bytes survive every driver unchanged.
absl::StatusOr<std::optional<StoredRequest>> GetRequest(Tx& tx, const std::string& request_id) {
  if (tx.RequestKnownAbsent(request_id)) return std::optional<StoredRequest>();
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).select_request, {request_id});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<StoredRequest>();
  const SqlRow& r = rows->front();
  StoredRequest out{r.Str(0), r.Str(1), "", r.Str(3)};
  if (!absl::Base64Unescape(r.Str(2), &out.response)) {
    return absl::DataLossError(absl::StrCat("request ", request_id, ": stored response is corrupt"));
  }
  return std::optional<StoredRequest>(std::move(out));
}

absl::Status PutRequest(Tx& tx, const std::string& request_id, const StoredRequest& r,
                        int64_t now_us) {
  // A second write of the batch with the same key must look it up (and find this row).
  tx.RequestStored(request_id);
  tx.Append(Q(tx).insert_request, {request_id, r.method, r.principal,
                                   absl::Base64Escape(r.response), now_us, r.fingerprint});
  return absl::OkStatus();
}

absl::StatusOr<Party> GetParty(Tx& tx, const std::string& id) {
  absl::StatusOr<SqlRow> row =
      tx.QueryOne(Q(tx).select_party, {id}, absl::StrCat("party parties/", id));
  if (!row.ok()) return row.status();
  return PartyFromRow(*row);
}

absl::Status InsertParty(Tx& tx, const Party& p) {
  auto s = tx.Exec(Q(tx).insert_party, {p.id, p.display_name, std::string(CategoryCode(p.category)),
                                        p.version, p.create_time_us, p.update_time_us});
  if (absl::IsAlreadyExists(s.status())) {
    return absl::AlreadyExistsError(absl::StrCat("party parties/", p.id, " already exists"));
  }
  return s.status();
}

absl::Status UpdateParty(Tx& tx, const Party& p, int64_t expected_version) {
  absl::StatusOr<int64_t> n =
      tx.Exec(Q(tx).update_party, {p.display_name, std::string(CategoryCode(p.category)),
                                   p.version, p.update_time_us, p.id, expected_version});
  if (!n.ok()) return n.status();
  if (*n == 0) {
    return absl::AbortedError(absl::StrCat("party parties/", p.id,
                                           " was changed by someone else; read it again"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Party>> ListParties(Tx& tx, const std::optional<std::string>& category,
                                               const std::string& after_id, int limit) {
  absl::StatusOr<std::vector<SqlRow>> rows =
      category.has_value()
          ? tx.Query(Q(tx).list_parties_category, {*category, after_id, int64_t{limit}})
          : tx.Query(Q(tx).list_parties, {after_id, int64_t{limit}});
  if (!rows.ok()) return rows.status();
  std::vector<Party> out;
  for (const SqlRow& r : *rows) {
    absl::StatusOr<Party> p = PartyFromRow(r);
    if (!p.ok()) return p.status();
    out.push_back(*std::move(p));
  }
  return out;
}

absl::StatusOr<Modification> GetModification(Tx& tx, const std::string& reference) {
  absl::StatusOr<SqlRow> row = tx.QueryOne(Q(tx).select_modification, {reference},
                                           absl::StrCat("modification modifications/", reference));
  if (!row.ok()) return row.status();
  return ModificationFromRow(*row);
}

absl::StatusOr<bool> ModificationExists(Tx& tx, const std::string& reference) {
  absl::StatusOr<std::vector<SqlRow>> rows = tx.Query(Q(tx).modification_exists, {reference});
  if (!rows.ok()) return rows.status();
  return !rows->empty();
}

absl::Status InsertModification(Tx& tx, const Modification& m) {
  absl::StatusOr<int> number = ParseReference(m.reference);
  if (!number.ok()) return number.status();
  return InsertNumberedModification(tx, m, *number);
}

absl::Status InsertNumberedModification(Tx& tx, const Modification& m, int64_t number) {
  SEC_RETURN_IF_ERROR(tx.AddToTally(StatusTally(m.status), +1));
  tx.Changes(ModificationName(m.reference));
  tx.Append(Q(tx).insert_modification, ModificationParams(m, number));
  AppendSections(tx, m);
  AppendImpacts(tx, m);
  return absl::OkStatus();
}

absl::Status TouchModification(Tx& tx, const std::string& reference, Date day) {
  tx.Changes(ModificationName(reference));
  return tx.Exec(Q(tx).touch_modification, {FormatDate(day), reference}).status();
}

absl::Status UpdateModification(Tx& tx, const Modification& m, int64_t expected_version,
                                ModStatus stored_status) {
  const SqlParams all = ModificationParams(m, /*number=*/0);
  SqlParams params;
  for (size_t i = 0; i < kModColumns; ++i) {
    if (!FixedOnUpdate(static_cast<ModCol>(i))) params.push_back(all[i]);
  }
  params.push_back(m.reference);
  params.push_back(expected_version);
  tx.Changes(ModificationName(m.reference));
  absl::StatusOr<int64_t> n = tx.Exec(Q(tx).update_modification, params);
  if (!n.ok()) return n.status();
  if (*n == 0) {
    return absl::AbortedError(absl::StrCat("modification modifications/", m.reference,
                                           " was changed by someone else; read it again"));
  }
  if (m.status != stored_status) {
    SEC_RETURN_IF_ERROR(tx.AddToTally(StatusTally(stored_status), -1));
    SEC_RETURN_IF_ERROR(tx.AddToTally(StatusTally(m.status), +1));
  }
  if (auto s = tx.Exec(Q(tx).delete_sections, {m.reference}); !s.ok()) return s.status();
  AppendSections(tx, m);
  return absl::OkStatus();
}

absl::Status ReplaceImpacts(Tx& tx, const Modification& m) {
  SEC_RETURN_IF_ERROR(tx.Exec(Q(tx).delete_impacts, {m.reference}).status());
  AppendImpacts(tx, m);
  return absl::OkStatus();
}

absl::StatusOr<std::map<ModStatus, int64_t>> CountByStatus(Tx& tx) {
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(Q(tx).select_status_tallies, {}));
  std::map<ModStatus, int64_t> counts;
  for (ModStatus s : AllStatuses()) {
    const std::string name = StatusTally(s);
    // A write transaction reads its own counts, kept in memory until it commits (tx.h).
    std::optional<int64_t> counted = tx.CounterValue(name);
    for (const SqlRow& r : rows) {
      if (!counted.has_value() && r.Str(0) == name) counted = r.Int(1);
    }
    counts[s] = counted.value_or(0);
  }
  return counts;
}

absl::StatusOr<int64_t> CountInStatuses(Tx& tx, const std::vector<ModStatus>& statuses) {
  SEC_ASSIGN_OR_RETURN(auto counts, CountByStatus(tx));
  int64_t total = 0;
  for (ModStatus s : statuses) total += counts[s];
  return total;
}

std::vector<std::string> ModificationSortKey(const Modification& m, ModificationOrder order) {
  switch (order) {
    case ModificationOrder::kReference: return {m.reference};
    case ModificationOrder::kDateRaised: return {FormatDate(m.date_raised), m.reference};
    case ModificationOrder::kTitle: return {m.title, m.reference};
    case ModificationOrder::kStatus: return {StatusCode(m.status), m.reference};
  }
  return {m.reference};
}

absl::StatusOr<ModificationListSql> ListModificationsSql(Tx& tx, const ModificationQuery& q) {
  std::vector<std::string> conds;
  SqlParams params;
  if (auto s = AppendFilter(tx, q.filter, &conds, &params); !s.ok()) return s;
  ModificationListSql out;
  if (!StatusesMatching(q.filter).has_value() && !q.known_total.has_value()) {
    out.count = Statement{
        absl::StrCat(Q(tx).count_modifications_select,
                     conds.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(conds, " AND "))),
        params};
  }
  // Keyset paging: rows strictly after the last key, in the chosen order.
  const char* cmp = q.descending ? " < ?" : " > ?";
  const char* dir = q.descending ? " DESC" : "";
  if (!q.after_key.empty()) {
    if (q.order == ModificationOrder::kReference) {
      conds.push_back(absl::StrCat("m.reference", cmp));
      params.push_back(q.after_key[0]);
    } else if (q.after_key.size() == 2) {
      const char* col = OrderColumn(q.order);
      conds.push_back(absl::StrCat("(", col, cmp, " OR (", col, " = ? AND m.reference", cmp,
                                   "))"));
      params.push_back(q.after_key[0]);
      params.push_back(q.after_key[0]);
      params.push_back(q.after_key[1]);
    } else {
      return absl::InvalidArgumentError("page_token: does not match order_by");
    }
  }
  std::string order = q.order == ModificationOrder::kReference
                          ? absl::StrCat(" ORDER BY m.reference", dir)
                          : absl::StrCat(" ORDER BY ", OrderColumn(q.order), dir,
                                         ", m.reference", dir);
  out.page.sql = absl::StrCat(
      Q(tx).list_modifications_select,
      conds.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(conds, " AND ")), order,
      " LIMIT ?");
  params.push_back(int64_t{q.limit});
  out.page.params = std::move(params);
  return out;
}

absl::StatusOr<ModificationPage> ListModifications(Tx& tx, const ModificationQuery& q) {
  SEC_ASSIGN_OR_RETURN(ModificationListSql sql, ListModificationsSql(tx, q));
  // total_size, without counting rows per page: from the status tallies when the filter is
  // on status alone; otherwise counted once, for the first page, and carried by the tokens.
  ModificationPage page;
  if (std::optional<std::vector<ModStatus>> statuses = StatusesMatching(q.filter)) {
    SEC_ASSIGN_OR_RETURN(page.total, CountInStatuses(tx, *statuses));
  } else if (q.known_total.has_value()) {
    page.total = *q.known_total;
  } else {
    SEC_ASSIGN_OR_RETURN(SqlRow count, tx.QueryOne(sql.count->sql, sql.count->params, "count"));
    page.total = count.Int(0);
  }
  SEC_ASSIGN_OR_RETURN(std::vector<SqlRow> rows, tx.Query(sql.page.sql, sql.page.params));
  page.rows.reserve(rows.size());
  for (SqlRow& r : rows) {
    SEC_ASSIGN_OR_RETURN(Modification m, ModificationFromRow(r));
    page.rows.push_back(std::move(m));
  }
  return page;
}

}  // namespace sec::storage
