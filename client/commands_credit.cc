// secctl commands for CreditCoverService (SPEC 4): policies, assessments, charges, credit
// support, calculation, portfolio (with an SVG chart), policy comparison, the daily check,
// notices and defaults, bulk import; and the credit steps of `secctl import`.
#include <unistd.h>

#include <fstream>
#include <map>
#include <random>
#include <regex>
#include <sstream>

#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "cli.h"
#include "sec/v1/credit.grpc.pb.h"
#include "csv.h"
#include "svg_chart.h"

namespace sec::cli {
namespace {

// "£1,234.56" from integer pence (integer formatting only: money never meets floating point).
std::string Pounds(int64_t pence) {
  const bool neg = pence < 0;
  const uint64_t p = neg ? 0 - static_cast<uint64_t>(pence) : static_cast<uint64_t>(pence);
  std::string whole = absl::StrCat(p / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(i, ",");
  return absl::StrFormat("%s£%s.%02d", neg ? "-" : "", whole, static_cast<int>(p % 100));
}

// Basis points as a percentage with two decimals: 2990 -> "29.90%".
std::string Percent(int64_t bp) { return absl::StrFormat("%d.%02d%%", bp / 100, bp % 100); }

// A request id derived from content (FNV-1a), so importing the same files twice is a no-op.
std::string ContentRequestId(const std::string& text) {
  uint64_t h1 = 14695981039346656037ULL, h2 = 1099511628211ULL * 31;
  for (unsigned char c : text) {
    h1 = (h1 ^ c) * 1099511628211ULL;
    h2 = (h2 ^ c) * 1099511628211ULL + 7;
  }
  return absl::StrFormat("credit-import-%016x%016x", h1, h2);
}

std::unique_ptr<v1::CreditCoverService::Stub> Stub(Cli& cli) {
  return v1::CreditCoverService::NewStub(cli.channel());
}

std::string Party(const std::string& id) { return Named(id, "parties/"); }
std::string Policy(const std::string& id) { return Named(id, "creditPolicies/"); }
std::string Short(const std::string& name) { return name.substr(name.rfind('/') + 1); }

// ---- policy --------------------------------------------------------------------------------

std::vector<std::string> PolicyRow(const v1::CreditPolicy& p) {
  return {Short(p.name()), p.display_name(), p.effective_date(),
          ShortEnum(v1::AllowanceBasis_Name(p.allowance_basis()), "ALLOWANCE_BASIS_"),
          Percent(p.uplift_bp()), p.has_mcv_cap_pence() ? Pounds(p.mcv_cap_pence()) : "-"};
}

int PolicyList(Cli& cli, const Args&) {
  auto stub = Stub(cli);
  v1::ListCreditPoliciesResponse all;
  grpc::Status s = AllPages(v1::ListCreditPoliciesRequest(), &all, [&](const auto& r, auto* page) {
    return stub->ListCreditPolicies(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : all.policies()) rows.push_back(PolicyRow(p));
  cli.Print(all, {"ID", "NAME", "EFFECTIVE", "BASIS", "UPLIFT", "MCV CAP"}, rows);
  return 0;
}

int PolicyGet(Cli& cli, const Args& args) {
  v1::CreditPolicy p;
  grpc::Status s;
  if (args.positional.size() == 1) {
    v1::GetCreditPolicyRequest req;
    req.set_name(Policy(args.positional[0]));
    s = Stub(cli)->GetCreditPolicy(cli.Context().get(), req, &p);
  } else {
    v1::GetPolicyInForceRequest req;
    req.set_date(args.Get("as-of"));
    s = Stub(cli)->GetPolicyInForce(cli.Context().get(), req, &p);
  }
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(p);
  return 0;
}

// ---- assessments, charges --------------------------------------------------------------------

int AssessRecord(Cli& cli, const Args& args) {
  v1::CreateCreditAssessmentRequest req;
  v1::CreditAssessment* a = req.mutable_assessment();
  a->set_party(Party(args.positional[0]));
  a->set_effective_date(args.Get("as-of"));
  a->set_rating(args.Get("rating"));
  if (args.Has("score")) a->set_score(static_cast<int32_t>(args.GetInt("score", 0)));
  a->set_mcv_pence(args.GetInt("mcv", 0));
  req.set_request_id(RequestId(args));
  v1::CreditAssessment out;
  grpc::Status s = Stub(cli)->CreateCreditAssessment(cli.Context().get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int AssessList(Cli& cli, const Args& args) {
  v1::ListCreditAssessmentsRequest req;
  req.set_parent(Party(args.positional[0]));
  v1::ListCreditAssessmentsResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return Stub(cli)->ListCreditAssessments(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : all.assessments()) {
    rows.push_back({Short(a.name()), a.effective_date(), a.rating().empty() ? "-" : a.rating(),
                    a.has_score() ? absl::StrCat(a.score()) : "-", Pounds(a.mcv_pence())});
  }
  cli.Print(all, {"ID", "EFFECTIVE", "RATING", "SCORE", "MCV"}, rows);
  return 0;
}

int ChargesRecord(Cli& cli, const Args& args) {
  v1::CreateChargeRequest req;
  req.mutable_charge()->set_party(Party(args.positional[0]));
  req.mutable_charge()->set_period(args.Get("period"));
  req.mutable_charge()->set_invoice_date(args.Get("invoice-date"));
  req.mutable_charge()->set_amount_pence(args.GetInt("amount", 0));
  req.set_request_id(RequestId(args));
  v1::Charge out;
  grpc::Status s = Stub(cli)->CreateCharge(cli.Context().get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int ChargesList(Cli& cli, const Args& args) {
  v1::ListChargesRequest req;
  req.set_parent(Party(args.positional[0]));
  v1::ListChargesResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return Stub(cli)->ListCharges(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : all.charges()) {
    rows.push_back({Short(c.name()), c.period(), c.invoice_date(), Pounds(c.amount_pence())});
  }
  cli.Print(all, {"ID", "PERIOD", "INVOICED", "AMOUNT"}, rows);
  return 0;
}

// ---- credit support ------------------------------------------------------------------------

int SupportLodge(Cli& cli, const Args& args) {
  v1::LodgeCreditSupportRequest req;
  v1::CreditSupport* i = req.mutable_instrument();
  i->set_party(Party(args.positional[0]));
  v1::InstrumentKind kind;
  if (!v1::InstrumentKind_Parse("INSTRUMENT_KIND_" + args.Get("kind"), &kind)) {
    return cli.UsageError("--kind: BANK_GUARANTEE, LETTER_OF_CREDIT or CASH_DEPOSIT");
  }
  i->set_kind(kind);
  i->set_amount_pence(args.GetInt("amount", 0));
  i->set_issuer(args.Get("issuer"));
  i->set_valid_from(args.Get("from"));
  i->set_valid_to(args.Get("to"));
  req.set_request_id(RequestId(args));
  v1::CreditSupport out;
  grpc::Status s = Stub(cli)->LodgeCreditSupport(cli.Context().get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int SupportAmend(Cli& cli, const Args& args) {
  auto stub = Stub(cli);
  // Read, change, write back with the etag: fields not given keep their values.
  v1::ListCreditSupportRequest lreq;
  const std::string name = args.positional[0];
  lreq.set_parent(name.substr(0, name.find("/instruments/")));
  v1::CreditSupport cur;
  bool found = false;
  do {
    v1::ListCreditSupportResponse resp;
    grpc::Status s = stub->ListCreditSupport(cli.Context().get(), lreq, &resp);
    if (!s.ok()) return cli.Fail(s);
    for (const auto& i : resp.instruments()) {
      if (i.name() == name) {
        cur = i;
        found = true;
      }
    }
    lreq.set_page_token(resp.next_page_token());
  } while (!lreq.page_token().empty());
  if (!found) return cli.Fail(grpc::Status(grpc::StatusCode::NOT_FOUND, name + " not found"));
  v1::AmendCreditSupportRequest req;
  *req.mutable_instrument() = cur;
  if (args.Has("amount")) req.mutable_instrument()->set_amount_pence(args.GetInt("amount", 0));
  if (args.Has("issuer")) req.mutable_instrument()->set_issuer(args.Get("issuer"));
  if (args.Has("to")) req.mutable_instrument()->set_valid_to(args.Get("to"));
  req.set_date(args.Get("as-of"));
  req.set_request_id(RequestId(args));
  v1::CreditSupport out;
  grpc::Status s = stub->AmendCreditSupport(cli.Context().get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int SupportWithdraw(Cli& cli, const Args& args) {
  v1::WithdrawCreditSupportRequest req;
  req.set_name(args.positional[0]);
  req.set_etag(args.Get("etag"));
  req.set_date(args.Get("as-of"));
  req.set_request_id(RequestId(args));
  v1::CreditSupport out;
  grpc::Status s = Stub(cli)->WithdrawCreditSupport(cli.Context().get(), req, &out);
  if (!s.ok()) return cli.Fail(s);
  cli.PrintMessage(out);
  return 0;
}

int SupportList(Cli& cli, const Args& args) {
  v1::ListCreditSupportRequest req;
  req.set_parent(Party(args.positional[0]));
  v1::ListCreditSupportResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return Stub(cli)->ListCreditSupport(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : all.instruments()) {
    rows.push_back({i.name(), ShortEnum(v1::InstrumentKind_Name(i.kind()), "INSTRUMENT_KIND_"),
                    Pounds(i.amount_pence()), i.issuer(), i.valid_from(),
                    i.valid_to().empty() ? "-" : i.valid_to(),
                    ShortEnum(v1::CreditSupportState_Name(i.state()), "CREDIT_SUPPORT_STATE_")});
  }
  cli.Print(all, {"NAME", "KIND", "AMOUNT", "ISSUER", "FROM", "TO", "STATE"}, rows);
  return 0;
}

// ---- calculation, portfolio, comparison ----------------------------------------------------

int Calc(Cli& cli, const Args& args) {
  v1::CalculateCreditCoverRequest req;
  req.set_party(Party(args.positional[0]));
  req.set_date(args.Get("as-of"));
  if (args.Has("policy")) req.set_policy(Policy(args.Get("policy")));
  v1::CreditCoverResult r;
  grpc::Status s = Stub(cli)->CalculateCreditCover(cli.Context().get(), req, &r);
  if (!s.ok()) return cli.Fail(s);
  if (cli.output() != OutputFormat::kTable) {
    cli.PrintMessage(r);
    return 0;
  }
  for (const std::string& line : r.explanation()) cli.out() << line << "\n";
  return 0;
}

const std::vector<std::string> kPortfolioHeader = {
    "PARTY", "CATEGORY", "VAR", "UCF", "BASIS", "ALLOWANCE", "REQUIREMENT", "LODGED", "SHORTFALL"};

std::vector<std::string> PortfolioRow(const v1::CreditCoverResult& r) {
  return {Short(r.party()), ShortEnum(v1::PartyCategory_Name(r.category()), "PARTY_CATEGORY_"),
          Pounds(r.value_at_risk_pence()), Percent(r.ucf_bp()), Pounds(r.basis_pence()),
          Pounds(r.allowance_pence()), Pounds(r.requirement_pence()), Pounds(r.lodged_pence()),
          Pounds(r.shortfall_pence())};
}

std::vector<std::string> TotalsRow(const std::string& label, const v1::PortfolioTotals& t) {
  return {label, absl::StrCat(t.parties(), " parties"), Pounds(t.value_at_risk_pence()), "",
          "", Pounds(t.allowance_pence()), Pounds(t.requirement_pence()),
          Pounds(t.lodged_pence()), Pounds(t.shortfall_pence())};
}

bool WriteChart(Cli& cli, const std::string& path, const std::string& svg) {
  std::ofstream f(path, std::ios::binary);
  f << svg;
  if (!f) {
    cli.err() << "secctl: cannot write " << path << "\n";
    return false;
  }
  cli.err() << "wrote " << path << "\n";
  return true;
}

// Every party's result under one policy on a date, all pages.
grpc::Status PortfolioUnder(Cli& cli, const std::string& date, const std::string& policy,
                            v1::Portfolio* out) {
  v1::GetPortfolioRequest req;
  req.set_date(date);
  req.set_policy(policy);
  req.set_page_size(1000);
  return AllPages(req, out, [&](const auto& r, auto* page) {
    return Stub(cli)->GetPortfolio(cli.Context().get(), r, page);
  });
}

// The comparison the April 2017 paper draws: per party category, Value at Risk against the
// requirement under each policy, and each policy's requirement as a share of Value at Risk.
absl::StatusOr<std::string> CompareChart(Cli& cli, const v1::PolicyComparison& c) {
  v1::Portfolio under_a, under_b;
  for (auto [policy, out] : {std::pair{c.a().policy(), &under_a}, {c.b().policy(), &under_b}}) {
    grpc::Status s = PortfolioUnder(cli, c.date(), policy, out);
    if (!s.ok()) return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
  }
  struct Sums {
    int64_t var = 0, req_a = 0, req_b = 0;
    bool shortfall = false;
  };
  // Category sums fit: the server refuses a portfolio whose totals would not (int64 pence).
  std::map<int, Sums> by_category;
  for (const auto& r : under_a.rows()) {
    Sums& t = by_category[r.category()];
    t.var += r.value_at_risk_pence();
    t.req_a += r.requirement_pence();
    t.shortfall = t.shortfall || r.shortfall_pence() > 0;
  }
  for (const auto& r : under_b.rows()) {
    Sums& t = by_category[r.category()];
    t.req_b += r.requirement_pence();
    t.shortfall = t.shortfall || r.shortfall_pence() > 0;
  }
  std::vector<ChartGroup> groups;
  for (const auto& [category, t] : by_category) {
    groups.push_back({ShortEnum(v1::PartyCategory_Name(category), "PARTY_CATEGORY_"),
                      {t.var, t.req_a, t.req_b},
                      t.shortfall ? "shortfall" : ""});
  }
  const std::string shares = absl::StrCat(
      "Requirement as a share of Value at Risk: ", c.a().policy_display_name(), " ",
      Percent(c.a().totals().requirement_share_bp()), ", ", c.b().policy_display_name(), " ",
      Percent(c.b().totals().requirement_share_bp()));
  return RenderBarChartSvg(
      absl::StrCat("Credit cover on ", c.date(), ": ", c.a().policy_display_name(), " and ",
                   c.b().policy_display_name()),
      {{"Value at Risk", "#4e79a7"},
       {absl::StrCat("Requirement, ", c.a().policy_display_name()), "#e15759"},
       {absl::StrCat("Requirement, ", c.b().policy_display_name()), "#76b7b2"}},
      groups, {shares});
}

int Portfolio(Cli& cli, const Args& args) {
  v1::GetPortfolioRequest req;
  req.set_date(args.Get("as-of"));
  if (args.Has("policy")) req.set_policy(Policy(args.Get("policy")));
  req.set_page_size(static_cast<int32_t>(args.GetInt("page-size", 1000)));
  // Every page's rows in one Portfolio; the totals (over all parties) are the same on each.
  v1::Portfolio portfolio;
  grpc::Status s = AllPages(req, &portfolio, [&](const auto& r, auto* page) {
    return Stub(cli)->GetPortfolio(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> table;
  for (const auto& r : portfolio.rows()) table.push_back(PortfolioRow(r));
  table.push_back(TotalsRow("TOTAL", portfolio.totals()));
  cli.Print(portfolio, kPortfolioHeader, table);
  if (cli.output() == OutputFormat::kTable) {
    cli.out() << portfolio.policy_display_name() << " (" << portfolio.policy() << ") on "
              << portfolio.date() << ": requirement is "
              << Percent(portfolio.totals().requirement_share_bp()) << " of Value at Risk\n";
  }
  if (args.Has("chart")) {
    std::vector<ChartGroup> groups;
    for (const auto& r : portfolio.rows()) {
      groups.push_back(
          {Short(r.party()),
           {r.value_at_risk_pence(), r.allowance_pence(), r.requirement_pence(), r.lodged_pence()},
           r.shortfall_pence() > 0 ? "shortfall" : ""});
    }
    const std::string svg =
        RenderBarChartSvg(absl::StrCat("Credit cover on ", portfolio.date(), " under ",
                                       portfolio.policy_display_name()),
                          {{"Value at Risk", "#4e79a7"},
                           {"Unsecured allowance", "#59a14f"},
                           {"Requirement", "#e15759"},
                           {"Lodged", "#f28e2b"}},
                          groups);
    if (!WriteChart(cli, args.Get("chart"), svg)) return 1;
  }
  return 0;
}

int Compare(Cli& cli, const Args& args) {
  std::vector<std::string> policies = args.repeated("policy");
  if (policies.size() != 2) return cli.UsageError("credit compare --as-of DATE --policy A --policy B");
  v1::ComparePoliciesRequest req;
  req.set_date(args.Get("as-of"));
  req.set_policy_a(Policy(policies[0]));
  req.set_policy_b(Policy(policies[1]));
  v1::PolicyComparison c;
  grpc::Status s = Stub(cli)->ComparePolicies(cli.Context().get(), req, &c);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const v1::PolicyTotals* t : {&c.a(), &c.b()}) {
    rows.push_back({t->policy_display_name(), Short(t->policy()),
                    ShortEnum(v1::AllowanceBasis_Name(t->allowance_basis()), "ALLOWANCE_BASIS_"),
                    absl::StrCat(t->totals().parties()), Pounds(t->totals().value_at_risk_pence()),
                    Pounds(t->totals().allowance_pence()),
                    Pounds(t->totals().requirement_pence()), Pounds(t->totals().lodged_pence()),
                    Pounds(t->totals().shortfall_pence()),
                    Percent(t->totals().requirement_share_bp())});
  }
  cli.Print(c,
            {"POLICY", "ID", "BASIS", "PARTIES", "VAR", "ALLOWANCE", "REQUIREMENT", "LODGED",
             "SHORTFALL", "REQUIREMENT/VAR"},
            rows);
  if (args.Has("chart")) {
    absl::StatusOr<std::string> svg = CompareChart(cli, c);
    if (!svg.ok()) {
      return cli.Fail(grpc::Status(static_cast<grpc::StatusCode>(svg.status().code()),
                                   std::string(svg.status().message())));
    }
    if (!WriteChart(cli, args.Get("chart"), *svg)) return 1;
  }
  return 0;
}

// ---- check, notices ------------------------------------------------------------------------

int Check(Cli& cli, const Args& args) {
  v1::RunCreditCheckRequest req;
  req.set_date(args.Get("as-of"));
  req.set_request_id(RequestId(args));
  v1::RunCreditCheckResponse resp;
  grpc::Status s = Stub(cli)->RunCreditCheck(cli.Context().get(), req, &resp);
  if (!s.ok()) return cli.Fail(s);
  std::vector<std::vector<std::string>> rows;
  for (const auto& a : resp.actions()) {
    rows.push_back({Short(a.party()),
                    ShortEnum(v1::CreditCheckActionKind_Name(a.kind()), "CREDIT_CHECK_ACTION_KIND_"),
                    a.notice(), a.cure_deadline(), Pounds(a.shortfall_pence())});
  }
  cli.Print(resp, {"PARTY", "ACTION", "NOTICE", "CURE DEADLINE", "SHORTFALL"}, rows);
  cli.err() << "check " << resp.date() << ": " << resp.notices_issued() << " notices, "
            << resp.defaults_raised() << " defaults, " << resp.notices_cured() << " cured"
            << (resp.already_run() ? " (already run: nothing changed)" : "") << "\n";
  return 0;
}

int Notices(Cli& cli, const Args& args) {
  const std::string parent = args.Has("party") ? Party(args.Get("party")) : "";
  std::vector<std::vector<std::string>> rows;
  if (args.Has("defaults")) {
    v1::ListDefaultsRequest req;
    req.set_parent(parent);
    v1::ListDefaultsResponse all;
    grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
      return Stub(cli)->ListDefaults(cli.Context().get(), r, page);
    });
    if (!s.ok()) return cli.Fail(s);
    for (const auto& d : all.defaults()) {
      rows.push_back({d.name(), d.default_date(), Pounds(d.shortfall_pence()),
                      ShortEnum(v1::DefaultState_Name(d.state()), "DEFAULT_STATE_"),
                      d.remedied_date()});
    }
    cli.Print(all, {"DEFAULT", "DATE", "SHORTFALL", "STATE", "REMEDIED"}, rows);
    return 0;
  }
  v1::ListBreachNoticesRequest req;
  req.set_parent(parent);
  v1::ListBreachNoticesResponse all;
  grpc::Status s = AllPages(req, &all, [&](const auto& r, auto* page) {
    return Stub(cli)->ListBreachNotices(cli.Context().get(), r, page);
  });
  if (!s.ok()) return cli.Fail(s);
  for (const auto& n : all.notices()) {
    rows.push_back({n.name(), n.notice_date(), n.cure_deadline(), Pounds(n.shortfall_pence()),
                    ShortEnum(v1::BreachNoticeState_Name(n.state()), "BREACH_NOTICE_STATE_"),
                    n.cured_date(), n.default_date()});
  }
  cli.Print(all, {"NOTICE", "ISSUED", "CURE DEADLINE", "SHORTFALL", "STATE", "CURED", "DEFAULT"},
            rows);
  return 0;
}

// ---- import --------------------------------------------------------------------------------

// Requests are kept to about 1 MiB of CSV, well inside the server's message limit
// (--max_message_bytes, 4 MiB by default) and its 4,000,000-character bound on a file.
constexpr size_t kImportBatchBytes = 1 << 20;

struct ImportFile {
  const char* flag;
  const char* name;                                          // e.g. charges.csv
  std::string* (v1::ImportCreditDataRequest::*field)();      // where its text goes
  std::string text;
};

// The server's "charges_csv line N" (or "charges CSV line N") counts lines of the batch it was
// sent, whose header is line 1; in the operator's file the batch's records are further down.
std::string InFileLines(const std::string& message, const CsvBatch& batch) {
  static const std::regex kLine("(_csv|CSV) line ([0-9]+)");
  std::smatch m;
  int batch_line = 0;
  if (!std::regex_search(message, m, kLine) || !absl::SimpleAtoi(m[2].str(), &batch_line) ||
      batch_line < 2) {
    return message;
  }
  return absl::StrCat(m.prefix().str(), m[1].str(), " line ", batch.first_line + batch_line - 2,
                      m.suffix().str());
}

// Rows imported so far, on a terminal only: "charges.csv: 12,000 of 48,000 rows (25%)".
void ShowProgress(Cli& cli, const ImportFile& f, int done, int total) {
  if (!isatty(STDERR_FILENO) || total == 0) return;
  cli.err() << "\r" << f.name << ": " << done << " of " << total << " rows ("
            << (int64_t{done} * 100 / total) << "%)" << (done == total ? "\n" : "") << std::flush;
}

int Import(Cli& cli, const Args& args) {
  const std::string dir = args.Get("dir");
  std::vector<ImportFile> files = {
      {"charges", "charges.csv", &v1::ImportCreditDataRequest::mutable_charges_csv, ""},
      {"assessments", "assessments.csv", &v1::ImportCreditDataRequest::mutable_assessments_csv, ""},
      {"instruments", "instruments.csv", &v1::ImportCreditDataRequest::mutable_instruments_csv, ""}};
  size_t total_bytes = 0;
  for (ImportFile& f : files) {
    std::string path = args.Get(f.flag);
    if (path.empty() && !dir.empty()) path = dir + "/" + f.name;
    if (path.empty()) continue;
    absl::StatusOr<std::string> text = ReadInputFile(path);
    if (!text.ok()) return cli.UsageError(std::string(text.status().message()));
    f.text = *std::move(text);
    total_bytes += f.text.size();
  }
  const std::string given_id = args.Has("request-id") ? args.Get("request-id") : "";
  v1::ImportCreditDataResponse total;
  if (total_bytes <= kImportBatchBytes) {
    // One request, one transaction: the files are imported whole or not at all.
    v1::ImportCreditDataRequest req;
    std::string all;
    for (ImportFile& f : files) {
      *(req.*f.field)() = f.text;
      absl::StrAppend(&all, f.text, "\x1f");
    }
    req.set_request_id(given_id.empty() ? ContentRequestId(all) : given_id);
    grpc::Status s = Stub(cli)->ImportCreditData(cli.Context().get(), req, &total);
    if (!s.ok()) return cli.Fail(s);
  } else {
    // Larger files go in batches, in order, each whole or not at all, each with a request id of
    // its own content: running the same command again after a failure skips what went in.
    for (ImportFile& f : files) {
      if (f.text.empty()) continue;
      const std::vector<CsvBatch> batches = BatchCsv(f.text, kImportBatchBytes);
      int rows = 0, done = 0;
      for (const CsvBatch& b : batches) rows += b.rows;
      for (size_t i = 0; i < batches.size(); ++i) {
        v1::ImportCreditDataRequest req;
        *(req.*f.field)() = batches[i].text;
        req.set_request_id(given_id.empty()
                               ? ContentRequestId(absl::StrCat(f.name, "\x1f", batches[i].text))
                               : absl::StrCat(given_id, "-", f.flag, "-", i + 1));
        v1::ImportCreditDataResponse resp;
        grpc::Status s = Stub(cli)->ImportCreditData(cli.Context().get(), req, &resp);
        if (!s.ok()) {
          if (done > 0 && isatty(STDERR_FILENO)) cli.err() << "\n";
          return cli.Fail(grpc::Status(
              s.error_code(),
              absl::StrCat(InFileLines(s.error_message(), batches[i]), " (", f.name, " batch ",
                           i + 1, " of ", batches.size(), "; the batches before it are imported: "
                           "fix the file and run the same command again to go on)"),
              s.error_details()));
        }
        total.set_charges(total.charges() + resp.charges());
        total.set_assessments(total.assessments() + resp.assessments());
        total.set_instruments(total.instruments() + resp.instruments());
        done += batches[i].rows;
        ShowProgress(cli, f, done, rows);
      }
    }
  }
  cli.Print(total, {"CHARGES", "ASSESSMENTS", "INSTRUMENTS"},
            {{absl::StrCat(total.charges()), absl::StrCat(total.assessments()),
              absl::StrCat(total.instruments())}});
  return 0;
}

}  // namespace

std::optional<grpc::Status> RunCreditImportStep(Cli& cli, const v1::ImportStep& step) {
  auto stub = Stub(cli);
  auto ctx = cli.Context();
  switch (step.request_case()) {
    case v1::ImportStep::kCreateCreditPolicy: {
      v1::CreditPolicy out;
      return stub->CreateCreditPolicy(ctx.get(), step.create_credit_policy(), &out);
    }
    case v1::ImportStep::kCreateCreditAssessment: {
      v1::CreditAssessment out;
      return stub->CreateCreditAssessment(ctx.get(), step.create_credit_assessment(), &out);
    }
    case v1::ImportStep::kCreateCharge: {
      v1::Charge out;
      return stub->CreateCharge(ctx.get(), step.create_charge(), &out);
    }
    case v1::ImportStep::kLodgeCreditSupport: {
      v1::CreditSupport out;
      return stub->LodgeCreditSupport(ctx.get(), step.lodge_credit_support(), &out);
    }
    case v1::ImportStep::kImportCreditData: {
      v1::ImportCreditDataResponse out;
      return stub->ImportCreditData(ctx.get(), step.import_credit_data(), &out);
    }
    default:
      return std::nullopt;
  }
}

void AddCreditCommands(std::vector<Command>* out) {
  const FlagSpec as_of{"as-of", "business date YYYY-MM-DD (default: today)"};
  const FlagSpec policy{"policy", "policy id, e.g. sec-5-6 (default: the one in force)"};
  out->push_back({"credit policy list", "List credit policies by effective date", "", {},
                  PolicyList});
  out->push_back({"credit policy get", "Show a policy, or the one in force --as-of", "[ID]",
                  {as_of}, PolicyGet});
  out->push_back({"credit assess",
                  "Record a credit assessment (DCC/SECAS)",
                  "PARTY",
                  {as_of,
                   {"rating", "credit rating, e.g. A-"},
                   {"score", "credit score 0-100", FlagKind::kInt},
                   {"mcv", "Maximum Credit Value in pence", FlagKind::kInt},
                   RequestIdFlag()},
                  AssessRecord});
  out->push_back({"credit assess list", "A party's credit assessments", "PARTY", {}, AssessList});
  out->push_back({"credit charges", "A party's monthly invoices", "PARTY", {}, ChargesList});
  out->push_back({"credit charges record",
                  "Record a monthly invoice (DCC/SECAS)",
                  "PARTY",
                  {{"period", "YYYY-MM"},
                   {"invoice-date", "YYYY-MM-DD"},
                   {"amount", "pence", FlagKind::kInt},
                   RequestIdFlag()},
                  ChargesRecord});
  out->push_back({"credit support", "A party's credit support instruments", "PARTY", {},
                  SupportList});
  out->push_back({"credit support lodge",
                  "Lodge an instrument (DCC/SECAS)",
                  "PARTY",
                  {{"kind", "BANK_GUARANTEE, LETTER_OF_CREDIT or CASH_DEPOSIT"},
                   {"amount", "pence", FlagKind::kInt},
                   {"issuer", "issuing bank (not for a cash deposit)"},
                   {"from", "valid from YYYY-MM-DD"},
                   {"to", "valid to YYYY-MM-DD (inclusive; default open-ended)"},
                   RequestIdFlag()},
                  SupportLodge});
  out->push_back({"credit support amend",
                  "Change amount, issuer or expiry (refused if short)",
                  "INSTRUMENT-NAME",
                  {{"amount", "pence", FlagKind::kInt},
                   {"issuer", "issuer"},
                   {"to", "valid to"},
                   as_of,
                   RequestIdFlag()},
                  SupportAmend});
  out->push_back({"credit support withdraw", "Withdraw an instrument (refused if short)",
                  "INSTRUMENT-NAME",
                  {{"etag", "only if unchanged"}, as_of, RequestIdFlag()}, SupportWithdraw});
  out->push_back({"credit calc", "A party's credit cover, explained line by line", "PARTY",
                  {as_of, policy}, Calc});
  out->push_back({"credit portfolio",
                  "Every party's credit cover and the totals",
                  "",
                  {as_of,
                   policy,
                   {"page-size", "rows per request (default 1000)", FlagKind::kInt},
                   {"chart", "also write an SVG bar chart to this file"}},
                  Portfolio});
  out->push_back({"credit compare",
                  "Two policies over the same population, side by side",
                  "",
                  {as_of,
                   {"policy", "policy id (give twice)", FlagKind::kList},
                   {"chart", "also write an SVG chart: per category, VaR and both requirements"}},
                  Compare});
  out->push_back({"credit check", "Run the daily breach/default check for a date (DCC/SECAS)", "",
                  {as_of, RequestIdFlag()}, Check});
  out->push_back({"credit notices",
                  "Breach notices (or --defaults: Events of Default)",
                  "",
                  {{"party", "one party (parties read only their own)"},
                   {"defaults", "list Events of Default instead", FlagKind::kSwitch}},
                  Notices});
  out->push_back({"credit import",
                  "Bulk-load charges, assessments, instruments from CSV (a file over 1 MiB in "
                  "batches, with progress on a terminal)",
                  "",
                  {{"dir", "a directory with charges.csv, assessments.csv, instruments.csv"},
                   {"charges", "charges CSV file"},
                   {"assessments", "assessments CSV file"},
                   {"instruments", "instruments CSV file"},
                   {"request-id", "default: derived from the content (each batch's, for a large file), so "
                                   "importing again is a no-op"}},
                  Import});
}

}  // namespace sec::cli
