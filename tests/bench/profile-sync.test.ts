// The profile benchmarks' counting, without timing: the edit sequence is valid, and bottender's
// replayed profile sync, the naive re-post and our planner make exactly the calls their algorithms
// imply, counted from the request log of a real emulator on loopback; the profile op comparison
// checks that both clients send the same request. Nothing here writes a file.
import { makePages, startEmulator, type Emulator } from "../../emulator";
import { measureProfileOpVsMessagingApis } from "../../bench/micro/profile-op-vs-messaging-apis";
import { UNLIMITED } from "../../bench/limits";
import {
  BOTTENDER_FIELDS,
  bottenderProfileOf,
  bottenderProfileSet,
  messagingApiClient,
  runBottender,
  trimDomain,
} from "../../bench/profile-sync/bottender";
import { FULL_PROFILE, PROFILE_SYNC_PROGRAMS, PROFILE_SYNC_STEPS } from "../../bench/profile-sync/edits";
import { measureProfileSync } from "../../bench/profile-sync/measure";
import { runNaive } from "../../bench/profile-sync/naive";
import { runPlanner } from "../../bench/profile-sync/planner";
import { PROFILE_WIRE_FIELDS } from "../../provider/graph/profile-fields";
import { validateProfile } from "../../provider/profile/validate";

const pages = makePages(8);
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, pages, rateLimit: UNLIMITED });
});
afterAll(() => emu.close());

const names = PROFILE_SYNC_STEPS.map((s) => s.name);
const byName = (counts: readonly number[]) => Object.fromEntries(names.map((n, i) => [n, counts[i]]));
const methods = (requests: readonly string[]) => requests.map((r) => r.split(" ")[0]).join(",");

describe("the edit sequence", () => {
  it("has at least 12 edits after create, every one valid, with cosmetic and no-op edits among them", () => {
    expect(PROFILE_SYNC_STEPS[0].kind).toBe("create");
    expect(PROFILE_SYNC_STEPS.length - 1).toBeGreaterThanOrEqual(12);
    expect(new Set(names).size).toBe(names.length);
    for (const s of PROFILE_SYNC_STEPS)
      expect({ step: s.name, failures: validateProfile(s.args as Record<string, unknown>) }).toEqual({
        step: s.name,
        failures: [],
      });
    expect(PROFILE_SYNC_STEPS.filter((s) => s.kind === "cosmetic").map((s) => s.name)).toEqual([
      "reorder-locales",
      "explicit-defaults",
      "greeting-shorthand",
    ]);
    expect(PROFILE_SYNC_STEPS.filter((s) => s.kind === "noop")).toHaveLength(1);
  });

  it("has a full profile: all seven fields, two locales in each localized one", () => {
    expect(Object.keys(FULL_PROFILE).sort()).toEqual(
      [
        "accountLinkingUrl",
        "commands",
        "getStarted",
        "greeting",
        "iceBreakers",
        "persistentMenu",
        "whitelistedDomains",
      ].sort(),
    );
    for (const f of ["greeting", "iceBreakers", "persistentMenu", "commands"] as const)
      expect((FULL_PROFILE[f] as readonly { locale: string }[]).map((l) => l.locale)).toEqual(["default", "fr_FR"]);
  });
});

