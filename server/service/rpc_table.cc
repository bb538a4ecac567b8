// Every RPC of the services, declared once: who may call it, whether it reads or writes,
// what it reads or writes and who may see that, and the request field naming the party a PARTY
// principal acts for. The gRPC methods are built from these rows (dispatch.h), so a method
// without a row cannot be served, and tests/service/authorization_test.cc walks the service
// descriptors against them.
//
// Roles of a lifecycle step come from the lifecycle table (domain/lifecycle.cc), not from here,
// so who may cause an event is written once.

#include "service/rpc_table.h"

#include "absl/container/flat_hash_map.h"
#include "domain/lifecycle.h"
#include "service/dispatch.h"
#include "service/handlers.h"

namespace sec::service {
namespace {

using E = LifecycleEvent;
constexpr Access kRead = Access::kRead;
constexpr Access kWrite = Access::kWrite;
constexpr Visibility kConfidential = Visibility::kPartyConfidential;
constexpr Visibility kDocument = Visibility::kProposalDocument;

RoleSet Anyone() { return RoleSet::Everyone(); }
RoleSet Secas() { return {Role::kSecas}; }
// Credit data: written by the DCC (and SECAS, loading it); read by the party it is about too.
RoleSet CreditWriters() { return {Role::kDcc, Role::kSecas}; }
RoleSet CreditReaders() { return {Role::kParty, Role::kDcc, Role::kSecas}; }
// A party acting for itself, or SECAS on its behalf.
RoleSet PartyOrSecas() { return {Role::kParty, Role::kSecas}; }

std::vector<Rpc> Build() {
  return {
      // --- RegisterService ---------------------------------------------------------------------
      Unary({"/sec.v1.RegisterService/CreateParty", kWrite, Secas()}, &CreateParty),
      Unary({"/sec.v1.RegisterService/GetParty", kRead, Anyone()}, &GetParty),
      Unary({"/sec.v1.RegisterService/ListParties", kRead, Anyone()}, &ListParties),
      Unary({"/sec.v1.RegisterService/UpdateParty", kWrite, Secas()}, &UpdateParty),
      Unary({"/sec.v1.RegisterService/CreateModification", kWrite, PartyOrSecas(),
             Visibility::kPublic, "modification.proposer"},
            &CreateModification),
      Unary({"/sec.v1.RegisterService/GetModification", kRead, Anyone()}, &GetModification),
      Unary({"/sec.v1.RegisterService/ListModifications", kRead, Anyone()}, &ListModifications),
      // The proposer or SECAS (domain CheckMayEdit, against the stored proposer).
      Unary({"/sec.v1.RegisterService/UpdateModification", kWrite, PartyOrSecas()},
            &UpdateModification),
      // The proposer only (the lifecycle table's withdraw row).
      Unary({"/sec.v1.RegisterService/WithdrawModification", kWrite, EventRoles(E::kWithdraw)},
            &WithdrawModification),
      // Each event is delivered only to a principal who may read its resource.
      Unary({"/sec.v1.RegisterService/ListModificationEvents", kRead, Anyone()},
            &ListModificationEvents),
      ServerStream({"/sec.v1.RegisterService/WatchEvents", Access::kStream, Anyone()},
                   &WatchEvents),

      // --- GovernanceService: meetings and Panel decisions ---------------------------------------
      Unary({"/sec.v1.GovernanceService/CreateMeeting", kWrite, Secas()}, &CreateMeeting),
      Unary({"/sec.v1.GovernanceService/GetMeeting", kRead, Anyone()}, &GetMeeting),
      Unary({"/sec.v1.GovernanceService/ListMeetings", kRead, Anyone()}, &ListMeetings),
      Unary({"/sec.v1.GovernanceService/GetNextMeeting", kRead, Anyone()}, &GetNextMeeting),
      Unary({"/sec.v1.GovernanceService/AcceptInitialReport", kWrite,
             EventRoles(E::kAcceptToRefinement)},
            &AcceptInitialReport),
      Unary({"/sec.v1.GovernanceService/CompleteRefinement", kWrite,
             EventRoles(E::kRefinementComplete)},
            &CompleteRefinement),
      Unary({"/sec.v1.GovernanceService/ApproveFastTrack", kWrite,
             EventRoles(E::kApproveFastTrack)},
            &ApproveFastTrack),
      Unary({"/sec.v1.GovernanceService/ReferToSecretaryOfState", kWrite,
             EventRoles(E::kReferToSecretaryOfState)},
            &ReferToSecretaryOfState),
      Unary({"/sec.v1.GovernanceService/ListDecisions", kRead, Anyone()}, &ListDecisions),
      Unary({"/sec.v1.GovernanceService/GetTimetable", kRead, Anyone()}, &GetTimetable),
      Unary({"/sec.v1.GovernanceService/ReviseTimetable", kWrite, {Role::kPanel}},
            &ReviseTimetable),

      // --- Impacts and costs of a proposal ----------------------------------------------------
      Unary({"/sec.v1.GovernanceService/SetImpacts", kWrite, {Role::kPanel, Role::kSecas}},
            &SetImpacts),
      // The DCC records only its implementation cost (domain CheckMayRecordCost).
      Unary({"/sec.v1.GovernanceService/AddCostEstimate", kWrite, {Role::kDcc, Role::kSecas}},
            &AddCostEstimate),
      Unary({"/sec.v1.GovernanceService/ListCostEstimates", kRead, Anyone()}, &ListCostEstimates),

      // --- Consultations, the Change Board, the Authority, the Secretary of State --------------
      Unary({"/sec.v1.GovernanceService/IssueConsultation", kWrite,
             EventRoles(E::kIssueConsultation)},
            &IssueConsultation),
      Unary({"/sec.v1.GovernanceService/GetConsultation", kRead, Anyone()}, &GetConsultation),
      Unary({"/sec.v1.GovernanceService/RespondToConsultation", kWrite, PartyOrSecas(),
             Visibility::kPublic, "party"},
            &RespondToConsultation),
      Unary({"/sec.v1.GovernanceService/CloseConsultation", kWrite,
             EventRoles(E::kCloseConsultation)},
            &CloseConsultation),
      Unary({"/sec.v1.GovernanceService/ListConsultationResponses", kRead, Anyone()},
            &ListConsultationResponses),
      // A member votes as itself (its name and voting group are its credentials').
      Unary({"/sec.v1.GovernanceService/CastVote", kWrite, {Role::kChangeBoard}}, &CastVote),
      Unary({"/sec.v1.GovernanceService/ListVotes", kRead, Anyone()}, &ListVotes),
      Unary({"/sec.v1.GovernanceService/TallyVotes", kWrite, EventRoles(E::kChangeBoardApprove)},
            &TallyVotes),
      Unary({"/sec.v1.GovernanceService/DecideAsAuthority", kWrite,
             EventRoles(E::kAuthorityApprove)},
            &DecideAsAuthority),
      Unary({"/sec.v1.GovernanceService/DirectAsSecretaryOfState", kWrite,
             EventRoles(E::kSuspend)},
            &DirectAsSecretaryOfState),

      // --- SEC versions, SSC nominations, DCC assessments, calendar, report --------------------
      Unary({"/sec.v1.GovernanceService/DesignateVersion", kWrite, EventRoles(E::kImplement)},
            &DesignateVersion),
      Unary({"/sec.v1.GovernanceService/GetVersion", kRead, Anyone()}, &GetVersion),
      Unary({"/sec.v1.GovernanceService/ListVersions", kRead, Anyone()}, &ListVersions),
      Unary({"/sec.v1.GovernanceService/GetVersionInForce", kRead, Anyone()},
            &GetVersionInForce),
      Unary({"/sec.v1.GovernanceService/NominateSscMember", kWrite, PartyOrSecas(),
             Visibility::kPublic, "nomination.nominating_party"},
            &NominateSscMember),
      Unary({"/sec.v1.GovernanceService/ReviewNomination", kWrite,
             {Role::kSecuritySubCommittee}},
            &ReviewNomination),
      Unary({"/sec.v1.GovernanceService/RecordVetting", kWrite,
             {Role::kSecas, Role::kSecuritySubCommittee}},
            &RecordVetting),
      Unary({"/sec.v1.GovernanceService/AppointNomination", kWrite,
             {Role::kSecas, Role::kSecuritySubCommittee}},
            &AppointNomination),
      Unary({"/sec.v1.GovernanceService/ListNominations", kRead, Anyone()}, &ListNominations),
      Unary({"/sec.v1.GovernanceService/ListSscMembers", kRead, Anyone()}, &ListSscMembers),
      Unary({"/sec.v1.GovernanceService/RequestAssessment", kWrite,
             {Role::kPanel, Role::kSecas}},
            &RequestAssessment),
      Unary({"/sec.v1.GovernanceService/GetAssessment", kRead, Anyone()}, &GetAssessment),
      Unary({"/sec.v1.GovernanceService/RecordAssessmentProgress", kWrite,
             {Role::kDcc, Role::kSecas}},
            &RecordAssessmentProgress),
      Unary({"/sec.v1.GovernanceService/DeliverAssessment", kWrite, {Role::kDcc, Role::kSecas}},
            &DeliverAssessment),
      Unary({"/sec.v1.GovernanceService/ListAssessments", kRead, Anyone()}, &ListAssessments),
      Unary({"/sec.v1.GovernanceService/WaiveAssessment", kWrite, {Role::kPanel}},
            &WaiveAssessment),
      Unary({"/sec.v1.GovernanceService/LoadHolidays", kWrite, Secas()}, &LoadHolidays),
      Unary({"/sec.v1.GovernanceService/ListHolidays", kRead, Anyone()}, &ListHolidays),
      Unary({"/sec.v1.GovernanceService/GetModificationStatusReport", kRead, Anyone()},
            &GetModificationStatusReport),
      Unary({"/sec.v1.GovernanceService/GetProcessMetrics", kRead, Anyone()}, &GetProcessMetrics),

      // --- CreditCoverService: policies are public rules; the rest is a party's own ------------
      Unary({"/sec.v1.CreditCoverService/CreateCreditPolicy", kWrite, CreditWriters()},
            &CreateCreditPolicy),
      Unary({"/sec.v1.CreditCoverService/GetCreditPolicy", kRead, Anyone()}, &GetCreditPolicy),
      Unary({"/sec.v1.CreditCoverService/ListCreditPolicies", kRead, Anyone()},
            &ListCreditPolicies),
      Unary({"/sec.v1.CreditCoverService/GetPolicyInForce", kRead, Anyone()}, &GetPolicyInForce),
      Unary({"/sec.v1.CreditCoverService/CreateCreditAssessment", kWrite, CreditWriters(),
             kConfidential, "assessment.party"},
            &CreateCreditAssessment),
      Unary({"/sec.v1.CreditCoverService/ListCreditAssessments", kRead, CreditReaders(),
             kConfidential, "parent"},
            &ListCreditAssessments),
      Unary({"/sec.v1.CreditCoverService/CreateCharge", kWrite, CreditWriters(), kConfidential,
             "charge.party"},
            &CreateCharge),
      Unary({"/sec.v1.CreditCoverService/ListCharges", kRead, CreditReaders(), kConfidential,
             "parent"},
            &ListCharges),
      Unary({"/sec.v1.CreditCoverService/LodgeCreditSupport", kWrite, CreditWriters(),
             kConfidential, "instrument.party"},
            &LodgeCreditSupport),
      Unary({"/sec.v1.CreditCoverService/AmendCreditSupport", kWrite, CreditWriters(),
             kConfidential},
            &AmendCreditSupport),
      Unary({"/sec.v1.CreditCoverService/WithdrawCreditSupport", kWrite, CreditWriters(),
             kConfidential},
            &WithdrawCreditSupport),
      Unary({"/sec.v1.CreditCoverService/ListCreditSupport", kRead, CreditReaders(),
             kConfidential, "parent"},
            &ListCreditSupport),
      Unary({"/sec.v1.CreditCoverService/CalculateCreditCover", kRead, CreditReaders(),
             kConfidential, "party"},
            &CalculateCreditCover),
      // Every party's figures: the DCC and SECAS only.
      Unary({"/sec.v1.CreditCoverService/GetPortfolio", kRead, CreditWriters(), kConfidential},
            &GetPortfolio),
      Unary({"/sec.v1.CreditCoverService/ComparePolicies", kRead, CreditWriters(),
             kConfidential},
            &ComparePolicies),
      Unary({"/sec.v1.CreditCoverService/RunCreditCheck", kWrite, CreditWriters(),
             kConfidential},
            &RunCreditCheck),
      // A party's own notices (no parent: its own); the DCC and SECAS: any, or every party's.
      Unary({"/sec.v1.CreditCoverService/ListBreachNotices", kRead, CreditReaders(),
             kConfidential, "parent"},
            &ListBreachNotices),
      Unary({"/sec.v1.CreditCoverService/ListDefaults", kRead, CreditReaders(), kConfidential,
             "parent"},
            &ListDefaults),
      Unary({"/sec.v1.CreditCoverService/ImportCreditData", kWrite, CreditWriters(),
             kConfidential},
            &ImportCreditData),

      // --- ReleaseService: SECAS plans releases and their scope; implementing one is the
      // lifecycle's implement event, so its roles come from that row ---------------------------
      Unary({"/sec.v1.ReleaseService/CreateRelease", kWrite, Secas()}, &CreateRelease),
      Unary({"/sec.v1.ReleaseService/GetRelease", kRead, Anyone()}, &GetRelease),
      Unary({"/sec.v1.ReleaseService/ListReleases", kRead, Anyone()}, &ListReleases),
      Unary({"/sec.v1.ReleaseService/AssignModification", kWrite, Secas()}, &AssignModification),
      Unary({"/sec.v1.ReleaseService/MoveModification", kWrite, Secas()}, &MoveModification),
      Unary({"/sec.v1.ReleaseService/ImplementRelease", kWrite, EventRoles(E::kImplement)},
            &ImplementRelease),
      Unary({"/sec.v1.ReleaseService/CancelRelease", kWrite, Secas()}, &CancelRelease),
      Unary({"/sec.v1.ReleaseService/ForecastReleases", kRead, Anyone()}, &ForecastReleases),

      // --- LegalTextService: SECAS imports the code's text; a proposal's redline is its
      // proposer's or SECAS's (domain CheckMayEdit, against the stored proposer) ------------
      Unary({"/sec.v1.LegalTextService/ImportSectionText", kWrite, Secas()}, &ImportSectionText),
      Unary({"/sec.v1.LegalTextService/GetClause", kRead, Anyone()}, &GetClause),
      Unary({"/sec.v1.LegalTextService/GetSection", kRead, Anyone()}, &GetSection),
      Unary({"/sec.v1.LegalTextService/ListClauseVersions", kRead, Anyone()}, &ListClauseVersions),
      Unary({"/sec.v1.LegalTextService/ListChangedClauses", kRead, Anyone()}, &ListChangedClauses),
      Unary({"/sec.v1.LegalTextService/DiffText", kRead, Anyone()}, &DiffText),
      Unary({"/sec.v1.LegalTextService/SetRedline", kWrite, PartyOrSecas()}, &SetRedline),
      Unary({"/sec.v1.LegalTextService/GetRedline", kRead, Anyone()}, &GetRedline),
      Unary({"/sec.v1.LegalTextService/ListRedlineRevisions", kRead, Anyone()},
            &ListRedlineRevisions),
      Unary({"/sec.v1.LegalTextService/RebaseRedline", kWrite, PartyOrSecas()}, &RebaseRedline),
      Unary({"/sec.v1.LegalTextService/ListConflicts", kRead, Anyone()}, &ListConflicts),

      // --- DocumentService: SECAS adds any document, a party its own consultation responses
      // (domain CheckNewDocument, CheckMayRevise); a confidential one is read by its party,
      // SECAS and the Panel only (domain MayReadDocument), on every read path ------------------
      Unary({"/sec.v1.DocumentService/CreateDocument", kWrite, PartyOrSecas(), kDocument,
             "document.party"},
            &CreateDocument),
      Unary({"/sec.v1.DocumentService/GetDocument", kRead, Anyone(), kDocument}, &GetDocument),
      Unary({"/sec.v1.DocumentService/ListDocuments", kRead, Anyone(), kDocument},
            &ListDocuments),
      Unary({"/sec.v1.DocumentService/CreateDocumentRevision", kWrite, PartyOrSecas(), kDocument},
            &CreateDocumentRevision),
      Unary({"/sec.v1.DocumentService/AppendDocumentChunk", kWrite, PartyOrSecas(), kDocument},
            &AppendDocumentChunk),
      ServerStream({"/sec.v1.DocumentService/ReadDocument", Access::kStream, Anyone(), kDocument},
                   &ReadDocument),
  };
}

}  // namespace

absl::string_view Rpc::service() const {
  absl::string_view m(decl.method);
  m.remove_prefix(1);
  return m.substr(0, m.find('/'));
}

absl::string_view Rpc::name() const {
  absl::string_view m(decl.method);
  return m.substr(m.rfind('/') + 1);
}

const std::vector<Rpc>& RpcTable() {
  static const auto* const kTable = new std::vector<Rpc>(Build());
  return *kTable;
}

const Rpc* FindRpc(absl::string_view method) {
  static const auto* const kByMethod = [] {
    auto* m = new absl::flat_hash_map<std::string, const Rpc*>();
    for (const Rpc& rpc : RpcTable()) m->emplace(rpc.decl.method, &rpc);
    return m;
  }();
  auto it = kByMethod->find(method);
  return it == kByMethod->end() ? nullptr : it->second;
}

}  // namespace sec::service
