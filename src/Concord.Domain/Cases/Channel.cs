namespace Concord.Domain.Cases;

/// <summary>Where a dispute entered (受理渠道). The API uses the lower-case code.</summary>
public enum Channel
{
    Window,
    Grid,
    HouseholdHead,
    Hotline12345,
    Police110,
    Court,
    Procuratorate,
    Arbitration,
    Petition,
    Online,
}

public static class Channels
{
    private static readonly CodeTable<Channel> s_table = new(
        (Channel.Window, "window", "窗口受理"),
        (Channel.Grid, "grid", "网格上报"),
        (Channel.HouseholdHead, "household-head", "联户长上报"),
        (Channel.Hotline12345, "12345", "12345热线"),
        (Channel.Police110, "110", "110警调"),
        (Channel.Court, "court", "法院委派（诉调）"),
        (Channel.Procuratorate, "procuratorate", "检察（检调）"),
        (Channel.Arbitration, "arbitration", "仲裁（仲调）"),
        (Channel.Petition, "petition", "信访（访调）"),
        (Channel.Online, "online", "群众在线申请"));

    public static IEnumerable<Channel> All => s_table.All;

    public static string Code(Channel channel) => s_table.Code(channel);

    public static string Label(Channel channel) => s_table.Label(channel);

    public static bool TryParse(string? code, out Channel channel) => s_table.TryParse(code, out channel);
}
