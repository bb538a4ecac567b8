// LegalTextService: the SEC's text per version, proposals' redlines, their conflicts and
// tracked changes (text.proto; the rules in domain/legal_text.h and domain/text_diff.h).

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/errors.h"
#include "domain/legal_text.h"
#include "domain/modification.h"
#include "domain/names.h"
#include "domain/sec_version.h"
#include "domain/status_macros.h"
#include "domain/text_diff.h"
#include "domain/text_import.h"
#include "service/enums.h"
#include "service/governance_service_internal.h"
#include "service/handlers.h"
#include "service/paging.h"
#include "service/register_convert.h"
#include "storage/governance_store.h"
#include "storage/register_store.h"
#include "storage/release_store.h"
#include "storage/text_store.h"

namespace sec::service {
namespace {

v1::Clause ToProto(const ClauseVersion& c) {
  v1::Clause out;
  out.set_name(ClauseName(c.clause));
  out.set_clause(c.clause);
  out.set_section(SectionOfClause(c.clause));
  out.set_version(c.version);
  out.set_text(c.text);
  out.set_deleted(c.deleted);
  if (!c.modification.empty()) out.set_modification(ModificationName(c.modification));
  return out;
}

v1::Redline ToProto(const RedlineRevision& r) {
  v1::Redline out;
  out.set_name(RedlineName(r.modification));
  out.set_revision(r.revision);
  out.set_base_version(r.base_version);
  for (const ClauseChange& c : r.changes) {
    v1::ClauseChange* p = out.add_changes();
    p->set_clause(c.clause);
    p->set_kind(ClauseChangeKindEnum().ToProto(c.kind));
    p->set_text(c.text);
  }
  for (const std::string& s : SectionsOfRedline(r.changes)) out.add_sections(s);
  out.set_author(r.author);
  SetTimestamp(r.create_time_us, out.mutable_create_time());
  out.set_comment(r.comment);
  return out;
}

// The version a read names: `version`, or the one in force on `date` (today when neither).
absl::StatusOr<std::string> VersionToRead(const Call& call, storage::Tx& tx,
                                          const std::string& version, const std::string& date) {
  if (!version.empty()) {
    SEC_RETURN_IF_ERROR(ValidateVersionNumber(version, "version"));
    return version;
  }
  SEC_ASSIGN_OR_RETURN(Date day, call.DateOrToday(date, "date"));
  SEC_ASSIGN_OR_RETURN(std::optional<SecVersion> v, storage::VersionInForce(tx, day));
  if (!v.has_value()) {
    return absl::NotFoundError(absl::StrCat("no SEC version is recorded as in force on ",
                                            FormatDate(day), "; give version"));
  }
  return v->number;
}

// Every version's rows of the clauses `changes` touch, for checks against versions.
absl::StatusOr<std::vector<ClauseVersion>> RowsOfClauses(storage::Tx& tx,
                                                         const std::vector<ClauseChange>& changes) {
  std::vector<ClauseVersion> out;
  for (const ClauseChange& c : changes) {
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::ClauseRows(tx, c.clause));
    out.insert(out.end(), rows.begin(), rows.end());
  }
  return out;
}

absl::StatusOr<std::vector<RedlineRevision>> Revisions(storage::Tx& tx, const std::string& ref) {
  SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
  SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> revisions, storage::ListRedlines(tx, ref));
  if (revisions.empty()) {
    return absl::NotFoundError(absl::StrCat(ref, " has no redline yet (SetRedline)"));
  }
  return revisions;
}

// Revision `n` of `revisions` (0: the latest).
absl::StatusOr<RedlineRevision> Revision(const std::vector<RedlineRevision>& revisions, int n,
                                         absl::string_view field) {
  if (n == 0) return revisions.back();
  if (n < 0 || static_cast<size_t>(n) > revisions.size()) {
    return absl::NotFoundError(absl::StrCat(field, ": ", revisions.front().modification,
                                            "'s redline has revisions 1 to ", revisions.size()));
  }
  return revisions[n - 1];
}

