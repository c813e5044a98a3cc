using System.Text;
using Concord.Domain.TypicalCases;
using Concord.Web.Demo;
using Concord.Web.Shared;

namespace Concord.Web.Tests.TypicalCases;

/// <summary>
/// The anonymiser over many generated disputes (the demo's own case and person generators):
/// whatever the wording, spacing and digit style, no party's name, ID number or phone survives,
/// and the publication guard agrees. Pure: no app, no database.
/// </summary>
public sealed class AnonymiserPropertyTests
{
    private static readonly CasePlace s_place = new("340881002003", "西苑社区", "文昌街道", "桐城市", ["340881002003001", "340881002003002"], null, "文昌街道综治中心", "西苑社区人民调解委员会");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void No_party_name_ID_number_or_phone_survives_in_generated_cases(int seed)
    {
        var random = new Random(seed);
        var people = new Dictionary<string, FakePerson>(StringComparer.Ordinal);
        var faker = new CaseFaker(random, p =>
        {
            people[p.Name] = p;
            return (ProtectedValue.None, ProtectedValue.None);
        });
        var now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < 250; i++)
        {
            var draft = faker.Next(s_place, now.AddDays(-random.Next(1, 365)), now);
            var parties = draft.Parties.Select(p => p.Kind == Domain.Cases.PartyKind.Organisation
                ? new KnownParty(p.Name, PartyNature.Organisation)
                : new KnownParty(p.Name, PartyNature.Person, people[p.Name].IdNumber, people[p.Name].Phone)).ToList();
            var staff = draft.Events.Select(e => e.ActorName).Where(n => parties.All(p => p.Name != n)).Distinct().ToList();
            var anonymiser = new Anonymiser(new AnonymisationInput(parties, staff, s_place.VillageName, []));
            var text = Text(draft, parties, random);

            var result = anonymiser.Anonymise(text).Text;

            var context = $"seed {seed}, case {i}: {text}\n→ {result}";
            var squeezed = Squeeze(result);
            foreach (var party in parties)
            {
                squeezed.ShouldNotContain(party.Name, Case.Sensitive, context);
                if (party.Nature == PartyNature.Person && party.Name.Length >= 3)
                {
                    squeezed.ShouldNotContain(party.Name[1..], Case.Sensitive, context);
                }

                foreach (var number in new[] { party.IdNumber, party.Phone }.OfType<string>())
                {
                    squeezed.ShouldNotContain(number, Case.Insensitive, context);
                }
            }

            anonymiser.Check(result).ShouldBeEmpty(context);
        }
    }

    /// <summary>The case's own texts, plus each person's numbers and name written the ways people write them.</summary>
    private static string Text(CaseDraft draft, IReadOnlyList<KnownParty> parties, Random random)
    {
        var b = new StringBuilder(draft.Summary).Append('。').Append(draft.Narrative);
        foreach (var e in draft.Events)
        {
            b.Append(e.Text);
        }

        foreach (var p in parties.Where(p => p.Nature == PartyNature.Person))
        {
            var spaced = p.Name[0] + new string(' ', random.Next(0, 2)) + p.Name[1..];
            b.Append(random.Next(4) switch
            {
                0 => $"{spaced}（身份证号{Spell(p.IdNumber!, random)}，手机{Spell(p.Phone ?? "", random)}）",
                1 => $"当事人{Spell(p.IdNumber!, random)}号码的{p.Name}说，有事打{Spell(p.Phone ?? "", random)}找老{p.Name[0]}",
                2 => $"{p.Name[1..]}说{p.Name[0]}师傅电话是{Spell(p.Phone ?? "", random)}，证件{Spell(p.IdNumber!, random)}",
                _ => $"{p.Name}家{p.Name}{Spell(p.Phone ?? "", random)}{Spell(p.IdNumber!, random)}",
            });
        }

        return b.ToString();
    }

    /// <summary>A number as people type it: plain, grouped with spaces or dashes, full-width, lower-case x.</summary>
    private static string Spell(string number, Random random)
    {
        if (number.Length == 0)
        {
            return "";
        }

        return random.Next(5) switch
        {
            0 => number,
            1 => number.Length == 11 ? $"{number[..3]} {number[3..7]} {number[7..]}" : $"{number[..6]} {number[6..14]} {number[14..]}",
            2 => number.Length == 11 ? $"{number[..3]}-{number[3..7]}-{number[7..]}" : string.Join("-", number.Chunk(4).Select(c => new string(c))),
            3 => new string([.. number.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : c == 'X' ? 'Ｘ' : c)]),
            _ => number.ToLowerInvariant(),
        };
    }

    private static string Squeeze(string text) =>
        new([.. text.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '－')).Select(c => c is >= '０' and <= '９' ? (char)(c - '０' + '0') : c)]);
}
