// bench/totp.mjs - TOTP codes for the benchmarks' sign-ins: RFC 6238,
// HMAC-SHA1, 30-second steps, 6 digits (as tests/lib/harness.mjs computes
// them for the tests). Node only, no packages.
import { createHmac } from "node:crypto";

const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Base32 (RFC 4648) to bytes, ignoring case, spaces, hyphens and padding; throws on any other character. */
export function base32Decode(s) {
  let bits = 0, acc = 0;
  const out = [];
  for (const ch of s.toUpperCase().replace(/[\s=-]/g, "")) {
    const v = B32.indexOf(ch);
    if (v < 0) throw new Error(`the two-factor secret is not base32 (${JSON.stringify(ch)})`);
    acc = (acc << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((acc >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** The 6-digit TOTP code of a base32 secret, now. */
export function totp(secret) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30000)));
  const mac = createHmac("sha1", base32Decode(secret)).update(msg).digest();
  const off = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3];
  return String(bin % 1000000).padStart(6, "0");
}
