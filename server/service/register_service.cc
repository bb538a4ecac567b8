#include "service/register_service.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/lifecycle.h"
#include "domain/list_filter.h"
#include "domain/page_token.h"
#include "service/register_convert.h"

namespace sec::service {
namespace {

constexpr char kService[] = "sec.v1.RegisterService";
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 1000;

std::vector<std::string> AllStatusCodes() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(ModStatus::kSuspended); ++i) {
    out.push_back(StatusCode(static_cast<ModStatus>(i)));
  }
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
  return absl::InvalidArgumentError(absl::StrCat(
      "order_by: \"", text, "\" is not one of name, date_raised, title, status (optionally "
      "followed by \" desc\")"));
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
    if (paths.empty()) return absl::InvalidArgumentError("update_mask: nothing to update");
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
      return absl::InvalidArgumentError(absl::StrCat(
          "update_mask: \"", p, "\" cannot be updated here; updatable: title, sections, "
          "problem_statement, intended_changes, comment (status changes go through "
          "GovernanceService)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const std::vector<FilterField>& ModificationFilterFields() {
  using K = FilterKind;
  using O = FilterOp;
  static const auto* const kFields = new std::vector<FilterField>{
      {"status", K::kEnum, {O::kEq, O::kNe}, AllStatusCodes()},
      {"path", K::kEnum, {O::kEq, O::kNe}, {"PATH_1", "PATH_2", "PATH_3"}},
      {"proposer", K::kString, {O::kEq, O::kNe}, {}},
      {"section", K::kString, {O::kEq, O::kNe}, {}},
      {"open", K::kBool, {O::kEq}, {}},
      {"fast_track", K::kBool, {O::kEq}, {}},
      {"urgent", K::kBool, {O::kEq}, {}},
      {"date_raised", K::kDate, {O::kEq, O::kNe, O::kLt, O::kLe, O::kGt, O::kGe}, {}},
      {"title", K::kString, {O::kHas, O::kEq}, {}},
  };
  return *kFields;
}

grpc::Status RegisterServiceImpl::CreateParty(grpc::ServerContext* ctx,
                                              const v1::CreatePartyRequest* req, v1::Party* resp) {
  return HandleRpc(env_, ctx, kService, "CreateParty", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
    if (auto s = RequireAnyRole(who, {Role::kSecas}, "registering a party"); !s.ok()) return s;
    Party p;
    p.id = req->party_id();
    if (p.id.empty() && !req->party().name().empty()) {
      absl::StatusOr<std::string> id = ParsePartyName(req->party().name(), "party.name");
      if (!id.ok()) return id.status();
      p.id = *id;
    }
    p.display_name = req->party().display_name();
    absl::StatusOr<PartyCategory> cat = FromProto(req->party().category(), "party.category");
    if (!cat.ok()) return cat.status();
    p.category = *cat;
    if (auto s = ValidateParty(p); !s.ok()) return s;
    p.version = 1;
    p.create_time_us = p.update_time_us = env_.NowMicros();
    return IdempotentWrite(env_, "CreateParty", req->request_id(), who, resp,
                           [&](storage::Tx& tx) -> absl::Status {
      if (auto s = storage::InsertParty(tx, p); !s.ok()) return s;
      *resp = ToProto(p);
      storage::StoredEvent e = NewEvent(env_, who, resp->name(), "create",
                                        FormatDate(env_.Today()), nullptr, resp);
      return storage::AppendEvent(tx, e);
    });
  });
}

grpc::Status RegisterServiceImpl::GetParty(grpc::ServerContext* ctx, const v1::GetPartyRequest* req,
                                           v1::Party* resp) {
  return HandleRpc(env_, ctx, kService, "GetParty", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> id = ParsePartyName(req->name(), "name");
    if (!id.ok()) return id.status();
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<Party> p = storage::GetParty(tx, *id);
      if (!p.ok()) return p.status();
      *resp = ToProto(*p);
      return absl::OkStatus();
    });
  });
}

