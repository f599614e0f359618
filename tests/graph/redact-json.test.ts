// Redactor.redactJson: a parsed Graph answer with every string (values and keys) redacted, copied
// only where something changed, iterative at any depth (issue 16, items 5 and 7).
import { REDACTED, Redactor } from "../../provider/graph/redact";
import { mulberry32, randomString, SEED } from "../support/prng";

const random = mulberry32(SEED + 1617);
const TOKEN = `pagetok_${randomString(random, 40)}`;
const lowerHex = (s: string): string =>
  [...Buffer.from(s, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
const redactor = new Redactor([TOKEN]);

describe("redactJson", () => {
  it("redacts string values and keys at any depth, in every encoding the redactor knows", () => {
    const answer = JSON.parse(
      JSON.stringify({
        data: [
          {
            greeting: [{ locale: "default", text: `Hi ${TOKEN}` }],
            persistent_menu: [{ call_to_actions: [{ url: `https://shop.example.com/cb?t=${lowerHex(TOKEN)}` }] }],
            [Buffer.from(`k${TOKEN}`).toString("base64url")]: 1,
          },
        ],
      }),
    ) as unknown;
    const out = redactor.redactJson(answer) as { data: Array<Record<string, unknown>> };
    expect(JSON.stringify(out)).not.toMatch(new RegExp(`${TOKEN}|${lowerHex(TOKEN)}`));
    const [key] = Object.keys(out.data[0]).filter((k) => !["greeting", "persistent_menu"].includes(k));
    expect(key).toContain(REDACTED);
    expect(key).not.toContain(Buffer.from(TOKEN.slice(2)).toString("base64url").slice(0, 20));
    expect(out).toEqual({
      data: [
        {
          greeting: [{ locale: "default", text: `Hi ${REDACTED}` }],
          persistent_menu: [{ call_to_actions: [{ url: `https://shop.example.com/cb?t=${REDACTED}` }] }],
          [key]: 1,
        },
      ],
    });
    // The input is not changed.
    expect(JSON.stringify(answer)).toContain(TOKEN);
  });

  it("returns the same value when nothing holds a secret, and copies only the path to a change", () => {
    const clean = JSON.parse('{"a":[1,true,null,{"b":"text 50% off \\\\u0041"}],"c":{"d":"x"}}') as unknown;
    expect(redactor.redactJson(clean)).toBe(clean);
    for (const v of [1, true, null, undefined, "plain text"]) expect(redactor.redactJson(v)).toBe(v);

    const mixed = { keep: { deep: ["x"] }, change: [{ s: TOKEN }, { other: "y" }], n: 5 };
    const out = redactor.redactJson(mixed) as typeof mixed;
    expect(out).not.toBe(mixed);
    expect(out.keep).toBe(mixed.keep);
    expect(out.change).not.toBe(mixed.change);
    expect(out.change[1]).toBe(mixed.change[1]);
    expect(out.change[0]).toEqual({ s: REDACTED });
    expect(out.n).toBe(5);
  });

  it("a string alone is redacted like redact()", () => {
    expect(redactor.redactJson(`a ${TOKEN}`)).toBe(`a ${REDACTED}`);
  });

  it("keeps a __proto__ key an own property, as JSON.parse made it (no prototype is set)", () => {
    const answer = JSON.parse(`{"__proto__":{"polluted":"${TOKEN}"},"x":"${TOKEN}"}`) as Record<string, unknown>;
    const out = redactor.redactJson(answer) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(["__proto__", "x"]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe(`{"__proto__":{"polluted":"${REDACTED}"},"x":"${REDACTED}"}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("handles an answer nested 200,000 deep without exhausting the call stack", () => {
    const depth = 200_000;
    const nested = JSON.parse(`${"[".repeat(depth)}"${TOKEN}"${"]".repeat(depth)}`) as unknown;
    let out = redactor.redactJson(nested);
    let levels = 0;
    while (Array.isArray(out)) [out, levels] = [out[0] as unknown, levels + 1];
    expect(levels).toBe(depth);
    expect(out).toBe(REDACTED);
    const clean = JSON.parse(`${'{"a":'.repeat(depth)}"x"${"}".repeat(depth)}`) as unknown;
    expect(redactor.redactJson(clean)).toBe(clean);
  });

  it("leaves objects that are not plain (not JSON) as they are, and refuses a cycle", () => {
    const date = new Date(0);
    const map = new Map([["k", TOKEN]]);
    const v = { date, map, s: TOKEN };
    const out = redactor.redactJson(v) as typeof v;
    expect(out.date).toBe(date);
    expect(out.map).toBe(map);
    expect(out.s).toBe(REDACTED);

    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { back: cyclic };
    expect(() => redactor.redactJson(cyclic)).toThrow(/cycle/);
    // A value shared by two parents is not a cycle.
    const shared = { s: TOKEN };
    expect(redactor.redactJson({ a: shared, b: [shared] })).toEqual({ a: { s: REDACTED }, b: [{ s: REDACTED }] });
  });

  it("keys that redact to the same text keep the later value", () => {
    const out = redactor.redactJson({ [`${TOKEN}`]: 1, [`${lowerHex(TOKEN)}`]: 2 });
    expect(out).toEqual({ [REDACTED]: 2 });
  });
});
