#include "parser.h"

#include <cctype>
#include <cstdint>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "completion.h"
#include "secd/version.h"

namespace sec::cli {
namespace {

constexpr char kFooter[] =
    "Connection settings come from the flag, else its environment variable, else the context\n"
    "of the config file ($SECCTL_CONFIG, default ~/.config/secctl/config), else the default.\n"
    "Output: -o table (default) and csv are for people; -o json prints one document, the\n"
    "canonical proto JSON of the response (watch: one document per event).\n"
    "Exit status: 0 ok; 2 usage error; 10 + gRPC code when a call fails (e.g. 15 NOT_FOUND).";

// A whole number, as Args::GetInt reads it.
const CLI::Validator& WholeNumber() {
  static const auto* const kValidator = new CLI::Validator(
      [](std::string& s) -> std::string {
        int64_t v;
        return absl::SimpleAtoi(s, &v) ? "" : "\"" + s + "\" is not a whole number";
      },
      "");
  return *kValidator;
}

// A name CLI11 accepts for the positionals, from the usage: "[ID]" -> "ID", "FILE|DIR..." ->
// "FILE".
std::string PositionalName(const std::string& usage) {
  std::string name;
  for (char ch : usage) {
    if (ch == '[') continue;
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '-' && ch != '_') break;
    name.push_back(ch);
  }
  return name.empty() ? "args" : name;
}

std::string Plural(size_t n, const char* word) {
  return absl::StrCat(n, " ", word, n == 1 ? "" : "s");
}

}  // namespace

std::pair<size_t, size_t> PositionalRange(const std::string& usage) {
  size_t min = 0, max = 0;
  for (absl::string_view w : absl::StrSplit(usage, ' ', absl::SkipEmpty())) {
    const bool optional = absl::StartsWith(w, "[");
    if (!optional) ++min;
    max = absl::EndsWith(w, "...") || absl::EndsWith(w, "...]") ? SIZE_MAX : max + 1;
  }
  return {min, max};
}

Parser::Parser(const std::vector<Command>& commands)
    : app_("The operators' CLI for secd, the SEC governance service.", "secctl") {
  // Set before any subcommand exists, so that every subcommand inherits it: a global flag
  // after the command falls through to the top.
  app_.fallthrough();
  app_.footer(kFooter);
  app_.set_version_flag("--version",
                        absl::StrCat("secctl ", SECD_VERSION, " (revision ", SECD_REVISION, ")"));
  AddGlobalFlags();
  for (const Command& c : commands) AddCommand(c);
  for (const auto& [words, group] : groups_) {
    if (by_app_.count(group)) continue;  // a command, described by its summary
    std::vector<std::string> names;
    for (const CLI::App* sub : group->get_subcommands([](CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
    }
    group->description(absl::StrCat(absl::StrJoin(words, " "), ": ", absl::StrJoin(names, ", ")));
  }
  completion_ = app_.add_subcommand("completion",
                                    "Print a shell completion script: "
                                    "source <(secctl completion bash)");
  completion_->add_option("SHELL", completion_shell_, "bash")
      ->required()
      ->check(CLI::IsMember({"bash"}));
}

void Parser::AddGlobalFlags() {
  struct Flag {
    const char* names;
    std::string* target;
    const char* help;
  };
  const Flag flags[] = {
      {"--server", &server_,
       "secd address HOST[:PORT], default port 50051 (SECCTL_SERVER; "
       "default localhost:50051)"},
      {"--token", &token_, "bearer token (SECCTL_TOKEN)"},
      {"--token-file", &token_file_, "read the token from FILE (SECCTL_TOKEN_FILE)"},
      {"--tls-ca", &tls_ca_, "CA certificate (PEM): connect with TLS (SECCTL_TLS_CA)"},
      {"--tls-cert", &tls_cert_, "client certificate (PEM) for mutual TLS (SECCTL_TLS_CERT)"},
      {"--tls-key", &tls_key_, "client key (PEM) for mutual TLS (SECCTL_TLS_KEY)"},
      {"--context", &context_,
       "the config file's context to use (SECCTL_CONTEXT; default its "
       "current-context)"},
      {"--config", &config_, "config file (SECCTL_CONFIG; default ~/.config/secctl/config)"},
  };
  for (const Flag& f : flags) {
    global_options_[f.names] = app_.add_option(f.names, *f.target, f.help);
  }
  global_options_["--output"] =
      app_.add_option("-o,--output", output_, "table (default), json or csv (SECCTL_OUTPUT)")
          ->check(CLI::IsMember({"table", "json", "csv"}));
  global_options_["--deadline"] =
      app_.add_option("--deadline", deadline_,
                      "deadline of each call in seconds (SECCTL_DEADLINE; default 30)")
          ->check(CLI::PositiveNumber);
  app_.add_flag("--no-headers", no_headers_, "tables and CSV without their header line");
}

CLI::App* Parser::GroupFor(const std::vector<std::string>& words) {
  CLI::App* parent = &app_;
  std::vector<std::string> prefix;
  for (const std::string& w : words) {
    prefix.push_back(w);
    auto it = groups_.find(prefix);
    if (it == groups_.end()) {
      it = groups_
               .emplace(prefix, parent->add_subcommand(
                                    w, absl::StrCat(absl::StrJoin(prefix, " "), " commands")))
               .first;
    }
    parent = it->second;
  }
  return parent;
}

void Parser::AddCommand(const Command& c) {
  CLI::App* app = GroupFor(absl::StrSplit(c.path, ' '));
  app->description(c.summary);
  Node& node = nodes_.emplace_back();
  node.command = &c;
  node.app = app;
  by_app_[app] = &node;
  for (const FlagSpec& f : c.flags) {
    const std::string name = "--" + f.name;
    CLI::Option* o = nullptr;
    switch (f.kind) {
      case FlagKind::kSwitch:
        o = app->add_flag(name, f.help);
        break;
      case FlagKind::kText:
        o = app->add_option(name, f.help)->type_name("TEXT");
        break;
      case FlagKind::kInt:
        o = app->add_option(name, f.help)->type_name("INT")->check(WholeNumber());
        break;
      case FlagKind::kList:
        o = app->add_option(name, f.help)
                ->type_name("TEXT (repeatable)")
                ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        break;
    }
    node.flags.emplace_back(&f, o);
  }
  // Every positional is collected here and counted in Finish, so that a wrong count gets one
  // message naming what the command expects. (A minimum of 1, not 0, so that CLI11 keeps the
  // positionals after "--" in this command; none at all is still allowed: not required.)
  CLI::Option* positional =
      app->add_option(PositionalName(c.positional_usage), node.positional,
                      c.positional_usage.empty() ? "" : "expects " + c.positional_usage)
          ->type_name("")
          ->expected(1, CLI::detail::expected_max_vector_size);
  if (c.positional_usage.empty()) positional->group("");  // not shown in --help
}

std::optional<int> Parser::Parse(int argc, const char* const* argv, std::ostream& out,
                                 std::ostream& err) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app_.exit(e, out, err);
  } catch (const CLI::CallForAllHelp& e) {
    return app_.exit(e, out, err);
  } catch (const CLI::CallForVersion& e) {
    return app_.exit(e, out, err);
  } catch (const CLI::ParseError& e) {
    err << "secctl: " << e.what() << "\nRun secctl --help, or secctl COMMAND --help.\n";
    return kUsageExit;
  }
  return Finish(out, err);
}