grpc::Status RegisterServiceImpl::ListParties(grpc::ServerContext* ctx,
                                              const v1::ListPartiesRequest* req,
                                              v1::ListPartiesResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListParties", "", [&](const Principal&) -> absl::Status {
    absl::StatusOr<int> size = ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
    if (!size.ok()) return size.status();
    static const std::vector<FilterField> kFields = {
        {"category", FilterKind::kEnum, {FilterOp::kEq},
         {"LARGE_SUPPLIER", "SMALL_SUPPLIER", "ELECTRICITY_NETWORK_PARTY", "GAS_NETWORK_PARTY",
          "OTHER_SEC_PARTY", "DCC"}}};
    absl::StatusOr<std::vector<FilterTerm>> terms = ParseFilter(req->filter(), kFields);
    if (!terms.ok()) return terms.status();
    std::optional<std::string> category;
    if (!terms->empty()) category = terms->front().value;
    const std::string query = absl::StrCat("parties|", req->filter());
    absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
    if (!cursor.ok()) return cursor.status();
    const std::string after = cursor->last_key.empty() ? "" : cursor->last_key[0];
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<std::vector<Party>> rows =
          storage::ListParties(tx, category, after, *size + 1);
      if (!rows.ok()) return rows.status();
      const bool more = static_cast<int>(rows->size()) > *size;
      if (more) rows->pop_back();
      for (const Party& p : *rows) *resp->add_parties() = ToProto(p);
      if (more) resp->set_next_page_token(EncodePageToken(query, {{rows->back().id}}));
      return absl::OkStatus();
    });
  });
}

grpc::Status RegisterServiceImpl::UpdateParty(grpc::ServerContext* ctx,
                                              const v1::UpdatePartyRequest* req, v1::Party* resp) {
  return HandleRpc(env_, ctx, kService, "UpdateParty", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
    if (auto s = RequireAnyRole(who, {Role::kSecas}, "updating a party"); !s.ok()) return s;
    absl::StatusOr<std::string> id = ParsePartyName(req->party().name(), "party.name");
    if (!id.ok()) return id.status();
    return IdempotentWrite(env_, "UpdateParty", req->request_id(), who, resp,
                           [&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<Party> p = storage::GetParty(tx, *id);
      if (!p.ok()) return p.status();
      if (auto s = CheckEtag(req->party().etag(), p->version, req->party().name()); !s.ok()) {
        return s;
      }
      const v1::Party before = ToProto(*p);
      std::vector<std::string> paths(req->update_mask().paths().begin(),
                                     req->update_mask().paths().end());
      if (paths.empty()) paths = {"display_name", "category"};
      for (const std::string& path : paths) {
        if (path == "display_name") {
          p->display_name = req->party().display_name();
        } else if (path == "category") {
          absl::StatusOr<PartyCategory> c = FromProto(req->party().category(), "party.category");
          if (!c.ok()) return c.status();
          p->category = *c;
        } else {
          return absl::InvalidArgumentError(absl::StrCat(
              "update_mask: \"", path, "\" cannot be updated; updatable: display_name, category"));
        }
      }
      if (auto s = ValidateParty(*p); !s.ok()) return s;
      const int64_t expected = p->version;
      p->version += 1;
      p->update_time_us = env_.NowMicros();
      if (auto s = storage::UpdateParty(tx, *p, expected); !s.ok()) return s;
      *resp = ToProto(*p);
      storage::StoredEvent e = NewEvent(env_, who, resp->name(), "update",
                                        FormatDate(env_.Today()), &before, resp);
      return storage::AppendEvent(tx, e);
    });
  });
}

