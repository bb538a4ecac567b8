// secctl commands for RegisterService: parties, modifications, history, watch, import.
#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>

#include <algorithm>
#include <dirent.h>
#include <fstream>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "cli.h"
#include "sec/v1/register.grpc.pb.h"

namespace sec::cli {
namespace {

std::string Category(v1::PartyCategory c) {
  return ShortEnum(v1::PartyCategory_Name(c), "PARTY_CATEGORY_");
}

std::vector<std::string> PartyRow(const v1::Party& p) {
  return {p.name().substr(8), p.display_name(), Category(p.category())};
}

std::vector<std::string> ModificationRow(const v1::Modification& m) {
  return {m.name().substr(14), m.title(), m.status_title(),
          ShortEnum(v1::ModificationPath_Name(m.path()), "MODIFICATION_PATH_"),
          m.proposer().substr(8), m.date_raised()};
}

const std::vector<std::string> kModificationHeader = {"REFERENCE", "TITLE", "STATUS", "PATH",
                                                      "PROPOSER", "RAISED"};

int PartiesList(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::ListPartiesRequest req;
  if (args.Has("category")) req.set_filter("category = " + args.Get("category"));
  v1::ListPartiesResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return stub->ListParties(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : all.parties()) rows.push_back(PartyRow(p));
  cli.Print(all, {"ID", "NAME", "CATEGORY"}, rows);
  return 0;
}

int PartiesGet(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::GetPartyRequest req;
  req.set_name(Named(args.positional[0], "parties/"));
  v1::Party p;
  auto ctx = cli.Context();
  grpc::Status s = stub->GetParty(ctx.get(), req, &p);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(p);
  return 0;
}

bool ParseCategory(const std::string& text, v1::PartyCategory* c) {
  return v1::PartyCategory_Parse("PARTY_CATEGORY_" + text, c);
}

int PartiesCreate(Cli& cli, const Args& args) {
  v1::CreatePartyRequest req;
  req.set_party_id(args.positional[0]);
  req.mutable_party()->set_display_name(args.Get("name"));
  v1::PartyCategory c = v1::PARTY_CATEGORY_UNSPECIFIED;
  if (args.Has("category") && !ParseCategory(args.Get("category"), &c)) {
    return cli.UsageError("--category: one of LARGE_SUPPLIER, SMALL_SUPPLIER, "
                          "ELECTRICITY_NETWORK_PARTY, GAS_NETWORK_PARTY, OTHER_SEC_PARTY, DCC");
  }
  req.mutable_party()->set_category(c);
  req.set_request_id(RequestId(args));
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::Party p;
  auto ctx = cli.Context();
  grpc::Status s = stub->CreateParty(ctx.get(), req, &p);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(p);
  return 0;
}

int PartiesUpdate(Cli& cli, const Args& args) {
  v1::UpdatePartyRequest req;
  req.mutable_party()->set_name(Named(args.positional[0], "parties/"));
  req.mutable_party()->set_etag(args.Get("etag"));
  if (args.Has("name")) {
    req.mutable_party()->set_display_name(args.Get("name"));
    req.mutable_update_mask()->add_paths("display_name");
  }
  if (args.Has("category")) {
    v1::PartyCategory c;
    if (!ParseCategory(args.Get("category"), &c)) return cli.UsageError("--category: unknown category");
    req.mutable_party()->set_category(c);
    req.mutable_update_mask()->add_paths("category");
  }
  if (req.update_mask().paths().empty()) return cli.UsageError("nothing to update: give --name or --category");
  req.set_request_id(RequestId(args));
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::Party p;
  auto ctx = cli.Context();
  grpc::Status s = stub->UpdateParty(ctx.get(), req, &p);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(p);
  return 0;
}

// Builds the filter from convenience flags, ANDed with --filter.
std::string ModificationFilter(const Args& args) {
  std::vector<std::string> terms;
  auto quoted = [](const std::string& v) {
    std::string out = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out + "\"";
  };
  if (args.Has("open")) terms.push_back("open = true");
  if (args.Has("closed")) terms.push_back("open = false");
  if (args.Has("status")) terms.push_back("status = " + args.Get("status"));
  if (args.Has("path")) terms.push_back("path = " + args.Get("path"));
  if (args.Has("proposer")) terms.push_back("proposer = " + quoted(args.Get("proposer")));
  if (args.Has("section")) terms.push_back("section = " + quoted(args.Get("section")));
  if (args.Has("raised-from")) terms.push_back("date_raised >= " + quoted(args.Get("raised-from")));
  if (args.Has("raised-to")) terms.push_back("date_raised <= " + quoted(args.Get("raised-to")));
  if (args.Has("title")) terms.push_back("title : " + quoted(args.Get("title")));
  if (args.Has("waiting-on")) terms.push_back("waiting_on = " + args.Get("waiting-on"));
  if (args.Has("release")) terms.push_back("release = " + quoted(args.Get("release")));
  if (args.Has("filter")) terms.push_back(args.Get("filter"));
  return absl::StrJoin(terms, " AND ");
}

int ModificationsList(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::ListModificationsRequest req;
  req.set_filter(ModificationFilter(args));
  req.set_order_by(args.Get("order-by"));
  req.set_page_size(static_cast<int32_t>(args.GetInt("page-size", 0)));
  req.set_page_token(args.Get("page-token"));
  auto one = [&](const v1::ListModificationsRequest& r, v1::ListModificationsResponse* page) {
    return stub->ListModifications(cli.Context().get(), r, page);
  };
  // One page when asked for (its next_page_token kept), else every page in one response.
  const bool one_page = args.Has("page-token") || args.Has("page-size");
  v1::ListModificationsResponse resp;
  grpc::Status s = one_page ? one(req, &resp) : AllPages(req, &resp, one);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : resp.modifications()) rows.push_back(ModificationRow(m));
  cli.Print(resp, kModificationHeader, rows);
  if (!resp.next_page_token().empty()) {
    cli.err() << "next page: --page-token " << resp.next_page_token() << "\n";
  }
  return 0;
}

// Open proposals and who each waits on now (derived by the server), optionally only those
// waiting on one body.
int ModificationsWaiting(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::ListModificationsRequest req;
  std::string filter = "open = true";
  if (!args.positional.empty()) {
    std::string body = args.positional[0];
    for (char& c : body) c = (c == '-') ? '_' : static_cast<char>(std::toupper(c));
    absl::StrAppend(&filter, " AND waiting_on = ", body);
  }
  req.set_filter(filter);
  v1::ListModificationsResponse resp;
  grpc::Status s = AllPages(req, &resp, [&](const auto& r, auto* page) {
    return stub->ListModifications(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& m : resp.modifications()) {
    rows.push_back({ShortEnum(v1::WaitingOn_Name(m.waiting_on()), "WAITING_ON_"),
                    m.name().substr(14), m.title(), m.status_title()});
  }
  std::stable_sort(rows.begin(), rows.end(),
                   [](const auto& a, const auto& b) { return a[0] < b[0]; });
  cli.Print(resp, {"WAITING_ON", "REFERENCE", "TITLE", "STATUS"}, rows);
  return 0;
}

int ModificationsGet(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::GetModificationRequest req;
  req.set_name(Named(args.positional[0], "modifications/"));
  v1::Modification m;
  auto ctx = cli.Context();
  grpc::Status s = stub->GetModification(ctx.get(), req, &m);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(m);
  return 0;
}

int ModificationsRaise(Cli& cli, const Args& args) {
  v1::CreateModificationRequest req;
  v1::Modification* m = req.mutable_modification();
  m->set_title(args.Get("title"));
  if (args.Has("proposer")) m->set_proposer(Named(args.Get("proposer"), "parties/"));
  for (const auto& s : args.repeated("section")) m->add_sections(s);
  m->set_problem_statement(args.Get("problem"));
  for (const auto& c : args.repeated("change")) m->add_intended_changes(c);
  m->set_fast_track(args.Has("fast-track"));
  m->set_urgent(args.Has("urgent"));
  m->set_date_raised(args.Get("date-raised"));
  req.set_request_id(RequestId(args));
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::Modification out;
  auto ctx = cli.Context();
  grpc::Status s = stub->CreateModification(ctx.get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int ModificationsUpdate(Cli& cli, const Args& args) {
  v1::UpdateModificationRequest req;
  v1::Modification* m = req.mutable_modification();
  m->set_name(Named(args.positional[0], "modifications/"));
  m->set_etag(args.Get("etag"));
  auto mask = req.mutable_update_mask();
  if (args.Has("title")) {
    m->set_title(args.Get("title"));
    mask->add_paths("title");
  }
  if (args.Has("section")) {
    for (const auto& s : args.repeated("section")) m->add_sections(s);
    mask->add_paths("sections");
  }
  if (args.Has("problem")) {
    m->set_problem_statement(args.Get("problem"));
    mask->add_paths("problem_statement");
  }
  if (args.Has("change")) {
    for (const auto& c : args.repeated("change")) m->add_intended_changes(c);
    mask->add_paths("intended_changes");
  }
  if (args.Has("comment")) {
    m->set_comment(args.Get("comment"));
    mask->add_paths("comment");
  }
  if (mask->paths().empty()) return cli.UsageError("nothing to update; see --help");
  req.set_request_id(RequestId(args));
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::Modification out;
  auto ctx = cli.Context();
  grpc::Status s = stub->UpdateModification(ctx.get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int ModificationsWithdraw(Cli& cli, const Args& args) {
  v1::WithdrawModificationRequest req;
  req.set_name(Named(args.positional[0], "modifications/"));
  req.set_etag(args.Get("etag"));
  req.set_reason(args.Get("reason"));
  req.set_effective_date(args.Get("date"));
  req.set_request_id(RequestId(args));
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::Modification out;
  auto ctx = cli.Context();
  grpc::Status s = stub->WithdrawModification(ctx.get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

std::vector<std::string> EventRow(const v1::Event& e) {
  return {absl::StrCat(e.sequence()), e.effective_date(), e.resource(), e.kind(),
          e.status() ? ShortEnum(v1::ModificationStatus_Name(e.status()), "MODIFICATION_STATUS_")
                     : "",
          e.principal(), e.note()};
}
const std::vector<std::string> kEventHeader = {"SEQ", "EFFECTIVE", "RESOURCE", "KIND",
                                               "STATUS", "BY", "NOTE"};

int ModificationsHistory(Cli& cli, const Args& args) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::ListModificationEventsRequest req;
  req.set_parent(Named(args.positional[0], "modifications/"));
  v1::ListModificationEventsResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return stub->ListModificationEvents(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : all.events()) rows.push_back(EventRow(e));
  cli.Print(all, kEventHeader, rows);
  return 0;
}

int Watch(Cli& cli, const Args& args) {
  const int64_t count = args.GetInt("count", 0);
  auto stub = v1::RegisterService::NewStub(cli.channel());
  v1::WatchEventsRequest req;
  req.set_from_sequence(args.GetInt("from", 0));
  req.set_resource_prefix(args.Get("prefix"));
  // No deadline: a watch runs until stopped (or --count events arrived).
  std::unique_ptr<grpc::ClientContext> wctx = cli.Context();
  wctx->set_deadline(std::chrono::system_clock::time_point::max());
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub->WatchEvents(wctx.get(), req);
  v1::Event e;
  int64_t seen = 0;
  // A stream: the header first, then each event as it arrives (-o json: one document per line).
  if (!cli.json()) cli.PrintTable(kEventHeader, {});
  while (reader->Read(&e)) {
    if (cli.json()) {
      google::protobuf::util::JsonPrintOptions opts;
      opts.preserve_proto_field_names = true;
      std::string json;
      (void)google::protobuf::util::MessageToJsonString(e, &json, opts);
      cli.out() << json << "\n";
    } else {
      cli.PrintRow(EventRow(e));
    }
    cli.out().flush();
    if (count > 0 && ++seen >= count) {
      wctx->TryCancel();
      break;
    }
  }
  grpc::Status s = reader->Finish();
  if (!s.ok() && !(count > 0 && seen >= count)) return cli.Fail(s);
  return 0;
}

std::vector<std::string> ImportFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    struct stat st;
    if (stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
      std::vector<std::string> inside;
      if (DIR* d = opendir(p.c_str())) {
        while (dirent* ent = readdir(d)) {
          std::string name = ent->d_name;
          if (absl::EndsWith(name, ".json")) inside.push_back(p + "/" + name);
        }
        closedir(d);
      }
      std::sort(inside.begin(), inside.end());
      files.insert(files.end(), inside.begin(), inside.end());
    } else {
      files.push_back(p);
    }
  }
  return files;
}

int Import(Cli& cli, const Args& args) {
  for (const std::string& file : ImportFiles(args.positional)) {
    std::ifstream in(file);
    if (!in) return cli.UsageError("cannot read " + file);
    std::stringstream ss;
    ss << in.rdbuf();
    v1::ReferenceData data;
    google::protobuf::util::JsonParseOptions opts;
    auto parsed = google::protobuf::util::JsonStringToMessage(ss.str(), &data, opts);
    if (!parsed.ok()) {
      return cli.UsageError(file + ": not a sec.v1.ReferenceData JSON file: " +
                            std::string(parsed.message()));
    }
    int created = 0, unchanged = 0;
    for (int i = 0; i < data.steps_size(); ++i) {
      const v1::ImportStep& step = data.steps(i);
      std::optional<grpc::Status> s = RunRegisterImportStep(cli, step);
      if (!s) s = RunGovernanceImportStep(cli, step);
      if (!s) s = RunCreditImportStep(cli, step);
      if (!s) s = RunReleaseImportStep(cli, step);
      if (!s) {
        cli.err() << "secctl: " << file << " step " << i + 1 << ": not a request this secctl knows\n";
        return 2;
      }
      if (s->error_code() == grpc::StatusCode::ALREADY_EXISTS) {
        ++unchanged;  // loaded before under another request_id: already there
        continue;
      }
      if (!s->ok()) {
        cli.err() << "secctl: " << file << " step " << i + 1
                  << (step.comment().empty() ? "" : " (" + step.comment() + ")") << "\n";
        return cli.Fail(*s);
      }
      ++created;
    }
    cli.err() << file << ": " << data.steps_size() << " steps applied (" << unchanged
              << " already present)\n";
    (void)created;
  }
  return 0;
}

}  // namespace

std::optional<grpc::Status> RunRegisterImportStep(Cli& cli, const v1::ImportStep& step) {
  auto stub = v1::RegisterService::NewStub(cli.channel());
  auto ctx = cli.Context();
  switch (step.request_case()) {
    case v1::ImportStep::kCreateParty: {
      v1::Party out;
      return stub->CreateParty(ctx.get(), step.create_party(), &out);
    }
    case v1::ImportStep::kCreateModification: {
      v1::Modification out;
      return stub->CreateModification(ctx.get(), step.create_modification(), &out);
    }
    default:
      return std::nullopt;
  }
}

void AddRegisterCommands(std::vector<Command>* out) {
  const FlagSpec etag{"etag", "only if the resource still has this etag (else ABORTED)"};
  out->push_back({"parties list", "List SEC Parties", "",
                  {{"category", "only this category, e.g. LARGE_SUPPLIER"}}, PartiesList});
  out->push_back({"parties get", "Show one party", "ID", {}, PartiesGet});
  out->push_back({"parties create", "Register a party (SECAS)", "ID",
                  {{"name", "display name"},
                   {"category", "LARGE_SUPPLIER, SMALL_SUPPLIER, ELECTRICITY_NETWORK_PARTY, "
                                "GAS_NETWORK_PARTY, OTHER_SEC_PARTY or DCC"},
                   RequestIdFlag()},
                  PartiesCreate});
  out->push_back({"parties update", "Change a party's name or category (SECAS)", "ID",
                  {{"name", "new display name"}, {"category", "new category"}, etag,
                   RequestIdFlag()},
                  PartiesUpdate});
  out->push_back({"modifications waiting",
                  "Open proposals and who each waits on (optionally one body: dcc, panel, ...)",
                  "[BODY]",
                  {},
                  ModificationsWaiting});
  out->push_back({"modifications list",
                  "List Modification Proposals (all pages unless --page-size)",
                  "",
                  {{"open", "open proposals only", FlagKind::kSwitch},
                   {"closed", "closed proposals only", FlagKind::kSwitch},
                   {"status", "e.g. REFINEMENT"},
                   {"path", "PATH_1, PATH_2 or PATH_3"},
                   {"proposer", "party id, e.g. british-gas"},
                   {"section", "SEC section, e.g. D"},
                   {"raised-from", "raised on or after YYYY-MM-DD"},
                   {"raised-to", "raised on or before YYYY-MM-DD"},
                   {"title", "title contains (case-insensitive)"},
                   {"waiting-on", "SECAS, PANEL, DCC, CHANGE_BOARD, AUTHORITY, SECRETARY_OF_STATE"},
                   {"release", "release id, e.g. 2017-06"},
                   {"filter", "raw filter, e.g. 'status = REFINEMENT AND section = \"D\"'"},
                   {"order-by", "name, date_raised, title or status, optionally with ' desc'"},
                   {"page-size", "one page of this size", FlagKind::kInt},
                   {"page-token", "continue from a previous page"}},
                  ModificationsList});
  out->push_back({"modifications get", "Show one proposal", "SECMPnnnn", {}, ModificationsGet});
  out->push_back({"modifications raise",
                  "Raise a Modification Proposal",
                  "",
                  {{"title", "the proposal's title"},
                   {"proposer", "party id (default: your own party)"},
                   {"section", "SEC section affected (repeatable)", FlagKind::kList},
                   {"problem", "problem statement"},
                   {"change", "an intended change (repeatable)", FlagKind::kList},
                   {"fast-track", "ask for fast-track", FlagKind::kSwitch},
                   {"urgent", "mark urgent", FlagKind::kSwitch},
                   {"date-raised", "historical date (SECAS only)"},
                   RequestIdFlag()},
                  ModificationsRaise});
  out->push_back({"modifications update",
                  "Edit a proposal's text (proposer or SECAS)",
                  "SECMPnnnn",
                  {{"title", "new title"},
                   {"section", "replace sections (repeatable)", FlagKind::kList},
                   {"problem", "new problem statement"},
                   {"change", "replace intended changes (repeatable)", FlagKind::kList},
                   {"comment", "new comment"},
                   etag,
                   RequestIdFlag()},
                  ModificationsUpdate});
  out->push_back({"modifications withdraw", "Withdraw your proposal", "SECMPnnnn",
                  {{"reason", "why"}, {"date", "effective date (default today)"}, etag,
                   RequestIdFlag()},
                  ModificationsWithdraw});
  out->push_back({"modifications history", "A proposal's full history, oldest first",
                  "SECMPnnnn", {}, ModificationsHistory});
  out->push_back({"watch",
                  "Stream history events as they happen",
                  "",
                  {{"from", "start after this sequence (default 0: everything)", FlagKind::kInt},
                   {"prefix", "only resources starting with this, e.g. modifications/"},
                   {"count", "stop after this many events", FlagKind::kInt}},
                  Watch});
  out->push_back({"import", "Load reference data files (protobuf JSON of sec.v1.ReferenceData); "
                            "a directory loads its .json files in name order; idempotent",
                  "FILE|DIR...", {}, Import});
}

}  // namespace sec::cli
