using System.Text;
using Concord.Web.Shared;

namespace Concord.Web.Tests.Shared;

public sealed class PersonalDataTests
{
    private static PersonalData WithNewKey()
    {
        var data = new PersonalData();
        data.UseKey(PersonalData.NewKey());
        return data;
    }

    [Fact]
    public void A_protected_id_number_reveals_the_normalised_number_and_shows_only_the_masked_form()
    {
        var data = WithNewKey();
        var value = data.ProtectIdNumber(" 11010519491231002x ");
        value.Masked.ShouldBe("1101**********002X");
        data.Reveal(value).ShouldBe("11010519491231002X");
        Encoding.UTF8.GetString(value.Cipher!).ShouldNotContain("19491231");
    }

    [Fact]
    public void A_protected_phone_reveals_its_digits()
    {
        var data = WithNewKey();
        var value = data.ProtectPhone("138-1234-5678");
        value.Masked.ShouldBe("138****5678");
        data.Reveal(value).ShouldBe("13812345678");
    }

    [Fact]
    public void The_same_value_gets_a_fresh_ciphertext_but_the_same_digest()
    {
        var data = WithNewKey();
        var first = data.ProtectPhone("13812345678");
        var second = data.ProtectPhone("138 1234 5678");
        first.Cipher.ShouldNotBe(second.Cipher);
        first.Digest.ShouldBe(second.Digest);
        first.Digest.ShouldBe(data.Digest("13812345678"));
    }

    [Fact]
    public void Digests_differ_between_keys_so_they_cannot_be_matched_across_installations()
    {
        WithNewKey().ProtectPhone("13812345678").Digest.ShouldNotBe(WithNewKey().ProtectPhone("13812345678").Digest);
    }

    [Fact]
    public void Another_key_cannot_reveal_a_value()
    {
        var value = WithNewKey().ProtectIdNumber("11010519491231002X");
        Should.Throw<Exception>(() => WithNewKey().Reveal(value));
    }

    [Fact]
    public void Blank_values_are_stored_as_nothing()
    {
        var data = WithNewKey();
        data.ProtectIdNumber("  ").ShouldBe(ProtectedValue.None);
        data.ProtectPhone(null).HasValue.ShouldBeFalse();
        data.Reveal(ProtectedValue.None).ShouldBeNull();
    }

    [Fact]
    public void Nothing_is_protected_before_a_key_is_loaded()
    {
        Should.Throw<InvalidOperationException>(() => new PersonalData().ProtectPhone("13812345678"));
    }
}