grpc::Status RegisterServiceImpl::CreateModification(grpc::ServerContext* ctx,
                                                     const v1::CreateModificationRequest* req,
                                                     v1::Modification* resp) {
  return HandleRpc(env_, ctx, kService, "CreateModification", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
    if (auto s = RequireAnyRole(who, {Role::kSecas, Role::kParty}, "raising a proposal");
        !s.ok()) {
      return s;
    }
    const v1::Modification& in = req->modification();
    const bool secas = who.Has(Role::kSecas);
    Modification m;
    if (in.proposer().empty()) {
      if (who.party_id.empty()) {
        return absl::InvalidArgumentError("modification.proposer: required, e.g. parties/british-gas");
      }
      m.proposer = who.party_id;
    } else {
      absl::StatusOr<std::string> proposer = ParsePartyName(in.proposer(), "modification.proposer");
      if (!proposer.ok()) return proposer.status();
      m.proposer = *proposer;
    }
    if (!secas && !who.ActsFor(m.proposer)) {
      return absl::PermissionDeniedError(absl::StrCat(
          who.name, " may raise proposals only for its own party (parties/", who.party_id, ")"));
    }
    // Historical loading (SECAS only): explicit reference, date raised, initial status, path.
    const bool historical = !req->modification_id().empty() ||
                            in.status() != v1::MODIFICATION_STATUS_UNSPECIFIED ||
                            in.path() != v1::MODIFICATION_PATH_UNSPECIFIED ||
                            !in.date_raised().empty();
    if (historical && !secas) {
      return absl::PermissionDeniedError(
          "only SECAS may give a reference, a date raised, a status or a path when raising");
    }
    absl::StatusOr<Date> raised = DateOrToday(env_, in.date_raised(), "modification.date_raised");
    if (!raised.ok()) return raised.status();
    m.date_raised = *raised;
    if (in.status() != v1::MODIFICATION_STATUS_UNSPECIFIED) {
      absl::StatusOr<ModStatus> st = FromProto(in.status(), "modification.status");
      if (!st.ok()) return st.status();
      if (*st == ModStatus::kSuspended) {
        return absl::InvalidArgumentError(
            "modification.status: a proposal cannot be loaded as SUSPENDED (no prior status)");
      }
      m.status = *st;
    }
    absl::StatusOr<ModPath> path = FromProto(in.path(), "modification.path");
    if (!path.ok()) return path.status();
    m.path = *path;
    int explicit_number = 0;
    if (!req->modification_id().empty()) {
      absl::StatusOr<int> n = ParseReference(req->modification_id());
      if (!n.ok()) return n.status();
      explicit_number = *n;
    }
    m.title = in.title();
    m.fast_track = in.fast_track();
    m.urgent = in.urgent();
    m.sections.assign(in.sections().begin(), in.sections().end());
    m.problem_statement = in.problem_statement();
    m.intended_changes.assign(in.intended_changes().begin(), in.intended_changes().end());
    m.comment = in.comment();
    if (auto s = ValidateModificationText(m); !s.ok()) return s;
    m.version = 1;
    m.create_time_us = m.update_time_us = env_.NowMicros();

    return IdempotentWrite(env_, "CreateModification", req->request_id(), who, resp,
                           [&](storage::Tx& tx) -> absl::Status {
      // An unregistered proposer is refused by the insert (FAILED_PRECONDITION).
      Modification row = m;
      if (explicit_number > 0) {
        row.reference = FormatReference(explicit_number);
        if (auto s = storage::RaiseCounter(tx, "modification_ref", explicit_number); !s.ok()) {
          return s;
        }
      } else {
        absl::StatusOr<int64_t> n = storage::NextCounter(tx, "modification_ref");
        if (!n.ok()) return n.status();
        if (*n > 9999) {
          return absl::ResourceExhaustedError("the register has used every reference SECMP0001-9999");
        }
        row.reference = FormatReference(static_cast<int>(*n));
      }
      if (auto s = storage::InsertModification(tx, row); !s.ok()) return s;
      *resp = ToProto(row);
      storage::StoredEvent e = NewEvent(env_, who, resp->name(), "raise",
                                        FormatDate(row.date_raised), nullptr, resp, row.comment);
      e.status = StatusCode(row.status);
      return storage::AppendEvent(tx, e);
    });
  });
}

