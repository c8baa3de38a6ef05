using System.Security.Cryptography;
using AtRest.Encryption.Transformers;

namespace AtRest.Encryption.Tests.Transformers;

/// <summary>The reused CBC transforms carry chaining state between messages; every message must still match one-shot CBC.</summary>
public sealed class CbcBlockCipherTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    public void InterleavedMessagesMatchOneShotCbc(int keySize)
    {
        var random = new Random(keySize);
        var key = new byte[keySize];
        random.NextBytes(key);
        using var reference = Aes.Create();
        reference.Key = key;
        using var cipher = new CbcBlockCipher(key);
        var sealedMessages = new List<(byte[] Iv, byte[] Plaintext, byte[] Ciphertext)>();
        for (var i = 0; i < 200; i++)
        {
            var iv = new byte[16];
            random.NextBytes(iv);
            var plaintext = new byte[16 * random.Next(1, 40)];
            random.NextBytes(plaintext);
            if (sealedMessages.Count > 0 && random.Next(3) == 0)
            {
                // Decrypt an earlier message between encryptions, in place.
                var (oldIv, oldPlaintext, oldCiphertext) = sealedMessages[random.Next(sealedMessages.Count)];
                var buffer = (byte[])oldCiphertext.Clone();
                cipher.DecryptInPlace(oldIv, buffer, 0, buffer.Length);
                Assert.Equal(oldPlaintext, buffer);
            }

            var padded = new byte[plaintext.Length + 8];
            plaintext.CopyTo(padded, 4);
            cipher.EncryptInPlace(iv, padded, 4, plaintext.Length);
            var ciphertext = padded.AsSpan(4, plaintext.Length).ToArray();
            Assert.Equal(reference.EncryptCbc(plaintext, iv, PaddingMode.None), ciphertext);
            sealedMessages.Add((iv, plaintext, ciphertext));
        }
    }
}