// A new redline revision after `held`, with the proposal's sections derived from it.
absl::StatusOr<v1::Redline> KeepRevision(const Call& call, storage::Tx& tx, RedlineRevision r,
                                         const std::vector<RedlineRevision>& held) {
  r.revision = static_cast<int>(held.size()) + 1;
  r.author = call.who().name;
  r.create_time_us = call.NowMicros();
  SEC_RETURN_IF_ERROR(storage::InsertRedline(tx, r));
  const std::vector<std::string> sections = SectionsOfRedline(r.changes);
  SEC_RETURN_IF_ERROR(ChangeProposal(call, tx, r.modification, call.Today(), "set_redline",
                                     absl::StrCat("redline revision ", r.revision),
                                     [&](Modification& p) { p.sections = sections; })
                          .status());
  return call.Recorded(tx, ToProto(r), "set_redline", call.Today());
}

// The text of `clauses` as a redline revision leaves them (its base version's, changed).
ClauseTexts TextOfRevision(const std::vector<ClauseVersion>& rows, const RedlineRevision& r) {
  return ApplyRedline(TextInVersion(rows, r.base_version), r.changes);
}

// Tracked changes between two texts, over the clauses either has (or `only`, when given).
TrackedChanges Compare(std::string title, std::string from_label, std::string to_label,
                       const ClauseTexts& before, const ClauseTexts& after,
                       const std::set<std::string>* only = nullptr) {
  std::set<std::string, ClauseOrder> clauses;
  for (const auto& [c, t] : before) clauses.insert(c);
  for (const auto& [c, t] : after) clauses.insert(c);
  TrackedChanges doc{std::move(title), std::move(from_label), std::move(to_label), {}};
  for (const std::string& c : clauses) {
    if (only != nullptr && only->count(c) == 0) continue;
    ClauseDiffInput in{c, std::nullopt, std::nullopt};
    if (auto it = before.find(c); it != before.end()) in.before = it->second;
    if (auto it = after.find(c); it != after.end()) in.after = it->second;
    doc.clauses.push_back(DiffClause(in));
  }
  return doc;
}

v1::DiffTextResponse Rendered(const TrackedChanges& doc, v1::TextFormat format) {
  v1::DiffTextResponse out;
  if (format == v1::TEXT_FORMAT_HTML) {
    out.set_content(RenderHtml(doc));
    out.set_media_type("text/html; charset=utf-8");
  } else {
    out.set_content(RenderMarkdown(doc));
    out.set_media_type("text/markdown; charset=utf-8");
  }
  for (const ClauseDiff& c : doc.clauses) {
    v1::ClauseDiffSummary* s = out.add_clauses();
    s->set_clause(c.clause);
    s->set_kind(ClauseDiffKindEnum().ToProto(c.kind));
  }
  return out;
}

absl::StatusOr<TrackedChanges> DiffRedline(storage::Tx& tx, const std::string& ref,
                                           const v1::DiffTextRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> revisions, Revisions(tx, ref));
  SEC_ASSIGN_OR_RETURN(RedlineRevision to, Revision(revisions, req.to_revision(), "to_revision"));
  std::optional<RedlineRevision> from;
  if (req.from_revision() != 0) {
    SEC_ASSIGN_OR_RETURN(from, Revision(revisions, req.from_revision(), "from_revision"));
  }
  std::vector<ClauseChange> touched = to.changes;
  if (from.has_value()) touched.insert(touched.end(), from->changes.begin(), from->changes.end());
  SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, RowsOfClauses(tx, touched));
  std::set<std::string> only;
  for (const ClauseChange& c : touched) only.insert(c.clause);
  const ClauseTexts before =
      from.has_value() ? TextOfRevision(rows, *from) : TextInVersion(rows, to.base_version);
  const std::string from_label = from.has_value() ? absl::StrCat(ref, " revision ", from->revision)
                                                  : absl::StrCat("version ", to.base_version);
  return Compare(
      absl::StrCat(ref, " proposed legal text: ", from_label, " to revision ", to.revision),
      from_label, absl::StrCat(ref, " revision ", to.revision), before, TextOfRevision(rows, to),
      &only);
}