grpc::Status RegisterServiceImpl::GetModification(grpc::ServerContext* ctx,
                                                  const v1::GetModificationRequest* req,
                                                  v1::Modification* resp) {
  return HandleRpc(env_, ctx, kService, "GetModification", "",
                   [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> ref = ParseModificationName(req->name(), "name");
    if (!ref.ok()) return ref.status();
    // The key short enough for std::string's inline buffer: no allocation on a hit.
    return CachedRead(env_, absl::StrCat("G", *ref), resp, [&] {
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<Modification> m = storage::GetModification(tx, *ref);
        if (!m.ok()) return m.status();
        *resp = ToProto(*std::move(m));
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status RegisterServiceImpl::ListModifications(grpc::ServerContext* ctx,
                                                    const v1::ListModificationsRequest* req,
                                                    v1::ListModificationsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListModifications", "",
                   [&](const Principal&) -> absl::Status {
    storage::ModificationQuery q;
    absl::StatusOr<int> size = ResolvePageSize(req->page_size(), kDefaultPageSize, kMaxPageSize);
    if (!size.ok()) return size.status();
    absl::StatusOr<std::vector<FilterTerm>> terms =
        ParseFilter(req->filter(), ModificationFilterFields());
    if (!terms.ok()) return terms.status();
    q.filter = *std::move(terms);
    absl::StatusOr<storage::ModificationOrder> order = ParseOrderBy(req->order_by(), &q.descending);
    if (!order.ok()) return order.status();
    q.order = *order;
    const std::string query = absl::StrCat("modifications|", req->filter(), "|", req->order_by());
    absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
    if (!cursor.ok()) return cursor.status();
    q.after_key = cursor->last_key;
    q.limit = *size + 1;
    const std::string key =
        absl::StrCat("L", *size, "|", query, "|", req->page_token());
    return CachedRead(env_, key, resp, [&] {
      return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<storage::ModificationPage> page = storage::ListModifications(tx, q);
        if (!page.ok()) return page.status();
        const bool more = static_cast<int>(page->rows.size()) > *size;
        if (more) page->rows.pop_back();
        // The token first: the rows are moved into the response below.
        if (more) {
          resp->set_next_page_token(EncodePageToken(
              query, {storage::ModificationSortKey(page->rows.back(), q.order)}));
        }
        resp->mutable_modifications()->Reserve(static_cast<int>(page->rows.size()));
        for (Modification& m : page->rows) *resp->add_modifications() = ToProto(std::move(m));
        resp->set_total_size(static_cast<int32_t>(page->total));
        return absl::OkStatus();
      });
    });
  });
}

grpc::Status RegisterServiceImpl::UpdateModification(grpc::ServerContext* ctx,
                                                     const v1::UpdateModificationRequest* req,
                                                     v1::Modification* resp) {
  return HandleRpc(env_, ctx, kService, "UpdateModification", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
    absl::StatusOr<std::string> ref =
        ParseModificationName(req->modification().name(), "modification.name");
    if (!ref.ok()) return ref.status();
    return IdempotentWrite(env_, "UpdateModification", req->request_id(), who, resp,
                           [&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<Modification> m = storage::GetModification(tx, *ref);
      if (!m.ok()) return m.status();
      if (!who.Has(Role::kSecas) && !who.ActsFor(m->proposer)) {
        return absl::PermissionDeniedError(absl::StrCat(
            "only the proposer (parties/", m->proposer, ") or SECAS may update ", *ref));
      }
      if (auto s = CheckEtag(req->modification().etag(), m->version, req->modification().name());
          !s.ok()) {
        return s;
      }
      if (!IsOpen(m->status)) {
        return absl::FailedPreconditionError(absl::StrCat(
            *ref, " is ", StatusTitle(m->status), "; a closed proposal cannot be updated"));
      }
      const v1::Modification before = ToProto(*m);
      if (auto s = ApplyModificationMask(req->modification(), req->update_mask(), &*m); !s.ok()) {
        return s;
      }
      if (auto s = ValidateModificationText(*m); !s.ok()) return s;
      const int64_t expected = m->version;
      m->version += 1;
      m->update_time_us = env_.NowMicros();
      if (auto s = storage::UpdateModification(tx, *m, expected); !s.ok()) return s;
      *resp = ToProto(*m);
      storage::StoredEvent e = NewEvent(env_, who, resp->name(), "update",
                                        FormatDate(env_.Today()), &before, resp);
      e.status = StatusCode(m->status);
      return storage::AppendEvent(tx, e);
    });
  });
}

grpc::Status RegisterServiceImpl::WithdrawModification(grpc::ServerContext* ctx,
                                                       const v1::WithdrawModificationRequest* req,
                                                       v1::Modification* resp) {
  return HandleRpc(env_, ctx, kService, "WithdrawModification", req->request_id(),
                   [&](const Principal& who) -> absl::Status {
    absl::StatusOr<std::string> ref = ParseModificationName(req->name(), "name");
    if (!ref.ok()) return ref.status();
    absl::StatusOr<Date> when = DateOrToday(env_, req->effective_date(), "effective_date");
    if (!when.ok()) return when.status();
    return IdempotentWrite(env_, "WithdrawModification", req->request_id(), who, resp,
                           [&](storage::Tx& tx) -> absl::Status {
      absl::StatusOr<Modification> m = storage::GetModification(tx, *ref);
      if (!m.ok()) return m.status();
      if (auto s = CheckEtag(req->etag(), m->version, req->name()); !s.ok()) return s;
      LifecycleState state{m->status, m->suspended_from, m->fast_track, m->path, m->proposer};
      absl::StatusOr<Transition> t = DecideEvent(state, LifecycleEvent::kWithdraw, who);
      if (!t.ok()) return t.status();
      const v1::Modification before = ToProto(*m);
      const int64_t expected = m->version;
      m->status = t->to;
      m->suspended_from = t->suspended_from;
      m->version += 1;
      m->update_time_us = env_.NowMicros();
      if (auto s = storage::UpdateModification(tx, *m, expected); !s.ok()) return s;
      *resp = ToProto(*m);
      storage::StoredEvent e =
          NewEvent(env_, who, resp->name(), LifecycleEventName(LifecycleEvent::kWithdraw),
                   FormatDate(*when), &before, resp, req->reason());
      e.status = StatusCode(m->status);
      return storage::AppendEvent(tx, e);
    });
  });
}

grpc::Status RegisterServiceImpl::ListModificationEvents(
    grpc::ServerContext* ctx, const v1::ListModificationEventsRequest* req,
    v1::ListModificationEventsResponse* resp) {
  return HandleRpc(env_, ctx, kService, "ListModificationEvents", "",
                   [&](const Principal&) -> absl::Status {
    absl::StatusOr<std::string> ref = ParseModificationName(req->parent(), "parent");
    if (!ref.ok()) return ref.status();
    absl::StatusOr<int> size = ResolvePageSize(req->page_size(), 100, kMaxPageSize);
    if (!size.ok()) return size.status();
    const std::string query = absl::StrCat("events|", req->parent());
    absl::StatusOr<PageCursor> cursor = DecodePageToken(query, req->page_token());
    if (!cursor.ok()) return cursor.status();
    int64_t after = 0;
    if (!cursor->last_key.empty() && !absl::SimpleAtoi(cursor->last_key[0], &after)) {
      return absl::InvalidArgumentError("page_token: not a token from this listing");
    }
    return env_.store->Read([&](storage::Tx& tx) -> absl::Status {
      if (auto s = storage::GetModification(tx, *ref).status(); !s.ok()) return s;
      absl::StatusOr<std::vector<storage::StoredEvent>> events =
          storage::ListEventsForResource(tx, req->parent(), after, *size + 1);
      if (!events.ok()) return events.status();
      const bool more = static_cast<int>(events->size()) > *size;
      if (more) events->pop_back();
      for (const auto& e : *events) *resp->add_events() = ToProto(e);
      if (more) {
        resp->set_next_page_token(
            EncodePageToken(query, {{absl::StrCat(events->back().sequence)}}));
      }
      return absl::OkStatus();
    });
  });
}

grpc::Status RegisterServiceImpl::WatchEvents(grpc::ServerContext* ctx,
                                              const v1::WatchEventsRequest* req,
                                              grpc::ServerWriter<v1::Event>* writer) {
  return HandleRpc(env_, ctx, kService, "WatchEvents", "", [&](const Principal&) -> absl::Status {
    if (req->from_sequence() < 0) {
      return absl::InvalidArgumentError("from_sequence: must not be negative");
    }
    int64_t last = req->from_sequence();
    // Poll the store (so writes through other replicas are seen); a local write wakes us early.
    constexpr absl::Duration kPoll = absl::Milliseconds(200);
    constexpr int kBatch = 500;
    while (!ctx->IsCancelled() && !shutting_down_) {
      const uint64_t seen = env_.notifier->count();
      std::vector<storage::StoredEvent> batch;
      absl::Status s = env_.store->Read([&](storage::Tx& tx) -> absl::Status {
        absl::StatusOr<std::vector<storage::StoredEvent>> events =
            storage::ListEventsSince(tx, last, req->resource_prefix(), kBatch);
        if (!events.ok()) return events.status();
        batch = *std::move(events);
        return absl::OkStatus();
      });
      if (!s.ok()) return s;
      for (const auto& e : batch) {
        if (!writer->Write(ToProto(e))) return absl::OkStatus();  // client went away
        last = e.sequence;
      }
      if (static_cast<int>(batch.size()) < kBatch) env_.notifier->WaitAfter(seen, kPoll);
    }
    return absl::OkStatus();
  });
}

}  // namespace sec::service
