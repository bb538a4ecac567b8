#include "service/enums.h"

namespace sec::service {

// Each table lists every value the domain knows; a proto value missing from it (unspecified,
// or a number the contract does not define) is refused where it comes in.

const EnumMap<v1::ModificationStatus, ModStatus>& StatusEnum() {
  static const auto* const kMap = new EnumMap<v1::ModificationStatus, ModStatus>{
      {v1::MODIFICATION_STATUS_SUBMITTED, ModStatus::kSubmitted},
      {v1::MODIFICATION_STATUS_REFINEMENT, ModStatus::kRefinement},
      {v1::MODIFICATION_STATUS_REPORT_PHASE, ModStatus::kReportPhase},
      {v1::MODIFICATION_STATUS_CONSULTATION, ModStatus::kConsultation},
      {v1::MODIFICATION_STATUS_CHANGE_BOARD, ModStatus::kChangeBoard},
      {v1::MODIFICATION_STATUS_AWAITING_AUTHORITY, ModStatus::kAwaitingAuthority},
      {v1::MODIFICATION_STATUS_APPROVED, ModStatus::kApproved},
      {v1::MODIFICATION_STATUS_REJECTED, ModStatus::kRejected},
      {v1::MODIFICATION_STATUS_IMPLEMENTED, ModStatus::kImplemented},
      {v1::MODIFICATION_STATUS_WITHDRAWN, ModStatus::kWithdrawn},
      {v1::MODIFICATION_STATUS_CANCELLED, ModStatus::kCancelled},
      {v1::MODIFICATION_STATUS_SUSPENDED, ModStatus::kSuspended},
  };
  return *kMap;
}

const EnumMap<v1::ModificationPath, ModPath>& PathEnum() {
  static const auto* const kMap = new EnumMap<v1::ModificationPath, ModPath>{
      {v1::MODIFICATION_PATH_UNSPECIFIED, ModPath::kUnset},
      {v1::MODIFICATION_PATH_PATH_1, ModPath::kPath1},
      {v1::MODIFICATION_PATH_PATH_2, ModPath::kPath2},
      {v1::MODIFICATION_PATH_PATH_3, ModPath::kPath3},
  };
  return *kMap;
}

const EnumMap<v1::PartyCategory, PartyCategory>& CategoryEnum() {
  static const auto* const kMap = new EnumMap<v1::PartyCategory, PartyCategory>{
      {v1::PARTY_CATEGORY_LARGE_SUPPLIER, PartyCategory::kLargeSupplier},
      {v1::PARTY_CATEGORY_SMALL_SUPPLIER, PartyCategory::kSmallSupplier},
      {v1::PARTY_CATEGORY_ELECTRICITY_NETWORK_PARTY, PartyCategory::kElectricityNetworkParty},
      {v1::PARTY_CATEGORY_GAS_NETWORK_PARTY, PartyCategory::kGasNetworkParty},
      {v1::PARTY_CATEGORY_OTHER_SEC_PARTY, PartyCategory::kOtherSecParty},
      {v1::PARTY_CATEGORY_DCC, PartyCategory::kDcc},
  };
  return *kMap;
}

const EnumMap<v1::ImpactGrade, ImpactGrade>& ImpactGradeEnum() {
  static const auto* const kMap = new EnumMap<v1::ImpactGrade, ImpactGrade>{
      {v1::IMPACT_GRADE_NONE, ImpactGrade::kNone},
      {v1::IMPACT_GRADE_LOW, ImpactGrade::kLow},
      {v1::IMPACT_GRADE_MEDIUM, ImpactGrade::kMedium},
      {v1::IMPACT_GRADE_HIGH, ImpactGrade::kHigh},
  };
  return *kMap;
}

const EnumMap<v1::CostKind, CostKind>& CostKindEnum() {
  static const auto* const kMap = new EnumMap<v1::CostKind, CostKind>{
      {v1::COST_KIND_DCC_IMPLEMENTATION, CostKind::kDccImplementation},
      {v1::COST_KIND_SECAS, CostKind::kSecas},
      {v1::COST_KIND_OTHER, CostKind::kOther},
  };
  return *kMap;
}

const EnumMap<v1::ClauseChangeKind, ClauseChangeKind>& ClauseChangeKindEnum() {
  static const auto* const kMap = new EnumMap<v1::ClauseChangeKind, ClauseChangeKind>{
      {v1::CLAUSE_CHANGE_KIND_AMEND, ClauseChangeKind::kAmend},
      {v1::CLAUSE_CHANGE_KIND_INSERT, ClauseChangeKind::kInsert},
      {v1::CLAUSE_CHANGE_KIND_DELETE, ClauseChangeKind::kDelete},
  };
  return *kMap;
}

const EnumMap<v1::ClauseDiffKind, ClauseDiffKind>& ClauseDiffKindEnum() {
  static const auto* const kMap = new EnumMap<v1::ClauseDiffKind, ClauseDiffKind>{
      {v1::CLAUSE_DIFF_KIND_UNCHANGED, ClauseDiffKind::kUnchanged},
      {v1::CLAUSE_DIFF_KIND_AMENDED, ClauseDiffKind::kAmended},
      {v1::CLAUSE_DIFF_KIND_INSERTED, ClauseDiffKind::kInserted},
      {v1::CLAUSE_DIFF_KIND_DELETED, ClauseDiffKind::kDeleted},
  };
  return *kMap;
}

const EnumMap<v1::MeetingBody, MeetingBody>& BodyEnum() {
  static const auto* const kMap = new EnumMap<v1::MeetingBody, MeetingBody>{
      {v1::MEETING_BODY_PANEL, MeetingBody::kPanel},
      {v1::MEETING_BODY_CHANGE_BOARD, MeetingBody::kChangeBoard},
      {v1::MEETING_BODY_SECURITY_SUB_COMMITTEE, MeetingBody::kSecuritySubCommittee},
  };
  return *kMap;
}

const EnumMap<v1::ImrDestination, LifecycleEvent>& ImrDestinationEnum() {
  static const auto* const kMap = new EnumMap<v1::ImrDestination, LifecycleEvent>{
      {v1::IMR_DESTINATION_REFINEMENT, LifecycleEvent::kAcceptToRefinement},
      {v1::IMR_DESTINATION_REPORT_PHASE, LifecycleEvent::kAcceptToReportPhase},
  };
  return *kMap;
}

const EnumMap<v1::ConsultationPosition, ConsultationPosition>& PositionEnum() {
  static const auto* const kMap = new EnumMap<v1::ConsultationPosition, ConsultationPosition>{
      {v1::CONSULTATION_POSITION_SUPPORT, ConsultationPosition::kSupport},
      {v1::CONSULTATION_POSITION_OPPOSE, ConsultationPosition::kOppose},
      {v1::CONSULTATION_POSITION_COMMENT, ConsultationPosition::kComment},
  };
  return *kMap;
}

const EnumMap<v1::VoteChoice, VoteChoice>& VoteChoiceEnum() {
  static const auto* const kMap = new EnumMap<v1::VoteChoice, VoteChoice>{
      {v1::VOTE_CHOICE_APPROVE, VoteChoice::kApprove},
      {v1::VOTE_CHOICE_REJECT, VoteChoice::kReject},
      {v1::VOTE_CHOICE_ABSTAIN, VoteChoice::kAbstain},
  };
  return *kMap;
}

const EnumMap<v1::AuthorityOutcome, LifecycleEvent>& AuthorityOutcomeEnum() {
  static const auto* const kMap = new EnumMap<v1::AuthorityOutcome, LifecycleEvent>{
      {v1::AUTHORITY_OUTCOME_APPROVE, LifecycleEvent::kAuthorityApprove},
      {v1::AUTHORITY_OUTCOME_REJECT, LifecycleEvent::kAuthorityReject},
      {v1::AUTHORITY_OUTCOME_SEND_BACK, LifecycleEvent::kAuthoritySendBack},
  };
  return *kMap;
}

const EnumMap<v1::Direction, LifecycleEvent>& DirectionEnum() {
  static const auto* const kMap = new EnumMap<v1::Direction, LifecycleEvent>{
      {v1::DIRECTION_SUSPEND, LifecycleEvent::kSuspend},
      {v1::DIRECTION_LIFT_SUSPENSION, LifecycleEvent::kLiftSuspension},
      {v1::DIRECTION_CANCEL, LifecycleEvent::kCancel},
  };
  return *kMap;
}

const EnumMap<v1::NominationState, NominationState>& NominationStateEnum() {
  static const auto* const kMap = new EnumMap<v1::NominationState, NominationState>{
      {v1::NOMINATION_STATE_NOMINATED, NominationState::kNominated},
      {v1::NOMINATION_STATE_ACCEPTED, NominationState::kAccepted},
      {v1::NOMINATION_STATE_REJECTED, NominationState::kRejected},
      {v1::NOMINATION_STATE_APPOINTED, NominationState::kAppointed},
  };
  return *kMap;
}

const EnumMap<v1::AssessmentKind, AssessmentKind>& AssessmentKindEnum() {
  static const auto* const kMap = new EnumMap<v1::AssessmentKind, AssessmentKind>{
      {v1::ASSESSMENT_KIND_PRELIMINARY, AssessmentKind::kPreliminary},
      {v1::ASSESSMENT_KIND_IMPACT, AssessmentKind::kImpact},
  };
  return *kMap;
}

const EnumMap<v1::AssessmentState, AssessmentState>& AssessmentStateEnum() {
  static const auto* const kMap = new EnumMap<v1::AssessmentState, AssessmentState>{
      {v1::ASSESSMENT_STATE_REQUESTED, AssessmentState::kRequested},
      {v1::ASSESSMENT_STATE_IN_PROGRESS, AssessmentState::kInProgress},
      {v1::ASSESSMENT_STATE_DELIVERED, AssessmentState::kDelivered},
  };
  return *kMap;
}

const EnumMap<v1::AllowanceBasis, AllowanceBasis>& AllowanceBasisEnum() {
  static const auto* const kMap = new EnumMap<v1::AllowanceBasis, AllowanceBasis>{
      {v1::ALLOWANCE_BASIS_MAXIMUM_CREDIT_VALUE, AllowanceBasis::kMaximumCreditValue},
      {v1::ALLOWANCE_BASIS_VALUE_AT_RISK, AllowanceBasis::kValueAtRisk},
      {v1::ALLOWANCE_BASIS_NONE, AllowanceBasis::kNone},
  };
  return *kMap;
}

const EnumMap<v1::InstrumentKind, InstrumentKind>& InstrumentKindEnum() {
  static const auto* const kMap = new EnumMap<v1::InstrumentKind, InstrumentKind>{
      {v1::INSTRUMENT_KIND_BANK_GUARANTEE, InstrumentKind::kBankGuarantee},
      {v1::INSTRUMENT_KIND_LETTER_OF_CREDIT, InstrumentKind::kLetterOfCredit},
      {v1::INSTRUMENT_KIND_CASH_DEPOSIT, InstrumentKind::kCashDeposit},
  };
  return *kMap;
}

const EnumMap<v1::UcfSource, UcfSource>& UcfSourceEnum() {
  static const auto* const kMap = new EnumMap<v1::UcfSource, UcfSource>{
      {v1::UCF_SOURCE_RATING, UcfSource::kRating},
      {v1::UCF_SOURCE_SCORE, UcfSource::kScore},
      {v1::UCF_SOURCE_NONE, UcfSource::kNone},
  };
  return *kMap;
}

const EnumMap<v1::CreditCheckActionKind, CreditCheckAction>& CheckActionEnum() {
  static const auto* const kMap = new EnumMap<v1::CreditCheckActionKind, CreditCheckAction>{
      {v1::CREDIT_CHECK_ACTION_KIND_ISSUE_NOTICE, CreditCheckAction::kIssueNotice},
      {v1::CREDIT_CHECK_ACTION_KIND_RAISE_DEFAULT, CreditCheckAction::kRaiseEventOfDefault},
      {v1::CREDIT_CHECK_ACTION_KIND_MARK_CURED, CreditCheckAction::kMarkCured},
  };
  return *kMap;
}

const EnumMap<v1::WaitingOn, WaitingOn>& WaitingOnEnum() {
  static const auto* const kMap = new EnumMap<v1::WaitingOn, WaitingOn>{
      {v1::WAITING_ON_SECAS, WaitingOn::kSecas},
      {v1::WAITING_ON_PANEL, WaitingOn::kPanel},
      {v1::WAITING_ON_DCC, WaitingOn::kDcc},
      {v1::WAITING_ON_CHANGE_BOARD, WaitingOn::kChangeBoard},
      {v1::WAITING_ON_AUTHORITY, WaitingOn::kAuthority},
      {v1::WAITING_ON_SECRETARY_OF_STATE, WaitingOn::kSecretaryOfState},
  };
  return *kMap;
}

const EnumMap<v1::ReleaseKind, ReleaseKind>& ReleaseKindEnum() {
  static const auto* const kMap = new EnumMap<v1::ReleaseKind, ReleaseKind>{
      {v1::RELEASE_KIND_PLANNED, ReleaseKind::kPlanned},
      {v1::RELEASE_KIND_AD_HOC, ReleaseKind::kAdHoc},
  };
  return *kMap;
}

const EnumMap<v1::ReleaseStatus, ReleaseStatus>& ReleaseStatusEnum() {
  static const auto* const kMap = new EnumMap<v1::ReleaseStatus, ReleaseStatus>{
      {v1::RELEASE_STATUS_PLANNING, ReleaseStatus::kPlanning},
      {v1::RELEASE_STATUS_SCOPED, ReleaseStatus::kScoped},
      {v1::RELEASE_STATUS_IMPLEMENTED, ReleaseStatus::kImplemented},
      {v1::RELEASE_STATUS_CANCELLED, ReleaseStatus::kCancelled},
  };
  return *kMap;
}

const EnumMap<v1::Timeliness, Timeliness>& TimelinessEnum() {
  static const auto* const kMap = new EnumMap<v1::Timeliness, Timeliness>{
      {v1::TIMELINESS_UNSPECIFIED, Timeliness::kUnplanned},
      {v1::TIMELINESS_NOT_DUE, Timeliness::kNotDue},
      {v1::TIMELINESS_ON_TIME, Timeliness::kOnTime},
      {v1::TIMELINESS_LATE, Timeliness::kLate},
      {v1::TIMELINESS_OVERDUE, Timeliness::kOverdue},
  };
  return *kMap;
}

const EnumMap<v1::DocumentKind, DocumentKind>& DocumentKindEnum() {
  static const auto* const kMap = new EnumMap<v1::DocumentKind, DocumentKind>{
      {v1::DOCUMENT_KIND_INITIAL_MODIFICATION_REPORT, DocumentKind::kInitialModificationReport},
      {v1::DOCUMENT_KIND_MODIFICATION_REPORT, DocumentKind::kModificationReport},
      {v1::DOCUMENT_KIND_CONSULTATION_DOCUMENT, DocumentKind::kConsultationDocument},
      {v1::DOCUMENT_KIND_CONSULTATION_RESPONSE, DocumentKind::kConsultationResponse},
      {v1::DOCUMENT_KIND_DECISION_LETTER, DocumentKind::kDecisionLetter},
      {v1::DOCUMENT_KIND_OTHER, DocumentKind::kOther},
  };
  return *kMap;
}

const EnumMap<v1::DocumentRevisionState, RevisionState>& RevisionStateEnum() {
  static const auto* const kMap = new EnumMap<v1::DocumentRevisionState, RevisionState>{
      {v1::DOCUMENT_REVISION_STATE_UPLOADING, RevisionState::kUploading},
      {v1::DOCUMENT_REVISION_STATE_COMPLETE, RevisionState::kComplete},
  };
  return *kMap;
}

}  // namespace sec::service