absl::StatusOr<TrackedChanges> DiffVersions(storage::Tx& tx, const v1::DiffTextRequest& req) {
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(req.from_version(), "from_version"));
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(req.to_version(), "to_version"));
  std::vector<ClauseVersion> rows;
  std::string what;
  if (!req.clause().empty()) {
    SEC_ASSIGN_OR_RETURN(std::string clause, ParseClauseName(req.clause(), "clause"));
    SEC_ASSIGN_OR_RETURN(rows, storage::ClauseRows(tx, clause));
    what = absl::StrCat("SEC ", clause);
  } else if (!req.section().empty()) {
    SEC_ASSIGN_OR_RETURN(std::string section, ParseSectionName(req.section(), "section"));
    SEC_ASSIGN_OR_RETURN(rows, storage::SectionRows(tx, section));
    what = absl::StrCat("SEC Section ", section);
  } else {
    return InvalidField("section", "give section, clause or modification");
  }
  return Compare(absl::StrCat(what, ": version ", req.from_version(), " to ", req.to_version()),
                 req.from_version(), req.to_version(), TextInVersion(rows, req.from_version()),
                 TextInVersion(rows, req.to_version()));
}

}  // namespace

absl::StatusOr<v1::ImportSectionTextResponse> ImportSectionText(
    Call& call, const v1::ImportSectionTextRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string section, ParseSectionName(req.section(), "section"));
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(req.version(), "version"));
  SEC_ASSIGN_OR_RETURN(std::vector<ImportedClause> clauses,
                       ParseSectionText(section, req.source(), "source"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::ImportSectionTextResponse> {
    SEC_RETURN_IF_ERROR(storage::DeleteSectionRows(tx, section, req.version()));
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::SectionRows(tx, section));
    const std::vector<ClauseVersion> changed =
        ImportedRows(TextBefore(rows, req.version()), clauses, req.version());
    storage::InsertClauseRows(tx, changed, call.NowMicros());
    v1::ImportSectionTextResponse out;
    v1::Section after;
    after.set_name(SectionName(section));
    after.set_version(req.version());
    for (const ClauseVersion& c : changed) *out.add_changed() = *after.add_clauses() = ToProto(c);
    SEC_RETURN_IF_ERROR(call.Recorded(tx, after, "import_text", call.Today()).status());
    return out;
  });
}

absl::StatusOr<v1::Clause> GetClause(Call& call, const v1::GetClauseRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string clause, ParseClauseName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Clause> {
    SEC_ASSIGN_OR_RETURN(std::string version, VersionToRead(call, tx, req.version(), req.date()));
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::ClauseRows(tx, clause));
    std::vector<ClauseVersion> in_force = RowsInForce(rows, version);
    if (in_force.empty()) {
      return absl::NotFoundError(
          absl::StrCat("clauses/", clause, " is not in SEC version ", version));
    }
    return ToProto(in_force.front());
  });
}

absl::StatusOr<v1::Section> GetSection(Call& call, const v1::GetSectionRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string section, ParseSectionName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Section> {
    SEC_ASSIGN_OR_RETURN(std::string version, VersionToRead(call, tx, req.version(), req.date()));
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::SectionRows(tx, section));
    v1::Section out;
    out.set_name(SectionName(section));
    out.set_version(version);
    for (const ClauseVersion& c : RowsInForce(rows, version)) *out.add_clauses() = ToProto(c);
    if (out.clauses().empty()) {
      return absl::NotFoundError(absl::StrCat("sections/", section, " has no text in SEC version ",
                                              version, " (ImportSectionText)"));
    }
    return out;
  });
}

absl::StatusOr<v1::ListClauseVersionsResponse> ListClauseVersions(
    Call& call, const v1::ListClauseVersionsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string clause, ParseClauseName(req.parent(), "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListClauseVersionsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::ClauseRows(tx, clause));
    std::sort(rows.begin(), rows.end(), [](const ClauseVersion& a, const ClauseVersion& b) {
      return VersionNumberLess(a.version, b.version);
    });
    v1::ListClauseVersionsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("clauseVersions|", clause), req.page_size(), req.page_token(),
        [](const ClauseVersion& c) { return VersionSortKey(c.version); }, rows,
        out.mutable_next_page_token()));
    for (const ClauseVersion& c : rows) *out.add_clauses() = ToProto(c);
    return out;
  });
}

