// secctl commands for LegalTextService: the SEC's text per version, tracked changes, proposals'
// redlines and the conflicts between them.
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "cli.h"
#include "sec/v1/text.grpc.pb.h"

namespace sec::cli {
namespace {

using Stub = v1::LegalTextService::Stub;

std::string Mod(const std::string& id) { return Named(id, "modifications/"); }
std::string Short(const std::string& name) { return name.substr(name.rfind('/') + 1); }
// "G" is a section, "G7.6" a clause.
bool IsClause(const std::string& id) {
  return std::any_of(id.begin(), id.end(), [](char c) { return absl::ascii_isdigit(c); });
}

// A clause as Markdown: its heading, then its text.
std::string ClauseMarkdown(const v1::Clause& c) {
  return absl::StrCat("## ", c.clause(), "\n\n", c.text(), "\n");
}

// Writes `content` to --out when given, else to stdout.
int Emit(Cli& cli, const Args& args, const std::string& content) {
  if (!args.Has("out")) {
    cli.out() << content;
    return 0;
  }
  std::ofstream f(args.Get("out"), std::ios::binary);
  f << content;
  if (!f) return cli.UsageError(absl::StrCat("--out: cannot write ", args.Get("out")));
  return 0;
}

int TextImport(Cli& cli, const Args& args) {
  v1::ImportSectionTextRequest req;
  req.set_section(Named(args.positional[0], "sections/"));
  req.set_version(args.Get("version"));
  absl::StatusOr<std::string> source = ReadInputFile(args.Get("file"));
  if (!source.ok()) return cli.UsageError(absl::StrCat("--file: ", source.status().message()));
  req.set_source(*source);
  req.set_request_id(RequestId(args));
  v1::ImportSectionTextResponse resp;
  grpc::Status s = Send(cli, &Stub::ImportSectionText, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::Clause& c : resp.changed()) {
    rows.push_back({c.clause(), c.version(), c.deleted() ? "deleted" : "changed"});
  }
  cli.Print(resp, {"CLAUSE", "VERSION", "CHANGE"}, rows);
  return 0;
}

int TextGet(Cli& cli, const Args& args) {
  const std::string id = args.positional[0];
  if (IsClause(id)) {
    v1::GetClauseRequest req;
    req.set_name(Named(id, "clauses/"));
    req.set_version(args.Get("version"));
    req.set_date(args.Get("date"));
    v1::Clause c;
    grpc::Status s = Send(cli, &Stub::GetClause, req, &c);
    if (!s.ok()) return cli.Fail(s);
    if (cli.json()) {
      cli.PrintMessage(c);
      return 0;
    }
    cli.out() << ClauseMarkdown(c);
    return 0;
  }
  v1::GetSectionRequest req;
  req.set_name(Named(id, "sections/"));
  req.set_version(args.Get("version"));
  req.set_date(args.Get("date"));
  v1::Section section;
  grpc::Status s = Send(cli, &Stub::GetSection, req, &section);
  if (!s.ok()) return cli.Fail(s);
  if (cli.json()) {
    cli.PrintMessage(section);
    return 0;
  }
  cli.out() << "# SEC Section " << Short(section.name()) << " (version " << section.version()
            << ")\n";
  for (const v1::Clause& c : section.clauses()) cli.out() << "\n" << ClauseMarkdown(c);
  return 0;
}

int TextDiff(Cli& cli, const Args& args) {
  v1::DiffTextRequest req;
  if (args.Has("section")) req.set_section(Named(args.Get("section"), "sections/"));
  if (args.Has("clause")) req.set_clause(Named(args.Get("clause"), "clauses/"));
  if (args.Has("modification")) req.set_modification(Mod(args.Get("modification")));
  req.set_from_version(args.Get("from"));
  req.set_to_version(args.Get("to"));
  req.set_from_revision(static_cast<int32_t>(args.GetInt("from-revision", 0)));
  req.set_to_revision(static_cast<int32_t>(args.GetInt("to-revision", 0)));
  v1::TextFormat format = v1::TEXT_FORMAT_MARKDOWN;
  if (args.Has("format") && !ParseEnum<v1::TextFormat>(v1::TextFormat_Parse, "TEXT_FORMAT_",
                                                       args.Get("format"), &format)) {
    return cli.UsageError("--format: markdown or html");
  }
  req.set_format(format);
  v1::DiffTextResponse resp;
  grpc::Status s = Send(cli, &Stub::DiffText, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  if (cli.json()) {
    cli.PrintMessage(resp);
    return 0;
  }
  return Emit(cli, args, resp.content());
}

std::vector<std::string> ClauseRow(const v1::Clause& c) {
  std::string first_line = c.text().substr(0, c.text().find('\n'));
  if (first_line.size() > 60) first_line = first_line.substr(0, 57) + "...";
  return {c.clause(), c.version(), c.deleted() ? "deleted" : "",
          c.modification().empty() ? "" : Short(c.modification()), first_line};
}

int TextHistory(Cli& cli, const Args& args) {
  v1::ListClauseVersionsRequest req;
  req.set_parent(Named(args.positional[0], "clauses/"));
  v1::ListClauseVersionsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListClauseVersions, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::Clause& c : resp.clauses()) rows.push_back(ClauseRow(c));
  cli.Print(resp, {"CLAUSE", "VERSION", "DELETED", "BY", "TEXT"}, rows);
  return 0;
}

int TextChanged(Cli& cli, const Args& args) {
  v1::ListChangedClausesRequest req;
  req.set_parent(Named(args.positional[0], "versions/"));
  v1::ListChangedClausesResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListChangedClauses, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::Clause& c : resp.clauses()) rows.push_back(ClauseRow(c));
  cli.Print(resp, {"CLAUSE", "VERSION", "DELETED", "BY", "TEXT"}, rows);
  return 0;
}

// --amend G7.8=FILE, --insert G7.13=FILE, --delete G7.9: one clause change each.
bool AddChanges(Cli& cli, const Args& args, v1::SetRedlineRequest* req, int* status) {
  for (const auto& [flag, kind] : {std::pair{"amend", v1::CLAUSE_CHANGE_KIND_AMEND},
                                   std::pair{"insert", v1::CLAUSE_CHANGE_KIND_INSERT}}) {
    for (const std::string& given : args.repeated(flag)) {
      std::vector<std::string> parts = absl::StrSplit(given, absl::MaxSplits('=', 1));
      if (parts.size() != 2) {
        *status = cli.UsageError(absl::StrCat("--", flag, ": CLAUSE=FILE, like G7.8=g78.txt"));
        return false;
      }
      absl::StatusOr<std::string> text = ReadInputFile(parts[1]);
      if (!text.ok()) {
        *status = cli.UsageError(absl::StrCat("--", flag, ": ", text.status().message()));
        return false;
      }
      v1::ClauseChange* c = req->add_changes();
      c->set_clause(parts[0]);
      c->set_kind(kind);
      c->set_text(std::string(absl::StripTrailingAsciiWhitespace(*text)));
    }
  }
  for (const std::string& clause : args.repeated("delete")) {
    v1::ClauseChange* c = req->add_changes();
    c->set_clause(clause);
    c->set_kind(v1::CLAUSE_CHANGE_KIND_DELETE);
  }
  return true;
}

void PrintRedline(Cli& cli, const v1::Redline& r) {
  if (cli.json()) {
    cli.PrintMessage(r);
    return;
  }
  std::vector<std::vector<std::string>> rows;
  for (const v1::ClauseChange& c : r.changes()) {
    rows.push_back({c.clause(),
                    ShortEnum(v1::ClauseChangeKind_Name(c.kind()), "CLAUSE_CHANGE_KIND_"),
                    c.text().substr(0, std::min<size_t>(c.text().size(), 60))});
  }
  cli.out() << r.name() << " revision " << r.revision() << " on version " << r.base_version()
            << " by " << r.author() << "\n";
  cli.PrintTable({"CLAUSE", "CHANGE", "TEXT"}, rows);
}

int RedlineSet(Cli& cli, const Args& args) {
  v1::SetRedlineRequest req;
  req.set_parent(Mod(args.positional[0]));
  req.set_base_version(args.Get("base"));
  req.set_comment(args.Get("comment"));
  int status = 0;
  if (!AddChanges(cli, args, &req, &status)) return status;
  req.set_request_id(RequestId(args));
  v1::Redline r;
  grpc::Status s = Send(cli, &Stub::SetRedline, req, &r);
  if (!s.ok()) return cli.Fail(s);
  PrintRedline(cli, r);
  return 0;
}

int RedlineGet(Cli& cli, const Args& args) {
  v1::GetRedlineRequest req;
  req.set_name(Mod(args.positional[0]) + "/redline");
  req.set_revision(static_cast<int32_t>(args.GetInt("revision", 0)));
  v1::Redline r;
  grpc::Status s = Send(cli, &Stub::GetRedline, req, &r);
  if (!s.ok()) return cli.Fail(s);
  PrintRedline(cli, r);
  return 0;
}

int RedlineRevisions(Cli& cli, const Args& args) {
  v1::ListRedlineRevisionsRequest req;
  req.set_parent(Mod(args.positional[0]));
  v1::ListRedlineRevisionsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListRedlineRevisions, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::Redline& r : resp.redlines()) {
    rows.push_back({absl::StrCat(r.revision()), r.base_version(), absl::StrJoin(r.sections(), " "),
                    r.author(), r.comment()});
  }
  cli.Print(resp, {"REVISION", "BASE", "CLAUSES", "AUTHOR", "COMMENT"}, rows);
  return 0;
}

