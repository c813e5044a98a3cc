using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Concord.Web.Shared;

/// <summary>
/// National cryptography (国密) as GB/T 39786-2021 expects of government systems: SM3 for
/// integrity, SM4 for confidentiality. BouncyCastle's implementations, checked against the
/// standards' test vectors in the tests.
/// </summary>
public static class Sm
{
    public static byte[] Sm3(ReadOnlySpan<byte> data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data.ToArray(), 0, data.Length);
        var result = new byte[digest.GetDigestSize()];
        digest.DoFinal(result, 0);
        return result;
    }

    public static string Sm3Hex(string text) => Convert.ToHexStringLower(Sm3(Encoding.UTF8.GetBytes(text)));

    public static byte[] HmacSm3(byte[] key, ReadOnlySpan<byte> data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data.ToArray(), 0, data.Length);
        var result = new byte[mac.GetMacSize()];
        mac.DoFinal(result, 0);
        return result;
    }

    public static byte[] Sm4EncryptBlock(byte[] key, byte[] block)
    {
        var engine = new SM4Engine();
        engine.Init(true, new KeyParameter(key));
        var output = new byte[16];
        engine.ProcessBlock(block, 0, output, 0);
        return output;
    }

    /// <summary>SM4-GCM; output is nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes).</summary>
    public static byte[] Sm4GcmEncrypt(byte[] key, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(true, new AeadParameters(new KeyParameter(key), 128, nonce));
        var output = new byte[cipher.GetOutputSize(plaintext.Length)];
        var length = cipher.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        cipher.DoFinal(output, length);
        return [.. nonce, .. output];
    }

    public static byte[] Sm4GcmDecrypt(byte[] key, byte[] sealedData)
    {
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(false, new AeadParameters(new KeyParameter(key), 128, sealedData[..12]));
        var body = sealedData[12..];
        var output = new byte[cipher.GetOutputSize(body.Length)];
        var length = cipher.ProcessBytes(body, 0, body.Length, output, 0);
        cipher.DoFinal(output, length);
        return output;
    }
}
