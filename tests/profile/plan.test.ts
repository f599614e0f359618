// Lifecycle planning on normalized values: the calls of create, update, refresh and delete, drift on
// owned fields only, replacement, and the profileSync edit sequence of issue 10 (calls per edit).
import type { ProfilePlatform, ProfileWireField } from "../../provider/graph/profile-fields";
import { fieldEquals, normalizeProfileArgs, unknownFields } from "../../provider/profile/normalize";
import {
  detectDrift,
  diffOf,
  planCreate,
  planDelete,
  planUpdate,
  refreshFieldsParam,
  requestsOf,
  type DesiredProfile,
  type OwnedProfileState,
  type ProfilePlan,
} from "../../provider/profile/plan";
import {
  FULL,
  INSTAGRAM,
  without,
  withFields,
  profileOfAnswer,
  WIRE_FIELDS_IN_POST_ORDER,
} from "../support/profile-fixtures";
import { UNKNOWN } from "../../provider/core/unknown";
import { toWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

const PAGE = "1000000000000001";

function desired(args: DeclaredProfile, pageId?: string): DesiredProfile {
  const platform: ProfilePlatform = args.platform ?? "messenger";
  return {
    platform,
    profile: normalizeProfileArgs(args, platform),
    unknownFields: unknownFields(args),
    ...(pageId ? { pageId } : {}),
  };
}

/** The state a successful step leaves. */
function stateAfter(plan: ProfilePlan, want: DesiredProfile, pageId = PAGE): OwnedProfileState {
  return { pageId, platform: want.platform, ownedFields: plan.ownedFields, profile: want.profile };
}

function created(args: DeclaredProfile): OwnedProfileState {
  const want = desired(args);
  return stateAfter(planCreate(want), want);
}

describe("planCreate", () => {
  it("POSTs every declared field once, in POST order, and owns them", () => {
    const plan = planCreate(desired(FULL));
    const all: ProfileWireField[] = WIRE_FIELDS_IN_POST_ORDER;
    expect(plan.post).toEqual(all);
    expect(plan.delete).toEqual([]);
    expect(plan.ownedFields).toEqual(all);
    const requests = requestsOf(plan, desired(FULL).profile);
    expect(requests.map((r) => r.method)).toEqual(["POST"]);
    expect(Object.keys(requests[0].body)).toEqual(all);
  });

  it("owns only what is declared", () => {
    const plan = planCreate(desired({ persistentMenu: FULL.persistentMenu, getStarted: FULL.getStarted }));
    expect(plan.post).toEqual(["get_started", "persistent_menu"]);
    expect(plan.ownedFields).toEqual(["get_started", "persistent_menu"]);
  });

  it("on Instagram, POSTs the two Instagram fields", () => {
    expect(planCreate(desired(INSTAGRAM)).post).toEqual(["ice_breakers", "persistent_menu"]);
  });
});

describe("planUpdate", () => {
  const state = created(FULL);

  it("makes no call when nothing changed", () => {
    const plan = planUpdate(state, desired(FULL));
    expect(plan).toMatchObject({ post: [], delete: [], changes: [], replaceReasons: [] });
    expect(requestsOf(plan, desired(FULL).profile)).toEqual([]);
  });

  it("POSTs only the changed field, with only its value", () => {
    const want = desired(withFields(FULL, { getStarted: { payload: "START" } }));
    const plan = planUpdate(state, want);
    expect(plan.post).toEqual(["get_started"]);
    expect(plan.changes).toEqual([{ field: "get_started", input: "getStarted", kind: "update" }]);
    expect(requestsOf(plan, want.profile)).toEqual([{ method: "POST", body: { get_started: { payload: "START" } } }]);
  });

  it("DELETEs exactly the removed field, and POSTs nothing", () => {
    const want = desired(without(FULL, "commands"));
    const plan = planUpdate(state, want);
    expect(requestsOf(plan, want.profile)).toEqual([{ method: "DELETE", body: { fields: ["commands"] } }]);
    expect(plan.changes).toEqual([{ field: "commands", input: "commands", kind: "delete" }]);
    expect(plan.ownedFields).not.toContain("commands");
  });

  it("sends a POST then one DELETE when fields change and others go", () => {
    const want = desired(withFields(without(FULL, "commands", "accountLinkingUrl"), { greeting: "Hello" }));
    const requests = requestsOf(planUpdate(state, want), want.profile);
    expect(requests).toEqual([
      { method: "POST", body: { greeting: [{ locale: "default", text: "Hello" }] } },
      { method: "DELETE", body: { fields: ["commands", "account_linking_url"] } },
    ]);
  });

  it("adds a newly declared field", () => {
    const start = created(without(FULL, "greeting"));
    const plan = planUpdate(start, desired(FULL));
    expect(plan.post).toEqual(["greeting"]);
    expect(plan.changes).toEqual([{ field: "greeting", input: "greeting", kind: "add" }]);
  });

  it("treats a declared field whose value is unknown (preview) as changing", () => {
    const plan = planUpdate(state, desired(withFields(FULL, { accountLinkingUrl: UNKNOWN })));
    expect(plan.post).toEqual(["account_linking_url"]);
    expect(plan.ownedFields).toContain("account_linking_url");
  });

  it("does not DELETE a removed field that the last refresh found already unset", () => {
    const refreshed: OwnedProfileState = {
      ...state,
      profile: normalizeProfileArgs(without(FULL, "commands"), "messenger"),
    };
    const plan = planUpdate(refreshed, desired(without(FULL, "commands")));
    expect(plan.delete).toEqual([]);
    expect(plan.ownedFields).not.toContain("commands");
  });

  it("replaces when the platform changes: POST all to the new profile, DELETE all owned from the old", () => {
    const ig = created(INSTAGRAM);
    const plan = planUpdate(ig, desired(without(INSTAGRAM, "platform")));
    expect(plan.replaceReasons).toEqual(["platform"]);
    expect(plan.post).toEqual(["ice_breakers", "persistent_menu"]);
    expect(plan.delete).toEqual(["ice_breakers", "persistent_menu"]);
  });

  it("replaces when the token resolves to another Page, not when the Page is unchanged or not resolved", () => {
    expect(planUpdate(state, desired(FULL, "1000000000000002")).replaceReasons).toEqual(["pageId"]);
    expect(planUpdate(state, desired(FULL, PAGE)).replaceReasons).toEqual([]);
    expect(planUpdate(state, desired(FULL)).replaceReasons).toEqual([]);
  });
});

describe("diffOf", () => {
  const state = created(FULL);

  it("says no change for a cosmetic edit, and names the changed inputs otherwise", () => {
    const reordered = withFields(FULL, { whitelistedDomains: [...(FULL.whitelistedDomains ?? [])].reverse() });
    expect(diffOf(planUpdate(state, desired(reordered)))).toEqual({ changes: false, replaces: [], changedInputs: [] });
    expect(diffOf(planUpdate(state, desired(without(withFields(FULL, { greeting: "Yo" }), "commands"))))).toEqual({
      changes: true,
      replaces: [],
      changedInputs: ["greeting", "commands"],
    });
  });

  it("names the input that triggers a replacement", () => {
    expect(diffOf(planUpdate(state, desired(FULL, "1000000000000002"))).replaces).toEqual(["pageAccessToken"]);
    expect(diffOf(planUpdate(created(INSTAGRAM), desired(without(INSTAGRAM, "platform")))).replaces).toEqual([
      "platform",
    ]);
  });
});

describe("planDelete", () => {
  it("DELETEs the owned fields only, never the others of the Page", () => {
    const state = created({ persistentMenu: FULL.persistentMenu, getStarted: FULL.getStarted });
    const plan = planDelete(state);
    expect(requestsOf(plan, {})).toEqual([{ method: "DELETE", body: { fields: ["get_started", "persistent_menu"] } }]);
  });

  it("skips owned fields the last refresh found unset, and makes no call when none is left", () => {
    const state: OwnedProfileState = {
      pageId: PAGE,
      platform: "messenger",
      ownedFields: ["greeting", "commands"],
      profile: { greeting: [{ locale: "default", text: "Hi" }] },
    };
    expect(planDelete(state).delete).toEqual(["greeting"]);
    expect(requestsOf(planDelete({ ...state, profile: {} }), {})).toEqual([]);
  });
});

describe("refresh and drift", () => {
  const state = created({ greeting: FULL.greeting, persistentMenu: FULL.persistentMenu, getStarted: FULL.getStarted });

  it("GETs the owned fields only", () => {
    expect(refreshFieldsParam(state)).toBe("get_started,greeting,persistent_menu");
  });

  it("reports no drift when the Page answers the same values in another order and spelling", () => {
    const wire = toWire(state.profile);
    const answer = { data: [{ ...wire, greeting: [...(wire.greeting ?? [])].reverse() }] };
    expect(detectDrift(state, profileOfAnswer(answer, "messenger"))).toEqual({ profile: state.profile, drift: [] });
  });

  it("never reports or keeps a field the resource does not own", () => {
    const answer = {
      data: [{ ...toWire(state.profile), account_linking_url: "https://example.com/by-hand", commands: [] }],
    };
    const outcome = detectDrift(state, profileOfAnswer(answer, "messenger"));
    expect(outcome.drift).toEqual([]);
    expect(Object.keys(outcome.profile)).toEqual(["getStarted", "greeting", "persistentMenu"]);
  });

  it("reports a changed and a removed field, and the next update repairs both with one POST", () => {
    const wire = toWire(state.profile);
    const answer = {
      data: [{ get_started: wire.get_started, greeting: [{ locale: "default", text: "Edited by hand" }] }],
    };
    const outcome = detectDrift(state, profileOfAnswer(answer, "messenger"));
    expect(outcome.drift).toEqual([
      { field: "greeting", input: "greeting", kind: "changed" },
      { field: "persistent_menu", input: "persistentMenu", kind: "removed" },
    ]);
    const refreshed: OwnedProfileState = { ...state, profile: outcome.profile };
    const want = desired({ greeting: FULL.greeting, persistentMenu: FULL.persistentMenu, getStarted: FULL.getStarted });
    const requests = requestsOf(planUpdate(refreshed, want), want.profile);
    expect(requests.map((r) => [r.method, Object.keys(r.body)])).toEqual([["POST", ["greeting", "persistent_menu"]]]);
  });

  it("reports a field set again after a refresh found it unset", () => {
    const unset: OwnedProfileState = { ...state, profile: { getStarted: { payload: "GET_STARTED" } } };
    const outcome = detectDrift(unset, profileOfAnswer({ data: [toWire(state.profile)] }, "messenger"));
    expect(outcome.drift.map((d) => [d.input, d.kind])).toEqual([
      ["greeting", "restored"],
      ["persistentMenu", "restored"],
    ]);
  });
});

describe("profileSync edit sequence (issue 10)", () => {
  const greeting = FULL.greeting as readonly { locale: string; text: string }[];
  const menu = FULL.persistentMenu ?? [];
  const edits: Array<[string, DeclaredProfile, number]> = [];
  let args: DeclaredProfile = without(FULL, "commands");
  const edit = (name: string, next: DeclaredProfile, calls: number) => {
    edits.push([name, next, calls]);
    args = next;
  };
  edit("add a field (commands)", withFields(args, { commands: FULL.commands }), 1);
  edit(
    "change one locale's greeting",
    withFields(args, { greeting: [greeting[0], { locale: "fr_FR", text: "Bonjour !" }] }),
    1,
  );
  edit(
    "reorder locales only",
    withFields(args, { greeting: [{ locale: "fr_FR", text: "Bonjour !" }, greeting[0]] }),
    0,
  );
  edit("remove a field (accountLinkingUrl)", without(args, "accountLinkingUrl"), 1);
  edit(
    "change one menu item",
    withFields(args, {
      persistentMenu: [
        {
          ...menu[0],
          callToActions: [
            { type: "postback", title: "Support", payload: "HELP" },
            ...(menu[0].callToActions ?? []).slice(1),
          ],
        },
        menu[1],
      ],
    }),
    1,
  );
  edit(
    "add a domain",
    withFields(args, { whitelistedDomains: [...(FULL.whitelistedDomains ?? []), "https://help.example.com"] }),
    1,
  );
  edit(
    "reorder domains only",
    withFields(args, { whitelistedDomains: [...(args.whitelistedDomains ?? [])].reverse() }),
    0,
  );
  edit(
    "switch a field's locale set (ice breakers fr_FR -> de_DE)",
    withFields(args, {
      iceBreakers: [
        { locale: "default", callToActions: [{ question: "Where are you?", payload: "WHERE" }] },
        { locale: "de_DE", callToActions: [{ question: "Wo sind Sie?", payload: "WHERE" }] },
      ],
    }),
    1,
  );
  edit(
    "state a default explicitly (composerInputDisabled: false on fr_FR)",
    withFields(args, {
      persistentMenu: (args.persistentMenu ?? []).map((l) => ({ ...l, composerInputDisabled: false })),
    }),
    0,
  );
  edit(
    "change a field and remove another",
    withFields(without(args, "commands"), { getStarted: { payload: "START" } }),
    2,
  );
  edit("re-add a removed field", withFields(args, { accountLinkingUrl: "https://example.com/link2" }), 1);
  edit("greeting as shorthand after dropping fr_FR", withFields(args, { greeting: "Hi {{user_first_name}}!" }), 1);
  edit(
    "same greeting in long form",
    withFields(args, { greeting: [{ locale: "default", text: "Hi {{user_first_name}}!" }] }),
    0,
  );

  it("has at least 12 edits", () => {
    expect(edits.length).toBeGreaterThanOrEqual(12);
  });

  it("makes the expected calls at each edit: at most 2, cosmetic edits 0, each POST carrying only changed fields", () => {
    let state = created(without(FULL, "commands"));
    const calls: Array<[string, number]> = [];
    for (const [name, next] of edits) {
      const want = desired(next);
      const plan = planUpdate(state, want);
      const requests = requestsOf(plan, want.profile);
      for (const r of requests)
        if (r.method === "POST")
          for (const f of Object.keys(r.body) as ProfileWireField[])
            expect([f, fieldEquals(state.profile, want.profile, f)]).toEqual([f, false]);
      calls.push([name, requests.length]);
      state = stateAfter(plan, want);
    }
    expect(calls).toEqual(edits.map(([name, , n]) => [name, n]));
    expect(Math.max(...calls.map(([, n]) => n))).toBeLessThanOrEqual(2);
    const naive = edits.length; // a naive sync re-posts every field at each edit: 1 POST each
    const ours = calls.reduce((s, [, n]) => s + n, 0);
    expect(ours).toBeLessThan(naive);
  });
});
