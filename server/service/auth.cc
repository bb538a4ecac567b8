#include "service/auth.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace sec::service {

std::string NewToken() {
  unsigned char bytes[32];
  RAND_bytes(bytes, sizeof(bytes));
  return absl::StrCat("secd_", absl::BytesToHexString(absl::string_view(
                                   reinterpret_cast<const char*>(bytes), sizeof(bytes))));
}

std::string TokensFileLine(absl::string_view token, const Principal& p) {
  std::vector<std::string> roles;
  for (Role r : p.roles) roles.push_back(RoleName(r));
  std::string line = absl::StrCat(Sha256Hex(token), " ", p.name, " ", absl::StrJoin(roles, ","));
  if (!p.party_id.empty()) absl::StrAppend(&line, " party=", p.party_id);
  if (p.voting_group) absl::StrAppend(&line, " group=", CategoryCode(*p.voting_group));
  return line;
}

absl::StatusOr<Authenticator> Authenticator::FromText(const std::string& text) {
  Authenticator a;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols = absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat("tokens file line ", line_no, ": ", why));
    };
    if (cols.size() < 3 || cols.size() > 5) {
      return bad("expected: sha256-hex name roles [party=ID] [group=CATEGORY]");
    }
    Principal p;
    p.name = cols[1];
    for (absl::string_view r : absl::StrSplit(cols[2], ',')) {
      Role role;
      if (!ParseRole(std::string(r), &role)) return bad(absl::StrCat("unknown role ", r));
      p.roles.push_back(role);
    }
    for (size_t i = 3; i < cols.size(); ++i) {
      absl::string_view v = cols[i];
      if (absl::ConsumePrefix(&v, "group=")) {
        PartyCategory group;
        if (!ParseCategory(v, &group)) return bad(absl::StrCat("unknown voting group ", v));
        p.voting_group = group;
      } else {
        absl::ConsumePrefix(&v, "party=");
        if (!ValidateResourceId(v, "party").ok()) return bad(absl::StrCat("bad party id ", v));
        p.party_id = std::string(v);
      }
    }
    if (p.Has(Role::kParty) && p.party_id.empty()) return bad("PARTY needs a party id");
    if (p.Has(Role::kChangeBoard) && !p.voting_group) {
      return bad("CHANGE_BOARD needs its voting group: group=CATEGORY");
    }
    if (absl::StartsWith(cols[0], "cert:")) {
      a.by_cert_cn_[cols[0].substr(5)] = p;
      continue;
    }
    std::string hash = absl::AsciiStrToLower(cols[0]);
    if (hash.size() != 64 || hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return bad("the first column must be a SHA-256 hex digest (64 hex digits), never a token");
    }
    a.by_hash_[hash] = p;
  }
  return a;
}

absl::StatusOr<Authenticator> Authenticator::FromFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read tokens file ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  absl::StatusOr<Authenticator> a = FromText(ss.str());
  if (!a.ok()) return absl::InvalidArgumentError(absl::StrCat(path, ": ", a.status().message()));
  return a;
}

absl::StatusOr<Principal> Authenticator::AuthenticateToken(absl::string_view token) const {
  {
    absl::ReaderMutexLock lock(&cache_->mu);
    auto hit = cache_->by_token.find(token);
    if (hit != cache_->by_token.end()) return hit->second;
  }
  auto it = by_hash_.find(Sha256Hex(token));
  if (it == by_hash_.end()) {
    return absl::UnauthenticatedError("the bearer token is not valid for this server");
  }
  absl::MutexLock lock(&cache_->mu);
  cache_->by_token.emplace(token, it->second);
  return it->second;
}

absl::StatusOr<Principal> Authenticator::Authenticate(const grpc::ServerContextBase& ctx) const {
  const auto& md = ctx.client_metadata();
  auto it = md.find("authorization");
  if (it != md.end()) {
    absl::string_view v(it->second.data(), it->second.size());
    if (!absl::ConsumePrefix(&v, "Bearer ") && !absl::ConsumePrefix(&v, "bearer ")) {
      return absl::UnauthenticatedError(
          "authorization metadata must be \"Bearer <token>\"");
    }
    return AuthenticateToken(absl::StripAsciiWhitespace(v));
  }
  if (!by_cert_cn_.empty()) {
    std::shared_ptr<const grpc::AuthContext> auth = ctx.auth_context();
    if (auth && auth->IsPeerAuthenticated()) {
      for (const auto& cn : auth->FindPropertyValues("x509_common_name")) {
        auto c = by_cert_cn_.find(std::string(cn.data(), cn.size()));
        if (c != by_cert_cn_.end()) return c->second;
      }
    }
  }
  return absl::UnauthenticatedError(
      "missing credentials: send metadata \"authorization: Bearer <token>\"");
}

std::shared_ptr<const Authenticator> Principals::Current() const {
  absl::ReaderMutexLock lock(&mu_);
  return current_;
}

absl::StatusOr<Principal> Principals::Authenticate(const grpc::ServerContextBase& ctx) const {
  return Current()->Authenticate(ctx);
}

void Principals::Replace(Authenticator next) {
  auto replacement = std::make_shared<const Authenticator>(std::move(next));
  absl::MutexLock lock(&mu_);
  current_ = std::move(replacement);
}

size_t Principals::size() const { return Current()->size(); }

}  // namespace sec::service
