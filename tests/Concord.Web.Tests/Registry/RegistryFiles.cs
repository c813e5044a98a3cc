using System.Globalization;
using System.Net.Http.Headers;
using Concord.Domain.Privacy;
using Concord.Web.Registry.Import;

namespace Concord.Web.Tests.Registry;

/// <summary>Import files as a user would fill them in, and fresh personal data that no other test uses.</summary>
public static class RegistryFiles
{
    public const string XiyuanUnit = "34088100200300101";
    public const string XiyuanGrid = "340881002003001";
    public const string SanliGrid = "340881002001001";

    public static readonly string[] HouseholdHeaders = ["户编号", "十联户编码", "门牌地址", "姓名", "性别", "身份证号", "联系电话", "与户主关系"];
    public static readonly string[] PlaceHeaders = ["名称", "场所类型", "所在村（社区）或网格编码", "地址", "纬度", "经度"];
    public static readonly string[] OrganisationHeaders = ["组织名称", "组织类型", "统一社会信用代码", "所在村（社区）或网格编码", "地址", "联系人", "联系电话"];

    private static int s_sequence = Random.Shared.Next(0, 400);

    /// <summary>A valid ID number of 桐城市 that no other call returns (sequence numbers run up in this process).</summary>
    public static string IdNumber(bool male = true)
    {
        var n = Interlocked.Increment(ref s_sequence);
        var day = new DateOnly(1960, 1, 1).AddDays(Random.Shared.Next(0, 15000) + n);
        var seq = (n % 499 * 2) + (male ? 1 : 0);
        var first17 = string.Create(CultureInfo.InvariantCulture, $"340881{day:yyyyMMdd}{seq:000}");
        return first17 + Concord.Domain.Privacy.IdNumber.CheckCharFor(first17);
    }

    public static string Marker() => "测" + Guid.NewGuid().ToString("N")[..8];

    public static byte[] Xlsx(string[] headers, params string[][] rows) => Spreadsheet.WriteXlsx(("数据", headers, rows));

    public static byte[] Csv(string[] headers, params string[][] rows) => Spreadsheet.WriteCsv(headers, rows);

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".csv", StringComparison.Ordinal) ? "text/csv" : ImportRegistry.Handler.XlsxType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    public static string Mobile() => "139" + Random.Shared.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);

    public static bool IsMasked(string? value) => value is not null && value.Contains('*', StringComparison.Ordinal);

    public static string Tail(string id, int length) => id[^length..];

    public static string Masked(string id) => Concord.Domain.Privacy.IdNumber.Mask(id);

    public static string Phone(string digits) => Concord.Domain.Privacy.Phone.Mask(digits);
}