std::optional<int> Parser::Finish(std::ostream& out, std::ostream& err) {
  const CLI::App* app = &app_;
  std::vector<std::string> path;
  while (!app->get_subcommands().empty()) {
    app = app->get_subcommands().front();
    path.push_back(app->get_name());
  }
  if (app == completion_) {
    out << BashCompletion(app_);
    return 0;
  }
  auto it = by_app_.find(app);
  if (it == by_app_.end()) {
    std::vector<std::string> names;
    for (const CLI::App* sub : app->get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    err << "secctl: "
        << (path.empty() ? "a command is needed: "
                         : absl::StrJoin(path, " ") + ": a subcommand is needed: ")
        << absl::StrJoin(names, ", ") << "\nRun secctl " << absl::StrJoin(path, " ")
        << (path.empty() ? "" : " ") << "--help.\n";
    return kUsageExit;
  }
  selected_ = it->second;
  const Command& c = *selected_->command;
  const auto [min, max] = PositionalRange(c.positional_usage);
  const size_t n = selected_->positional.size();
  if (n < min || n > max) {
    err << "secctl: " << c.path << ": "
        << (c.positional_usage.empty() ? "takes no arguments"
                                       : absl::StrCat("expects ", c.positional_usage))
        << ", got " << Plural(n, "argument")
        << (n ? ": " + absl::StrJoin(selected_->positional, " ") : "") << "\nRun secctl " << c.path
        << " --help.\n";
    return kUsageExit;
  }
  args_.positional = selected_->positional;
  for (const auto& [spec, option] : selected_->flags) {
    if (option->count() == 0) continue;
    std::vector<std::string> values = option->results();
    if (spec->kind == FlagKind::kSwitch) values = {"true"};
    for (const std::string& v : values) args_.all.emplace(spec->name, v);
    args_.values[spec->name] = values.empty() ? "" : values.back();
  }
  auto given = [&](const char* name) { return global_options_.at(name)->count() > 0; };
  auto take = [&](const char* name, const std::string& v, std::optional<std::string>* into) {
    if (given(name)) *into = v;
  };
  take("--server", server_, &globals_.server);
  take("--token", token_, &globals_.token);
  take("--token-file", token_file_, &globals_.token_file);
  take("--tls-ca", tls_ca_, &globals_.tls_ca);
  take("--tls-cert", tls_cert_, &globals_.tls_cert);
  take("--tls-key", tls_key_, &globals_.tls_key);
  take("--output", output_, &globals_.output);
  take("--context", context_, &globals_.context);
  take("--config", config_, &globals_.config);
  if (given("--deadline")) globals_.deadline = deadline_;
  globals_.no_headers = no_headers_;
  return std::nullopt;
}

}  // namespace sec::cli
