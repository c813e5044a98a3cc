using System.Text;
using Concord.Web.Shared;

namespace Concord.Web.Tests.Shared;

public sealed class SmTests
{
    [Fact]
    public void Sm3_of_abc_is_the_standard_test_vector()
    {
        Convert.ToHexStringLower(Sm.Sm3("abc"u8)).ShouldBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
        Sm.Sm3Hex("abc").ShouldBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    [Fact]
    public void Sm3_of_the_64_byte_abcd_message_is_the_second_standard_test_vector()
    {
        var message = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16)));
        Convert.ToHexStringLower(Sm.Sm3(message)).ShouldBe("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
    }

    [Fact]
    public void Sm4_encrypts_the_standard_block_vector()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        Convert.ToHexStringLower(Sm.Sm4EncryptBlock(key, key)).ShouldBe("681edf34d206965e86b3e94f536e4246");
    }

    [Fact]
    public void Sm4_gcm_round_trips_and_rejects_a_changed_ciphertext()
    {
        var key = Convert.FromHexString("0123456789abcdeffedcba9876543210");
        var plain = Encoding.UTF8.GetBytes("34088119900101123X");
        var sealedData = Sm.Sm4GcmEncrypt(key, plain);
        Sm.Sm4GcmDecrypt(key, sealedData).ShouldBe(plain);

        sealedData[20] ^= 0x01;
        Should.Throw<Exception>(() => Sm.Sm4GcmDecrypt(key, sealedData));
    }

    [Fact]
    public void Hmac_sm3_depends_on_the_key()
    {
        var data = "13812345678"u8.ToArray();
        Sm.HmacSm3([1, 2, 3], data).ShouldNotBe(Sm.HmacSm3([1, 2, 4], data));
        Sm.HmacSm3([1, 2, 3], data).ShouldBe(Sm.HmacSm3([1, 2, 3], data));
        Sm.HmacSm3([1, 2, 3], data).Length.ShouldBe(32);
    }
}
