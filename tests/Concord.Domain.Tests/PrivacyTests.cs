using Concord.Domain.Privacy;

namespace Concord.Domain.Tests;

public sealed class IdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    [InlineData("440524188001010014")]
    public void Numbers_with_the_right_check_character_are_valid(string value)
    {
        IdNumber.IsValid(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("110105194912310021")]
    [InlineData("440524188001010015")]
    [InlineData("11010519491231002")]
    [InlineData("11010519491231002XX")]
    [InlineData("1101051949A231002X")]
    [InlineData("")]
    [InlineData(null)]
    public void Wrong_check_characters_lengths_or_letters_are_invalid(string? value)
    {
        IdNumber.IsValid(value).ShouldBeFalse();
    }

    [Fact]
    public void The_check_character_follows_GB_11643_including_X_for_ten()
    {
        IdNumber.CheckCharFor("11010519491231002").ShouldBe('X');
        IdNumber.CheckCharFor("44052418800101001").ShouldBe('4');
    }

    [Fact]
    public void Every_computed_check_character_makes_a_valid_number_and_any_other_does_not()
    {
        const string first17 = "34088119900101123";
        var right = IdNumber.CheckCharFor(first17);
        foreach (var c in "0123456789X")
        {
            IdNumber.IsValid(first17 + c).ShouldBe(c == right, $"check char {c}");
        }
    }

    [Fact]
    public void Masking_keeps_the_region_prefix_and_the_last_four()
    {
        IdNumber.Mask("34088119900101123X").ShouldBe("3408**********123X");
    }

    [Fact]
    public void Normalizing_trims_and_upper_cases()
    {
        IdNumber.Normalize(" 11010519491231002x ").ShouldBe("11010519491231002X");
    }
}

public sealed class PhoneTests
{
    [Theory]
    [InlineData("13800000000")]
    [InlineData("138 0000 0000")]
    [InlineData("0556-5123456")]
    [InlineData("010-12345678")]
    public void Mobile_and_fixed_line_numbers_are_valid(string value)
    {
        Phone.IsValid(value).ShouldBeTrue();
    }

    [Theory]
    [InlineData("23800000000")]
    [InlineData("1380000000")]
    [InlineData("138000000001")]
    [InlineData("1380000000a")]
    [InlineData("+8613800000000")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_numbers_are_invalid(string? value)
    {
        Phone.IsValid(value).ShouldBeFalse();
    }

    [Fact]
    public void Masking_keeps_the_first_three_and_last_four_digits()
    {
        Phone.Mask("13812345678").ShouldBe("138****5678");
        Phone.Mask(Phone.Normalize("0556-5123456")).ShouldBe("055****3456");
        Phone.LastFour("13812345678").ShouldBe("5678");
    }
}

public sealed class PersonNameTests
{
    [Theory]
    [InlineData("李", "*")]
    [InlineData("张三", "张*")]
    [InlineData("王秀兰", "王*兰")]
    [InlineData("欧阳小华", "欧**华")]
    [InlineData(" 赵丽 ", "赵*")]
    [InlineData("", "")]
    public void A_masked_name_keeps_the_family_name_and_for_longer_names_the_last_character(string name, string masked)
    {
        PersonName.Mask(name).ShouldBe(masked);
    }
}