absl::StatusOr<v1::ListChangedClausesResponse> ListChangedClauses(
    Call& call, const v1::ListChangedClausesRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string version, ParseVersionName(req.parent(), "parent"));
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(version, "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListChangedClausesResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, storage::VersionRows(tx, version));
    std::sort(rows.begin(), rows.end(), [](const ClauseVersion& a, const ClauseVersion& b) {
      return ClauseIdLess(a.clause, b.clause);
    });
    v1::ListChangedClausesResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("changedClauses|", version), req.page_size(), req.page_token(),
        [](const ClauseVersion& c) { return ClauseSortKey(c.clause); }, rows,
        out.mutable_next_page_token()));
    for (const ClauseVersion& c : rows) *out.add_clauses() = ToProto(c);
    return out;
  });
}

absl::StatusOr<v1::DiffTextResponse> DiffText(Call& call, const v1::DiffTextRequest& req) {
  std::string ref;
  if (!req.modification().empty()) {
    SEC_ASSIGN_OR_RETURN(ref, ParseModificationName(req.modification(), "modification"));
  }
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::DiffTextResponse> {
    SEC_ASSIGN_OR_RETURN(TrackedChanges doc,
                         ref.empty() ? DiffVersions(tx, req) : DiffRedline(tx, ref, req));
    return Rendered(doc, req.format());
  });
}

absl::StatusOr<v1::Redline> SetRedline(Call& call, const v1::SetRedlineRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  RedlineRevision r;
  r.modification = ref;
  r.base_version = req.base_version();
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(r.base_version, "base_version"));
  for (int i = 0; i < req.changes_size(); ++i) {
    const v1::ClauseChange& in = req.changes(i);
    const std::string field = absl::StrCat("changes[", i, "]");
    ClauseChange c;
    SEC_RETURN_IF_ERROR(ValidateClauseId(in.clause(), absl::StrCat(field, ".clause")));
    c.clause = in.clause();
    SEC_ASSIGN_OR_RETURN(c.kind,
                         ClauseChangeKindEnum().FromProto(in.kind(), absl::StrCat(field, ".kind")));
    c.text = in.text();
    r.changes.push_back(std::move(c));
  }
  r.comment = req.comment();
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Redline> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckMayEdit(m, call.who()));
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, RowsOfClauses(tx, r.changes));
    const ClauseTexts base = TextInVersion(rows, r.base_version);
    SEC_RETURN_IF_ERROR(CheckRedline(&r.changes, [&](absl::string_view clause) {
      auto it = base.find(std::string(clause));
      return it == base.end() ? std::nullopt : std::optional<std::string>(it->second);
    }));
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> held, storage::ListRedlines(tx, ref));
    return KeepRevision(call, tx, std::move(r), held);
  });
}

absl::StatusOr<v1::Redline> GetRedline(Call& call, const v1::GetRedlineRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseRedlineName(req.name(), "name"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::Redline> {
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> revisions, Revisions(tx, ref));
    SEC_ASSIGN_OR_RETURN(RedlineRevision r, Revision(revisions, req.revision(), "revision"));
    return ToProto(r);
  });
}

absl::StatusOr<v1::ListRedlineRevisionsResponse> ListRedlineRevisions(
    Call& call, const v1::ListRedlineRevisionsRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseModificationName(req.parent(), "parent"));
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListRedlineRevisionsResponse> {
    SEC_RETURN_IF_ERROR(storage::GetModification(tx, ref).status());
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> rows, storage::ListRedlines(tx, ref));
    v1::ListRedlineRevisionsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("redlines|", ref), req.page_size(), req.page_token(),
        [](const RedlineRevision& r) {
          return absl::StrCat(absl::Dec(r.revision, absl::kZeroPad9));
        },
        rows, out.mutable_next_page_token()));
    for (const RedlineRevision& r : rows) *out.add_redlines() = ToProto(r);
    return out;
  });
}