int RedlineRebase(Cli& cli, const Args& args) {
  v1::RebaseRedlineRequest req;
  req.set_name(Mod(args.positional[0]) + "/redline");
  req.set_onto_version(args.Get("onto"));
  req.set_request_id(RequestId(args));
  v1::Redline r;
  grpc::Status s = Send(cli, &Stub::RebaseRedline, req, &r);
  if (!s.ok()) return cli.Fail(s);
  PrintRedline(cli, r);
  return 0;
}

int ConflictsList(Cli& cli, const Args& args) {
  v1::ListConflictsRequest req;
  if (args.Has("release")) req.set_release(Named(args.Get("release"), "releases/"));
  v1::ListConflictsResponse resp;
  grpc::Status s = SendAllPages(cli, &Stub::ListConflicts, req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::TextConflict& c : resp.conflicts()) {
    std::vector<std::string> refs;
    for (const std::string& m : c.modifications()) refs.push_back(Short(m));
    rows.push_back({c.clause(), absl::StrJoin(refs, " ")});
  }
  cli.Print(resp, {"CLAUSE", "PROPOSALS"}, rows);
  return 0;
}

}  // namespace

void AddTextCommands(std::vector<Command>* out) {
  const FlagSpec rid = RequestIdFlag();
  const FlagSpec version{"version", "the SEC version to read, e.g. 5.5 (default: in force)"};
  const FlagSpec date{"date", "read the version in force on this day, YYYY-MM-DD"};
  out->push_back({"text import",
                  "Import a section's text as it stands in a version (SECAS), from plain text or "
                  "Markdown whose headings are clause numbers (## G7.6)",
                  "SECTION",
                  {{"version", "the version the text stands in, e.g. 5.5"},
                   {"file", "the section's text"},
                   rid},
                  TextImport});
  out->push_back({"text get",
                  "A clause (G7.6) or a section (G) as in force in a version or on a date",
                  "CLAUSE|SECTION",
                  {version, date},
                  TextGet});
  out->push_back({"text diff",
                  "Tracked changes of a section, a clause or a proposal's redline",
                  "",
                  {{"section", "a section, e.g. J"},
                   {"clause", "a clause, e.g. J3.2"},
                   {"modification", "a proposal's redline, e.g. SECMP0026"},
                   {"from", "the earlier version"},
                   {"to", "the later version"},
                   {"from-revision",
                    "with --modification: from this revision (default: its base "
                    "version's text)",
                    FlagKind::kInt},
                   {"to-revision", "with --modification: to this revision (default: the latest)",
                    FlagKind::kInt},
                   {"format", "markdown (default) or html"},
                   {"out", "write to this file instead of stdout"}},
                  TextDiff});
  out->push_back({"text history", "Every version's text of a clause", "CLAUSE", {}, TextHistory});
  out->push_back({"text changed", "The clauses a version changed", "VERSION", {}, TextChanged});
  out->push_back({"modifications redline set",
                  "Keep a new revision of a proposal's proposed legal text (its proposer or "
                  "SECAS): every clause it changes",
                  "SECMPnnnn",
                  {{"base", "the version it is drafted on, e.g. 5.5"},
                   {"amend", "CLAUSE=FILE: the clause's new text (repeatable)", FlagKind::kList},
                   {"insert", "CLAUSE=FILE: a new clause (repeatable)", FlagKind::kList},
                   {"delete", "CLAUSE: delete it (repeatable)", FlagKind::kList},
                   {"comment", "why this revision"},
                   rid},
                  RedlineSet});
  out->push_back({"modifications redline get",
                  "A proposal's redline (the latest revision, or --revision N)",
                  "SECMPnnnn",
                  {{"revision", "the revision", FlagKind::kInt}},
                  RedlineGet});
  out->push_back({"modifications redline revisions",
                  "Every revision of a proposal's redline",
                  "SECMPnnnn",
                  {},
                  RedlineRevisions});
  out->push_back({"modifications redline rebase",
                  "Move a redline onto a newer version (refused naming the clause if it changed)",
                  "SECMPnnnn",
                  {{"onto", "the newer version, e.g. 5.6"}, rid},
                  RedlineRebase});
  out->push_back({"conflicts list",
                  "Clauses more than one open or approved proposal's redline changes",
                  "",
                  {{"release", "only the proposals in this release, e.g. 2017-06"}},
                  ConflictsList});
}

}  // namespace sec::cli
