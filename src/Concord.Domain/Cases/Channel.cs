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
    private static readonly (Channel Channel, string Code, string Label)[] s_all =
    [
        (Channel.Window, "window", "窗口受理"),
        (Channel.Grid, "grid", "网格上报"),
        (Channel.HouseholdHead, "household-head", "联户长上报"),
        (Channel.Hotline12345, "12345", "12345热线"),
        (Channel.Police110, "110", "110警调"),
        (Channel.Court, "court", "法院委派（诉调）"),
        (Channel.Procuratorate, "procuratorate", "检察（检调）"),
        (Channel.Arbitration, "arbitration", "仲裁（仲调）"),
        (Channel.Petition, "petition", "信访（访调）"),
        (Channel.Online, "online", "群众在线申请"),
    ];

    public static IEnumerable<Channel> All => s_all.Select(c => c.Channel);

    public static string Code(Channel channel) => s_all.First(c => c.Channel == channel).Code;

    public static string Label(Channel channel) => s_all.First(c => c.Channel == channel).Label;

    public static bool TryParse(string? code, out Channel channel)
    {
        foreach (var c in s_all)
        {
            if (string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase))
            {
                channel = c.Channel;
                return true;
            }
        }

        channel = default;
        return false;
    }
}