absl::StatusOr<v1::Redline> RebaseRedline(Call& call, const v1::RebaseRedlineRequest& req) {
  SEC_ASSIGN_OR_RETURN(std::string ref, ParseRedlineName(req.name(), "name"));
  SEC_RETURN_IF_ERROR(ValidateVersionNumber(req.onto_version(), "onto_version"));
  return call.Write([&](storage::Tx& tx) -> absl::StatusOr<v1::Redline> {
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, ref));
    SEC_RETURN_IF_ERROR(CheckMayRebase(m, call.who()));
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> held, Revisions(tx, ref));
    RedlineRevision r = held.back();
    if (!VersionNumberLess(r.base_version, req.onto_version())) {
      return InvalidField(
          "onto_version",
          absl::StrCat("must be newer than the redline's base version ", r.base_version));
    }
    SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, RowsOfClauses(tx, r.changes));
    SEC_RETURN_IF_ERROR(CheckRebase(
        r, req.onto_version(), ClausesChangedBetween(rows, r.base_version, req.onto_version())));
    r.comment = absl::StrCat("rebased from version ", r.base_version, " onto ", req.onto_version());
    r.base_version = req.onto_version();
    return KeepRevision(call, tx, std::move(r), held);
  });
}

absl::StatusOr<v1::ListConflictsResponse> ListConflicts(Call& call,
                                                        const v1::ListConflictsRequest& req) {
  std::string release;
  if (!req.release().empty()) {
    SEC_ASSIGN_OR_RETURN(release, ParseReleaseName(req.release(), "release"));
  }
  return call.Read([&](storage::Tx& tx) -> absl::StatusOr<v1::ListConflictsResponse> {
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> redlines, OpenRedlines(tx, release));
    std::vector<TextConflict> conflicts = FindConflicts(redlines);
    v1::ListConflictsResponse out;
    SEC_RETURN_IF_ERROR(PageRows(
        absl::StrCat("conflicts|", release), req.page_size(), req.page_token(),
        [](const TextConflict& c) { return ClauseSortKey(c.clause); }, conflicts,
        out.mutable_next_page_token()));
    for (const TextConflict& c : conflicts) {
      v1::TextConflict* p = out.add_conflicts();
      p->set_clause(c.clause);
      for (const std::string& ref : c.modifications) p->add_modifications(ModificationName(ref));
    }
    return out;
  });
}

absl::StatusOr<std::vector<RedlineRevision>> OpenRedlines(storage::Tx& tx,
                                                          const std::string& release) {
  std::optional<std::set<std::string>> members;
  if (!release.empty()) {
    SEC_ASSIGN_OR_RETURN(Release r, storage::GetRelease(tx, release));
    members.emplace(r.modifications.begin(), r.modifications.end());
  }
  SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> latest, storage::LatestRedlineChanges(tx));
  std::vector<RedlineRevision> out;
  for (RedlineRevision& r : latest) {
    if (members.has_value() && members->count(r.modification) == 0) continue;
    SEC_ASSIGN_OR_RETURN(Modification m, storage::GetModification(tx, r.modification));
    if (HoldsRedline(m)) out.push_back(std::move(r));
  }
  return out;
}

absl::Status ConsolidateText(storage::Tx& tx, const SecVersion& v, int64_t now_us) {
  std::vector<RedlineRevision> redlines;
  std::vector<ClauseChange> touched;
  for (const std::string& ref : v.implements) {
    SEC_ASSIGN_OR_RETURN(std::vector<RedlineRevision> revisions, storage::ListRedlines(tx, ref));
    if (revisions.empty() || revisions.back().changes.empty()) continue;
    touched.insert(touched.end(), revisions.back().changes.begin(), revisions.back().changes.end());
    redlines.push_back(std::move(revisions.back()));
  }
  if (redlines.empty()) return absl::OkStatus();
  SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> rows, RowsOfClauses(tx, touched));
  SEC_ASSIGN_OR_RETURN(std::vector<ClauseVersion> consolidated,
                       Consolidate(redlines, v.number, [&](absl::string_view base) {
                         return ClausesChangedBetween(rows, base, v.number);
                       }));
  storage::InsertClauseRows(tx, consolidated, now_us);
  return absl::OkStatus();
}

}  // namespace sec::service
