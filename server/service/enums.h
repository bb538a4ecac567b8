#ifndef SEC_SERVICE_ENUMS_H_
#define SEC_SERVICE_ENUMS_H_

// One table per enum of the contract, proto <-> domain (enums.cc), and nothing else converts
// them: an undefined or unspecified number is INVALID_ARGUMENT naming the field and the values
// allowed, never a cast.

#include <google/protobuf/generated_enum_reflection.h>

#include <algorithm>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "domain/change_board.h"
#include "domain/consultation.h"
#include "domain/cost.h"
#include "domain/credit.h"
#include "domain/dcc_assessment.h"
#include "domain/document.h"
#include "domain/errors.h"
#include "domain/impact.h"
#include "domain/legal_text.h"
#include "domain/text_diff.h"
#include "domain/lifecycle.h"
#include "domain/meeting.h"
#include "domain/modification.h"
#include "domain/party.h"
#include "domain/release.h"
#include "domain/ssc.h"
#include "domain/timetable.h"
#include "sec/v1/credit.pb.h"
#include "sec/v1/document.pb.h"
#include "sec/v1/governance.pb.h"
#include "sec/v1/register.pb.h"
#include "sec/v1/release.pb.h"
#include "sec/v1/text.pb.h"

namespace sec::service {

template <typename Proto, typename Domain>
class EnumMap {
 public:
  EnumMap(std::initializer_list<std::pair<Proto, Domain>> rows) : rows_(rows) {}

  Proto ToProto(Domain d) const {
    for (const auto& [p, v] : rows_) {
      if (v == d) return p;
    }
    return Proto{};
  }
  // The domain value of a proto value the table lists; INVALID_ARGUMENT naming `field`
  // otherwise (unspecified, or a number the contract does not define).
  absl::StatusOr<Domain> FromProto(Proto p, absl::string_view field) const {
    if (std::optional<Domain> d = Find(p)) return *d;
    return InvalidField(field, absl::StrCat(Describe(p), " is not allowed here; give one of ",
                                            Allowed()));
  }
  // Unspecified (0) means not given: nullopt. Anything else as FromProto.
  absl::StatusOr<std::optional<Domain>> Optional(Proto p, absl::string_view field) const {
    if (static_cast<int>(p) == 0) return std::optional<Domain>();
    absl::StatusOr<Domain> d = FromProto(p, field);
    if (!d.ok()) return d.status();
    return std::optional<Domain>(*d);
  }
  std::optional<Domain> Find(Proto p) const {
    for (const auto& [q, v] : rows_) {
      if (q == p) return v;
    }
    return std::nullopt;
  }

 private:
  static const google::protobuf::EnumDescriptor* Descriptor() {
    return google::protobuf::GetEnumDescriptor<Proto>();
  }
  // The value's name without the enum's prefix ("VOTE_CHOICE_APPROVE" -> "APPROVE").
  static std::string ShortName(const std::string& name) {
    const std::string& unspecified = Descriptor()->value(0)->name();
    const size_t prefix = unspecified.size() - std::string("UNSPECIFIED").size();
    return name.substr(std::min(prefix, name.size()));
  }
  static std::string Describe(Proto p) {
    const auto* v = Descriptor()->FindValueByNumber(static_cast<int>(p));
    return v ? ShortName(v->name()) : absl::StrCat(static_cast<int>(p));
  }
  std::string Allowed() const {
    return absl::StrJoin(rows_, ", ", [](std::string* out, const std::pair<Proto, Domain>& r) {
      out->append(Describe(r.first));
    });
  }

  std::vector<std::pair<Proto, Domain>> rows_;
};

const EnumMap<v1::ModificationStatus, ModStatus>& StatusEnum();
const EnumMap<v1::ModificationPath, ModPath>& PathEnum();
const EnumMap<v1::PartyCategory, PartyCategory>& CategoryEnum();
const EnumMap<v1::ImpactGrade, ImpactGrade>& ImpactGradeEnum();
const EnumMap<v1::CostKind, CostKind>& CostKindEnum();
const EnumMap<v1::ClauseChangeKind, ClauseChangeKind>& ClauseChangeKindEnum();
const EnumMap<v1::ClauseDiffKind, ClauseDiffKind>& ClauseDiffKindEnum();
// Meeting bodies.
const EnumMap<v1::MeetingBody, MeetingBody>& BodyEnum();
const EnumMap<v1::ImrDestination, LifecycleEvent>& ImrDestinationEnum();
const EnumMap<v1::ConsultationPosition, ConsultationPosition>& PositionEnum();
const EnumMap<v1::VoteChoice, VoteChoice>& VoteChoiceEnum();
const EnumMap<v1::AuthorityOutcome, LifecycleEvent>& AuthorityOutcomeEnum();
const EnumMap<v1::Direction, LifecycleEvent>& DirectionEnum();
const EnumMap<v1::NominationState, NominationState>& NominationStateEnum();
const EnumMap<v1::AssessmentKind, AssessmentKind>& AssessmentKindEnum();
const EnumMap<v1::AssessmentState, AssessmentState>& AssessmentStateEnum();
const EnumMap<v1::AllowanceBasis, AllowanceBasis>& AllowanceBasisEnum();
const EnumMap<v1::InstrumentKind, InstrumentKind>& InstrumentKindEnum();
const EnumMap<v1::UcfSource, UcfSource>& UcfSourceEnum();
const EnumMap<v1::CreditCheckActionKind, CreditCheckAction>& CheckActionEnum();
const EnumMap<v1::WaitingOn, WaitingOn>& WaitingOnEnum();
const EnumMap<v1::ReleaseKind, ReleaseKind>& ReleaseKindEnum();
const EnumMap<v1::ReleaseStatus, ReleaseStatus>& ReleaseStatusEnum();
const EnumMap<v1::Timeliness, Timeliness>& TimelinessEnum();
const EnumMap<v1::DocumentKind, DocumentKind>& DocumentKindEnum();
const EnumMap<v1::DocumentRevisionState, RevisionState>& RevisionStateEnum();

}  // namespace sec::service

#endif  // SEC_SERVICE_ENUMS_H_
