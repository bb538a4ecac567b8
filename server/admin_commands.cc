#include "admin_commands.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iostream>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/party.h"
#include "domain/principal.h"
#include "service/auth.h"
#include "storage/open/open_store.h"

namespace sec::server {
namespace {

constexpr char kTokensUsage[] =
    "usage: secd [--tokens_file=FILE] tokens add NAME ROLES [PARTY] [group=CATEGORY]\n"
    "  ROLES: comma-separated, e.g. SECAS,PANEL; PARTY (or party=ID) for a PARTY principal;\n"
    "  group=CATEGORY for a CHANGE_BOARD member's voting group\n";

// The principal the command line describes, checked as the tokens file would check it.
absl::StatusOr<Principal> PrincipalFromArgs(const std::vector<std::string>& args) {
  Principal p;
  p.name = args[0];
  if (p.name.empty() || p.name[0] == '#' ||
      std::any_of(p.name.begin(), p.name.end(), [](char c) { return absl::ascii_isspace(c); })) {
    return absl::InvalidArgumentError(
        absl::StrCat("NAME \"", p.name, "\" must be one word, not starting with '#'"));
  }
  for (absl::string_view r : absl::StrSplit(args[1], ',')) {
    Role role;
    if (!ParseRole(std::string(r), &role)) {
      return absl::InvalidArgumentError(absl::StrCat("unknown role \"", r, "\""));
    }
    p.roles.push_back(role);
  }
  for (size_t i = 2; i < args.size(); ++i) {
    absl::string_view v = args[i];
    if (absl::ConsumePrefix(&v, "group=")) {
      PartyCategory group;
      if (!ParseCategory(v, &group)) {
        return absl::InvalidArgumentError(absl::StrCat("unknown voting group \"", v, "\""));
      }
      p.voting_group = group;
      continue;
    }
    absl::ConsumePrefix(&v, "party=");
    if (absl::Status s = ValidateResourceId(v, "PARTY"); !s.ok()) return s;
    p.party_id = std::string(v);
  }
  if (p.Has(Role::kParty) && p.party_id.empty()) {
    return absl::InvalidArgumentError("a PARTY principal needs the PARTY it acts for");
  }
  if (p.Has(Role::kChangeBoard) && !p.voting_group) {
    return absl::InvalidArgumentError("a CHANGE_BOARD member needs group=CATEGORY");
  }
  return p;
}

// The line of `text` (1-based) naming principal `name`, or 0.
int LineNaming(const std::string& text, const std::string& name) {
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<absl::string_view> cols =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (cols.size() >= 2 && cols[1] == name) return line_no;
  }
  return 0;
}

absl::StatusOr<std::string> ReadAll(int fd) {
  std::string text;
  char buf[8192];
  for (off_t at = 0;;) {
    const ssize_t n = pread(fd, buf, sizeof buf, at);
    if (n < 0) return absl::InternalError(strerror(errno));
    if (n == 0) return text;
    text.append(buf, static_cast<size_t>(n));
    at += n;
  }
}

// Appends the principal's line for `token` to the tokens file, holding an exclusive lock on it
// so two commands at once cannot both add one name.
absl::Status AppendPrincipal(const std::string& path, const Principal& p,
                             const std::string& token) {
  const int fd =
      open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("cannot open ", path, " (it must not be a link): ", strerror(errno)));
  }
  absl::Status s = [&]() -> absl::Status {
    if (flock(fd, LOCK_EX) != 0) return absl::InternalError(strerror(errno));
    absl::StatusOr<std::string> text = ReadAll(fd);
    if (!text.ok()) return text.status();
    if (const int line = LineNaming(*text, p.name); line > 0) {
      return absl::AlreadyExistsError(absl::StrCat(
          path, " line ", line, " already names \"", p.name,
          "\": choose another name, or remove that line first to replace its token"));
    }
    std::string add;
    if (text->empty()) {
      add = "# secd tokens: sha256(token) name roles [party=ID] [group=CATEGORY]. SIGHUP "
            "reloads.\n";
    } else if (text->back() != '\n') {
      add = "\n";
    }
    absl::StrAppend(&add, service::TokensFileLine(token, p), "\n");
    // The whole file as it will be must still load: secd refuses a bad file at start.
    if (absl::StatusOr<service::Authenticator> all =
            service::Authenticator::FromText(*text + add);
        !all.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path, ": ", all.status().message(), "; nothing was added"));
    }
    if (write(fd, add.data(), add.size()) != static_cast<ssize_t>(add.size()) || fsync(fd) != 0) {
      return absl::InternalError(absl::StrCat("cannot write ", path, ": ", strerror(errno)));
    }
    return absl::OkStatus();
  }();
  close(fd);
  return s;
}

}  // namespace

int TokensCommand(const std::vector<std::string>& args, const std::string& tokens_file) {
  if (args.empty() || args[0] != "add" || args.size() < 3 || args.size() > 5) {
    std::cerr << kTokensUsage;
    return 2;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  absl::StatusOr<Principal> p = PrincipalFromArgs(rest);
  if (!p.ok()) {
    std::cerr << "secd tokens add: " << p.status().message() << "\n" << kTokensUsage;
    return 2;
  }
  const std::string token = service::NewToken();
  if (absl::Status s = AppendPrincipal(tokens_file, *p, token); !s.ok()) {
    std::cerr << "secd tokens add: " << s.message() << "\n";
    return absl::IsInternal(s) ? 1 : 2;
  }
  std::vector<std::string> roles;
  for (Role r : p->roles) roles.push_back(RoleName(r));
  std::cerr << "secd: added \"" << p->name << "\" (" << absl::StrJoin(roles, ",") << ") to "
            << tokens_file << "; its token is printed once, below. A running secd loads it on "
            << "SIGHUP.\n";
  std::cout << token << "\n";
  return 0;
}

int BackupCommand(const std::vector<std::string>& args, const std::string& database) {
  if (args.size() != 1 || args[0].empty()) {
    std::cerr << "usage: secd [--database=sqlite:PATH] backup FILE\n";
    return 2;
  }
  if (absl::StartsWith(database, "mysql://")) {
    std::cerr << "secd backup copies the embedded (SQLite) store only. Back up MySQL/MariaDB with "
                 "its own tool, one consistent snapshot without locking secd out:\n"
                 "  mariadb-dump --single-transaction --routines --triggers -h HOST -P PORT "
                 "-u USER -p DATABASE > secd-backup.sql\n"
                 "(see docs/operations.md)\n";
    return 2;
  }
  if (absl::Status s = storage::BackupStore(database, args[0]); !s.ok()) {
    std::cerr << "secd backup: " << s.message() << "\n";
    return absl::IsInvalidArgument(s) || absl::IsFailedPrecondition(s) ? 2 : 1;
  }
  std::cerr << "secd: backed up " << database << " to " << args[0] << "\n";
  return 0;
}

}  // namespace sec::server
