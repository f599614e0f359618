// A known secret is redacted in every encoding a redactor can know (issue 16, item 7): raw,
// percent-encoded in either hex case (some, every or every byte twice), JSON-escaped, base64 and
// base64url at every byte alignment; text without a secret is left as it is. Secrets are built at
// run time from the seeded PRNG.
import { appSecretProof } from "../../provider/graph/client";
import { PATTERNS_ONLY, redact, REDACTED, Redactor } from "../../provider/graph/redact";
import { mulberry32, randomHex, randomString, SEED } from "../support/prng";

const random = mulberry32(SEED + 1616);
const EAA = `EAA${randomString(random, 48)}`;
/** A token with characters that percent-encoding and JSON change ("|", "/", "+", "="). */
const PIPE = `${100000 + Math.floor(random() * 900000)}|${randomString(random, 12)}/${randomString(random, 12)}+${randomString(random, 8)}=`;
const PLAIN = `pagetok_${randomString(random, 40)}`;
const APP_SECRET = randomHex(random, 32);
const PROOF = appSecretProof(PLAIN, APP_SECRET);
const SECRETS = { EAA, PIPE, PLAIN, APP_SECRET, PROOF };

/** `%HH` of every UTF-8 byte, hex in the given case. */
const everyByte = (s: string, upper: boolean): string =>
  [...Buffer.from(s, "utf8")]
    .map((b) => `%${(upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0")}`)
    .join("");
/** `encodeURIComponent` with lowercase hex. */
const lowerHex = (s: string): string => encodeURIComponent(s).replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase());
/** `\uHHHH` of every UTF-16 unit, hex in the given case. */
const everyUnit = (s: string, upper: boolean): string =>
  [...s]
    .map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .map((u) => (upper ? u.toUpperCase().replace("\\U", "\\u") : u))
    .join("");
/** Every other character percent-encoded (lowercase), the rest raw. */
const mixed = (s: string): string => [...s].map((c, i) => (i % 2 === 0 ? everyByte(c, false) : c)).join("");

/** Each encoding, as a text around the secret. */
const ENCODINGS: ReadonlyArray<[string, (s: string) => string]> = [
  ["raw", (s) => `echo ${s} end`],
  ["percent-encoded, uppercase hex (encodeURIComponent)", (s) => `?t=${encodeURIComponent(s)}&x=1`],
  ["percent-encoded, lowercase hex", (s) => `?t=${lowerHex(s)}&x=1`],
  ["every byte percent-encoded, uppercase", (s) => `u=${everyByte(s, true)};`],
  ["every byte percent-encoded, lowercase", (s) => `u=${everyByte(s, false)};`],
  ["every other character percent-encoded", (s) => `u=${mixed(s)};`],
  ["percent-encoded twice (%25HH)", (s) => `next=${everyByte(s, true).replace(/%/g, "%25")}`],
  ["JSON string (JSON.stringify)", (s) => `{"t":${JSON.stringify(s)}}`],
  ["JSON, every character \\u-escaped, lowercase", (s) => `{"t":"${everyUnit(s, false)}"}`],
  ["JSON, every character \\u-escaped, uppercase", (s) => `{"t":"${everyUnit(s, true)}"}`],
  ["JSON with escaped slashes (\\/)", (s) => `{"t":"${s.replace(/\//g, "\\/")}"}`],
  ...[0, 1, 2].map((pad): [string, (s: string) => string] => [
    `base64, ${pad} bytes before it`,
    (s) => `b=${Buffer.from(`${"x".repeat(pad)}${s}!?`).toString("base64")}`,
  ]),
  ...[0, 1, 2].map((pad): [string, (s: string) => string] => [
    `base64url, ${pad} bytes before it`,
    (s) => `b=${Buffer.from(`${"?".repeat(pad)}${s}>>`).toString("base64url")}`,
  ]),
  ["hexadecimal, lowercase", (s) => `dump ${Buffer.from(s).toString("hex")} end`],
  ["hexadecimal, uppercase", (s) => `dump ${Buffer.from(s).toString("hex").toUpperCase()} end`],
];

/** Every needle the test scan of the suite looks for, for one secret: what must not be left. */
function leftovers(text: string, secret: string): string[] {
  const forms = [
    secret,
    encodeURIComponent(secret),
    lowerHex(secret),
    everyByte(secret, true),
    everyByte(secret, false),
  ];
  forms.push(everyUnit(secret, false), everyUnit(secret, true));
  const bytes = Buffer.from(secret, "utf8");
  for (let i = 0; i < 3; i++) {
    const run = bytes.subarray(i, i + Math.floor((bytes.length - i) / 3) * 3);
    forms.push(run.toString("base64"), run.toString("base64url"));
  }
  return forms.filter((f) => text.includes(f));
}

