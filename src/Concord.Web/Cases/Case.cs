using Concord.Domain.Cases;
using Concord.Domain.Dashboard;
using Concord.Web.Shared;

namespace Concord.Web.Cases;

/// <summary>A dispute (矛盾纠纷案件): one record per dispute whatever the channel, one code for life.</summary>
public sealed class Case : IRegionScoped
{
    public long Id { get; init; }

    public required string Code { get; init; }

    /// <summary>The finest known place: the grid when known, else the village.</summary>
    public required string RegionCode { get; set; }

    public required string VillageCode { get; set; }

    public string? GridCode { get; set; }

    public Channel Channel { get; init; }

    public required string CategoryCode { get; set; }

    public required string Summary { get; set; }

    public required string Narrative { get; set; }

    /// <summary>Amount in dispute, in fen (分).</summary>
    public long? AmountFen { get; set; }

    public int? PeopleInvolved { get; set; }

    public CaseStatus Status { get; set; }

    public RiskLevel RiskLevel { get; set; }

    public bool Urgent { get; set; }

    /// <summary>The centre that registered the case.</summary>
    public long? ReceivingOrgUnitId { get; init; }

    public long? RegisteredByUserId { get; init; }

    public DateTime RegisteredAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>Where the dispute happened (a street address), protected like other personal data; its digest finds repeats.</summary>
    public ProtectedValue Address { get; set; } = ProtectedValue.None;

    /// <summary>The classifier's suggestion at intake; differs from <see cref="CategoryCode"/> when the clerk overrode it.</summary>
    public string? SuggestedCategoryCode { get; set; }

    /// <summary>Why the risk level is what it is (one line per reason).</summary>
    public string? RiskReasons { get; set; }

    /// <summary>On the centre's duty list (值班台) since — set by a red flag.</summary>
    public DateTime? DutyListedAt { get; set; }

    /// <summary>The organisation leading the handling after routing (分流).</summary>
    public long? LeadOrgUnitId { get; set; }

    /// <summary>How many times receiving organisations returned the case to the centre.</summary>
    public int ReturnCount { get; set; }

    /// <summary>When the handling ended (办结: closed, mediation failed or withdrawn); cleared when the case is reopened.</summary>
    public DateTime? ConcludedAt { get; set; }

    /// <summary>How it ended; null while not concluded.</summary>
    public CaseOutcome? Outcome { get; set; }

    /// <summary>Concluded with no stage deadline ever overdue (按期办结).</summary>
    public bool ConcludedOnTime { get; set; }

    /// <summary>The parties' rating: the least satisfied one given so far.</summary>
    public Closing.Rating? Rating { get; set; }

    /// <summary>Raised at intake: the same party or place had disputes before (重复纠纷).</summary>
    public bool RepeatDispute { get; set; }

    /// <summary>Raised at intake: a group dispute (群体性纠纷).</summary>
    public bool GroupDispute { get; set; }

    /// <summary>What the dashboard roll-ups count of this case (see <see cref="Rollups"/>).</summary>
    public CaseFigureFacts Figures() => new(
        VillageCode, CategoryCode, Channel, RiskLevel, RegisteredAt, Status, ConcludedAt, Outcome, ConcludedOnTime,
        Rated: Rating is not null, Satisfied: Rating is Closing.Rating.Satisfied or Closing.Rating.BasicallySatisfied,
        Urgent, RepeatDispute, GroupDispute);

    public List<CaseParty> Parties { get; } = [];

    public List<CaseEvent> Timeline { get; } = [];

    public List<Triage.CaseRedFlag> RedFlags { get; } = [];

    public List<Deadlines.CaseDeadline> Deadlines { get; } = [];
}

public sealed class CaseParty : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public PartyRole Role { get; init; }

    public PartyKind Kind { get; init; }

    public required string Name { get; set; }

    public ProtectedValue IdNumber { get; set; } = ProtectedValue.None;

    public ProtectedValue Phone { get; set; } = ProtectedValue.None;
}

/// <summary>One line of a case's timeline: what happened, when, by whom.</summary>
public sealed class CaseEvent : IRegionScoped
{
    public long Id { get; init; }

    public long CaseId { get; init; }

    public required string RegionCode { get; init; }

    public DateTime At { get; init; }

    /// <summary>Stable machine code, e.g. <c>registered</c>.</summary>
    public required string Kind { get; init; }

    public required string Text { get; init; }

    public required string ActorName { get; init; }

    public string? ActorOrgName { get; init; }
}

/// <summary>Next sequence number per county and year, for case codes.</summary>
public sealed class CaseSequence
{
    public required string CountyCode { get; init; }

    public int Year { get; init; }

    public long Next { get; set; }
}
