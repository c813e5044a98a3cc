using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;

namespace Concord.Web.TypicalCases;

/// <summary>The reviewer's preview: the text with every replacement the anonymiser made marked, so nothing replaced goes unseen.</summary>
public static class Highlight
{
    public static IHtmlContent Marks(string? text, IEnumerable<string> replacements)
    {
        if (string.IsNullOrEmpty(text))
        {
            return HtmlString.Empty;
        }

        var words = replacements.Where(r => r.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(r => r.Length).ToList();
        if (words.Count == 0)
        {
            return new HtmlString(HtmlEncoder.Default.Encode(text));
        }

        var pattern = new Regex(string.Join("|", words.Select(Regex.Escape)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var html = new StringBuilder();
        var at = 0;
        foreach (Match m in pattern.Matches(text))
        {
            html.Append(HtmlEncoder.Default.Encode(text[at..m.Index]))
                .Append("<mark class=\"px-1\" data-testid=\"replacement\">").Append(HtmlEncoder.Default.Encode(m.Value)).Append("</mark>");
            at = m.Index + m.Length;
        }

        return new HtmlString(html.Append(HtmlEncoder.Default.Encode(text[at..])).ToString());
    }
}