describe("a Redactor removes every encoding of the secrets it knows", () => {
  const redactor = new Redactor(Object.values(SECRETS));
  for (const [name, secret] of Object.entries(SECRETS))
    it.each(ENCODINGS)(`${name}: %s`, (_how, encode) => {
      const text = encode(secret);
      const out = redactor.redact(text);
      expect(leftovers(out, secret)).toEqual([]);
      expect(out).toContain(REDACTED);
    });

  it("keeps the text around an encoded secret", () => {
    expect(redactor.redact(`a ${lowerHex(PIPE)} b`)).toBe(`a ${REDACTED} b`);
    expect(redactor.redact(`x=${everyByte(PLAIN, true)}&y=2`)).toBe(`x=${REDACTED}&y=2`);
    expect(redactor.redact(`"${everyUnit(APP_SECRET, false)}", "k"`)).toBe(`"${REDACTED}", "k"`);
    // A base64 run keeps only the group at each end that mixes 1-2 bytes of the secret with its neighbours.
    const b64 = Buffer.from(`ab${PLAIN}cd`).toString("base64");
    const [head, tail] = redactor.redact(`data:${b64};`).slice(5, -1).split(REDACTED);
    expect(Buffer.from(head, "base64").toString()).toBe(`ab${PLAIN.slice(0, 1)}`);
    expect(Buffer.from(tail, "base64").toString()).toBe(`${PLAIN.slice(-2)}cd`);
  });

  it("finds a secret outside ASCII in its UTF-8 percent-encoding and \\u-escapes", () => {
    const secret = `clé-${randomString(random, 10)}-ü✓`;
    const r = new Redactor([secret]);
    expect(r.redact(`q=${encodeURIComponent(secret)}`)).toBe(`q=${REDACTED}`);
    expect(r.redact(`q=${lowerHex(secret)}`)).toBe(`q=${REDACTED}`);
    expect(r.redact(`"${everyUnit(secret, false)}"`)).toBe(`"${REDACTED}"`);
    expect(r.redact(`b=${Buffer.from(`é${secret}`).toString("base64")}`)).toContain(REDACTED);
    // Other text outside ASCII, with escapes around it, is kept.
    expect(r.redact("Grüße %C3%BC \\u00fc ✓")).toBe("Grüße %C3%BC \\u00fc ✓");
  });

  it("leaves text that holds no secret exactly as it is (escapes, base64 and all)", () => {
    const texts = [
      "50% off, 100%25 sure, %zz, %4, \\q \\u12 \\\\ \\/",
      `{"greeting":"Hello {{user_first_name}}","url":"https:\\/\\/shop.example.com\\/a%20b"}`,
      Buffer.from(randomString(random, 90)).toString("base64"),
      `${PLAIN.slice(0, 20)} ${encodeURIComponent(PIPE.slice(0, 10))} ${everyByte(EAA.slice(3, 10), false)}`,
      "",
      "short",
    ];
    for (const t of texts) expect(redactor.redact(t)).toBe(t);
  });

  it("redact() removes every encoding of the values it is given, and only the patterns without them", () => {
    expect(redact(`a ${everyByte(PIPE, false)} b`, PIPE)).toBe(`a ${REDACTED} b`);
    expect(redact(`a ${Buffer.from(`-${PLAIN}`).toString("base64url")}`, PLAIN)).toContain(REDACTED);
    expect(redact(`a ${everyByte(PIPE, false)} b`)).toBe(`a ${everyByte(PIPE, false)} b`);
    expect(PATTERNS_ONLY.redact(`x?access_token=${lowerHex(PIPE)}&y`)).toBe(`x?access_token=${REDACTED}&y`);
  });

  it("with() gives a redactor that removes the new secret's encodings too", () => {
    const r = new Redactor([EAA]).with(APP_SECRET);
    expect(r.redact(Buffer.from(`1${APP_SECRET}`).toString("base64"))).toContain(REDACTED);
    expect(r.redact(everyByte(EAA, false))).toBe(REDACTED);
  });

  it("a secret inside a longer one: the longer is removed whole, in every encoding", () => {
    const inner = randomString(random, 12);
    const outer = `${inner}${randomString(random, 12)}`;
    const r = new Redactor([inner, outer]);
    expect(r.redact(`${outer} ${everyByte(outer, false)} ${inner}`)).toBe(`${REDACTED} ${REDACTED} ${REDACTED}`);
  });
});
