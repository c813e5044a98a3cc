namespace Concord.Domain.TypicalCases;

public enum PartyNature
{
    Person,
    Organisation,
}

/// <summary>A party of the source case, in clear (decrypted by the caller, held in memory only).</summary>
public sealed record KnownParty(string Name, PartyNature Nature, string? IdNumber = null, string? Phone = null);

/// <summary>
/// What the anonymiser must know about a case to take its people out of its texts: the parties,
/// other people named in it (staff: mediators, clerks, grid workers), the village the story is
/// coarsened to, and the known street addresses.
/// </summary>
public sealed record AnonymisationInput(
    IReadOnlyList<KnownParty> Parties,
    IReadOnlyList<string> OtherPeople,
    string VillageName,
    IReadOnlyList<string> Addresses)
{
    public static AnonymisationInput For(IReadOnlyList<KnownParty> parties, string villageName = "某村") =>
        new(parties, [], villageName, []);
}

public enum ReplacementKind
{
    PersonName,
    OrganisationName,
    IdNumber,
    Phone,
    BankCard,
    PlateNumber,
    Email,
    Address,
}

/// <summary>One thing taken out: what it was (in clear — the caller masks it before storing or showing) and what stands there now.</summary>
public sealed record Replacement(ReplacementKind Kind, string Original, string Text);

public sealed record AnonymisedText(string Text, IReadOnlyList<Replacement> Replacements);

/// <summary>Something of a party found by the publication guard; <see cref="What"/> is safe to show (phones and ID numbers masked).</summary>
public sealed record Finding(ReplacementKind Kind, string What)
{
    public string Describe() => Kind switch
    {
        ReplacementKind.PersonName => $"当事人姓名“{What}”",
        ReplacementKind.OrganisationName => $"当事人单位名称“{What}”",
        ReplacementKind.IdNumber => $"身份证号码 {What}",
        ReplacementKind.Phone => $"电话号码 {What}",
        ReplacementKind.BankCard => $"银行卡号 {What}",
        ReplacementKind.Address => $"详细地址“{What}”",
        _ => What,
    };
}

public static class ReplacementKinds
{
    public static string Label(ReplacementKind kind) => kind switch
    {
        ReplacementKind.PersonName => "姓名",
        ReplacementKind.OrganisationName => "单位名称",
        ReplacementKind.IdNumber => "身份证号码",
        ReplacementKind.Phone => "电话号码",
        ReplacementKind.BankCard => "银行卡号",
        ReplacementKind.PlateNumber => "车牌号",
        ReplacementKind.Email => "电子邮箱",
        ReplacementKind.Address => "详细地址",
        _ => kind.ToString(),
    };
}