describe("bottender's profile sync, replayed", () => {
  it("trims trailing slashes of domains and writes out this package's shorthands", () => {
    expect(trimDomain({ whitelistedDomains: ["https://a.example.com/", "https://b.example.com"] })).toEqual({
      whitelistedDomains: ["https://a.example.com", "https://b.example.com"],
    });
    expect(trimDomain(undefined)).toEqual({});
    expect(
      bottenderProfileOf({ greeting: "Hi", iceBreakers: [{ question: "Q?", payload: "P" }], platform: "messenger" }),
    ).toEqual({
      greeting: [{ locale: "default", text: "Hi" }],
      iceBreakers: [{ locale: "default", callToActions: [{ question: "Q?", payload: "P" }] }],
    });
    expect(BOTTENDER_FIELDS).not.toContain("commands");
  });

  it("GETs, then DELETEs removed fields, then POSTs domains alone before the rest", async () => {
    const page = pages[0];
    const client = messagingApiClient(emu.url, page.token);
    emu.clearRequests();
    const report = await bottenderProfileSet(client, {
      whitelistedDomains: ["https://shop.example.com/"],
      getStarted: { payload: "GO" },
    });
    expect(report).toEqual({ deleted: [], set: ["whitelistedDomains", "getStarted"] });
    const sent = emu.requests().map((r) => ({ method: r.method, body: r.body }));
    expect(sent).toEqual([
      { method: "GET", body: "" },
      // bottender sends the trimmed config.
      { method: "POST", body: '{"whitelisted_domains":["https://shop.example.com"]}' },
      { method: "POST", body: '{"get_started":{"payload":"GO"}}' },
    ]);
    emu.clearRequests();
    // The same profile again: one GET (the trailing slash is trimmed on both sides of the diff).
    await bottenderProfileSet(client, {
      whitelistedDomains: ["https://shop.example.com"],
      getStarted: { payload: "GO" },
    });
    expect(emu.requests().map((r) => r.method)).toEqual(["GET"]);
    emu.clearRequests();
    await bottenderProfileSet(client, { getStarted: { payload: "GO" } });
    expect(emu.requests().map((r) => [r.method, r.body])).toEqual([
      ["GET", ""],
      ["DELETE", '{"fields":["whitelisted_domains"]}'],
    ]);
  });

  it("makes the calls its algorithm implies at every step of the sequence", async () => {
    const run = await runBottender(emu, pages[1], PROFILE_SYNC_PROGRAMS);
    expect(byName(run.perEdit)).toEqual({
      create: 3,
      "add-field": 2,
      "greeting-one-locale": 2,
      "reorder-locales": 3,
      "remove-field": 3,
      "menu-item": 3,
      "add-domain": 3,
      "switch-locale-set": 2,
      "get-started-payload": 2,
      "remove-commands": 1,
      "re-add-commands": 2,
      "change-commands": 2,
      "change-ice-breakers": 2,
      "no-op": 2,
      "explicit-defaults": 2,
      "default-greeting": 2,
      "greeting-shorthand": 2,
      "several-fields": 3,
    });
    const step = (n: string) => names.indexOf(n);
    // commands is not in its FIELDS: POSTed again at a no-op, never deleted.
    expect(run.requests[step("no-op")][1]).toBe("POST /v25.0/me/messenger_profile 200");
    expect(methods(run.requests[step("remove-commands")])).toBe("GET");
    expect(run.stateMatches[step("remove-commands")]).toBe(false);
    // Locale order alone: a DELETE and a POST.
    expect(methods(run.requests[step("reorder-locales")])).toBe("GET,DELETE,POST");
    // Removing one domain deletes whitelisted_domains whole; the menu POST is then refused.
    expect(run.errors[step("several-fields")]).toMatch(/must be in whitelisted_domains/);
    expect(run.errors.filter((e) => e !== null)).toHaveLength(1);
    expect(emu.profile(pages[1].id)?.whitelisted_domains).toBeUndefined();
  });
});

describe("the naive re-post", () => {
  it("sends one POST per step and leaves removed fields on the Page", async () => {
    const run = await runNaive(emu, pages[2], PROFILE_SYNC_PROGRAMS);
    expect(run.perEdit).toEqual(PROFILE_SYNC_PROGRAMS.map(() => 1));
    expect(run.requests.every((r) => r.length === 1 && r[0] === "POST /v25.0/me/messenger_profile 200")).toBe(true);
    expect(run.stateMatches[names.indexOf("remove-field")]).toBe(false);
    expect(run.errors.every((e) => e === null)).toBe(true);
  });
});

describe("our planner (provisional)", () => {
  it("makes GET /me + 1 POST at create, at most one call per edit, none for cosmetic edits, and keeps the Page as declared", async () => {
    const run = await runPlanner(emu, pages[3], PROFILE_SYNC_PROGRAMS);
    expect(run.requests[0]).toEqual(["GET /v25.0/me 200", "POST /v25.0/me/messenger_profile 200"]);
    expect(byName(run.perEdit)).toEqual({
      create: 2,
      "add-field": 1,
      "greeting-one-locale": 1,
      "reorder-locales": 0,
      "remove-field": 1,
      "menu-item": 1,
      "add-domain": 1,
      "switch-locale-set": 1,
      "get-started-payload": 1,
      "remove-commands": 1,
      "re-add-commands": 1,
      "change-commands": 1,
      "change-ice-breakers": 1,
      "no-op": 0,
      "explicit-defaults": 0,
      "default-greeting": 1,
      "greeting-shorthand": 0,
      "several-fields": 1,
    });
    expect(run.requests[names.indexOf("remove-field")]).toEqual(["DELETE /v25.0/me/messenger_profile 200"]);
    expect(run.stateMatches).toEqual(PROFILE_SYNC_PROGRAMS.map(() => true));
    expect(run.errors.every((e) => e === null)).toBe(true);
  });
});

describe("profileSync", () => {
  it("judges the planner's counts against bottender's and labels them provisional", async () => {
    const r = await measureProfileSync({ emu, pages: { ours: pages[4], bottender: pages[5], naive: pages[6] } });
    expect(r.ourSide).toBe("planner-provisional");
    expect(r.value).toEqual({
      edits: PROFILE_SYNC_STEPS.length - 1,
      ourCalls: 13,
      bottenderCalls: 38,
      naiveCalls: 17,
      ratioVsBottender: 0.342,
      maxCallsPerEdit: 1,
      cosmeticCalls: 0,
    });
    expect(r.met).toBe(true);
    expect(r.createCalls).toEqual({ ours: 2, bottender: 3, naive: 1 });
    expect(r.stepsWherePageDiffersFromDeclaration.ours).toEqual([]);
    expect(r.stepsWherePageDiffersFromDeclaration.bottender).toEqual(["remove-commands", "several-fields"]);
  });

  it("takes our side from the engine when given one, and checks its step count", async () => {
    const fresh = makePages(3, "EMULATOR-SYNC-TOKEN");
    const local = await startEmulator({ port: 0, pages: fresh, rateLimit: UNLIMITED });
    try {
      const sides = { ours: fresh[0], bottender: fresh[1], naive: fresh[2] };
      // 2 calls per real change, 1 for the first cosmetic edit, 0 for the other cosmetic and no-op ones.
      const perEdit = PROFILE_SYNC_STEPS.map((s, i) =>
        i === 3 ? 1 : s.kind === "cosmetic" || s.kind === "noop" ? 0 : 2,
      );
      const r = await measureProfileSync({ emu: local, pages: sides, ourSide: () => Promise.resolve({ perEdit }) });
      expect(r.ourSide).toBe("engine");
      expect(PROFILE_SYNC_STEPS[3].kind).toBe("cosmetic");
      expect(r.value).toMatchObject({ ourCalls: 27, bottenderCalls: 38, ratioVsBottender: 0.711, cosmeticCalls: 1 });
      expect(r.value.maxCallsPerEdit).toBe(2);
      expect(r.met).toBe(false);
      expect(r.stepsWherePageDiffersFromDeclaration.ours).toBeNull();
      await expect(
        measureProfileSync({ emu: local, pages: sides, ourSide: () => Promise.resolve({ perEdit: [1] }) }),
      ).rejects.toThrow(/reported 1 steps/);
    } finally {
      await local.close();
    }
  });
});

describe("profileOpVsMessagingApis", () => {
  it("checks that both clients send the same request, then times every operation", async () => {
    const r = await measureProfileOpVsMessagingApis(emu, pages[7], { reps: 1, iterations: 2, warmup: 1 });
    expect(r.perOp.set.request).toMatch(/^POST \/v25\.0\/me\/messenger_profile \(\d+ B body\)$/);
    expect(r.perOp.get.request).toBe("GET /v25.0/me/messenger_profile (0 B body)");
    expect(r.perOp.delete.request).toBe(
      `DELETE /v25.0/me/messenger_profile (${JSON.stringify({ fields: PROFILE_WIRE_FIELDS }).length} B body)`,
    );
    for (const op of ["set", "get", "delete"] as const) {
      expect(r.perOp[op].ratio.n).toBe(1);
      expect(r.value[op]).toBe(r.perOp[op].ratio.median);
    }
    expect(r.messagingApiMessengerVersion).toMatch(/^1\./);
  });
});
