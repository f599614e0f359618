// Normalization: cosmetic differences vanish, meaningful ones stay; normalized <-> wire round trips,
// POST key order, GET answers (including Meta's older flat ice breakers and trailing-slash domains).
import { PROFILE_FIELDS, PROFILE_WIRE_FIELDS, inPostOrder } from "../../provider/graph/profile-fields";
import {
  canonicalJson,
  fieldEquals,
  normalizeDomain,
  normalizeProfileArgs,
  profileFields,
  sortLocales,
  unknownFields,
} from "../../provider/profile/normalize";
import { FULL, INSTAGRAM, withFields, profileOfAnswer } from "../support/profile-fixtures";
import { UNKNOWN } from "../../provider/core/unknown";
import { fromWire, toWire } from "../../provider/profile/wire-form";
import type { DeclaredProfile } from "../../provider/profile/types";

const norm = (args: DeclaredProfile) => normalizeProfileArgs(args, args.platform ?? "messenger");

describe("field table", () => {
  it("lists the seven live fields once, in POST order: domains first, get_started before the menu", () => {
    expect(PROFILE_FIELDS.map((f) => f.wire)).toEqual([...PROFILE_WIRE_FIELDS]);
    expect(PROFILE_WIRE_FIELDS).toHaveLength(7);
    expect(PROFILE_WIRE_FIELDS[0]).toBe("whitelisted_domains");
    expect(PROFILE_WIRE_FIELDS.indexOf("get_started")).toBeLessThan(PROFILE_WIRE_FIELDS.indexOf("persistent_menu"));
    expect(PROFILE_FIELDS.map((f) => f.postOrder)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it("puts only ice_breakers and persistent_menu on Instagram", () => {
    expect(PROFILE_FIELDS.filter((f) => f.platforms.includes("instagram")).map((f) => f.wire)).toEqual([
      "ice_breakers",
      "persistent_menu",
    ]);
    expect(PROFILE_FIELDS.find((f) => f.input === "accountLinkingUrl")?.wire).toBe("account_linking_url");
  });

  it("orders any list of fields in POST order without duplicates", () => {
    expect(inPostOrder(["persistent_menu", "account_linking_url", "get_started", "persistent_menu"])).toEqual([
      "get_started",
      "persistent_menu",
      "account_linking_url",
    ]);
  });
});

describe("normalizeProfileArgs: cosmetic differences vanish", () => {
  it("sorts locales default first, then by code", () => {
    expect(sortLocales([{ locale: "fr_FR" }, { locale: "de_DE" }, { locale: "default" }]).map((l) => l.locale)).toEqual(
      ["default", "de_DE", "fr_FR"],
    );
  });

  it("makes a reordering of locales equal in every localized field", () => {
    const reordered: DeclaredProfile = {
      ...FULL,
      greeting: [...(FULL.greeting as readonly object[])].reverse() as DeclaredProfile["greeting"],
      iceBreakers: [...(FULL.iceBreakers as readonly object[])].reverse() as DeclaredProfile["iceBreakers"],
      persistentMenu: [...(FULL.persistentMenu ?? [])].reverse(),
      commands: [...(FULL.commands ?? [])].reverse(),
    };
    expect(canonicalJson(norm(reordered))).toBe(canonicalJson(norm(FULL)));
  });

  it("expands the greeting string to the default locale", () => {
    expect(norm({ greeting: "Hi!" })).toEqual(norm({ greeting: [{ locale: "default", text: "Hi!" }] }));
    expect(norm({ greeting: "Hi!" }).greeting).toEqual([{ locale: "default", text: "Hi!" }]);
  });

  it("expands a flat ice-breaker list to the default locale", () => {
    const q = [{ question: "Q?", payload: "P" }];
    expect(norm({ iceBreakers: q })).toEqual(norm({ iceBreakers: [{ locale: "default", callToActions: q }] }));
  });

  it("makes Messenger's menu defaults explicit, so that stating them changes nothing", () => {
    const implicit = norm({
      persistentMenu: [
        { locale: "default", callToActions: [{ type: "web_url", title: "S", url: "https://a.example.com" }] },
      ],
    });
    const explicit = norm({
      persistentMenu: [
        {
          locale: "default",
          composerInputDisabled: false,
          callToActions: [
            {
              type: "web_url",
              title: "S",
              url: "https://a.example.com",
              webviewHeightRatio: "full",
              messengerExtensions: false,
              webviewShareButton: "show",
            },
          ],
        },
      ],
    });
    expect(explicit).toEqual(implicit);
    expect(implicit.persistentMenu?.[0]).toEqual({
      locale: "default",
      composerInputDisabled: false,
      callToActions: [
        {
          type: "web_url",
          title: "S",
          url: "https://a.example.com",
          webviewHeightRatio: "full",
          messengerExtensions: false,
        },
      ],
    });
  });

  it("has no Messenger-only defaults on Instagram", () => {
    expect(norm(INSTAGRAM).persistentMenu?.[0]).toEqual({
      locale: "default",
      callToActions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com" },
      ],
    });
  });

  it("normalizes domains to sorted, unique, lowercase origins", () => {
    expect(normalizeDomain("https://Shop.Example.com/")).toBe("https://shop.example.com");
    expect(
      norm({ whitelistedDomains: ["https://b.example.com/", "https://A.example.com", "https://b.example.com"] })
        .whitelistedDomains,
    ).toEqual(["https://a.example.com", "https://b.example.com"]);
  });

  it("keeps meaningful differences: item order and text", () => {
    const menu = FULL.persistentMenu ?? [];
    const swapped = [{ ...menu[0], callToActions: [...(menu[0].callToActions ?? [])].reverse() }, menu[1]];
    expect(fieldEquals(norm(FULL), norm({ ...FULL, persistentMenu: swapped }), "persistent_menu")).toBe(false);
    expect(fieldEquals(norm(FULL), norm(withFields(FULL, { greeting: "Hi" })), "greeting")).toBe(false);
  });

  it("leaves out fields whose value is unknown, and lists them", () => {
    const args = withFields(FULL, { greeting: [{ locale: "default", text: UNKNOWN }], accountLinkingUrl: UNKNOWN });
    expect(unknownFields(args)).toEqual(["greeting", "account_linking_url"]);
    expect(profileFields(norm(args))).toEqual([
      "whitelisted_domains",
      "get_started",
      "ice_breakers",
      "persistent_menu",
      "commands",
    ]);
  });
});

describe("normalized <-> wire", () => {
  it("writes keys in POST order and snake_case, ice breakers in the localized format", () => {
    const wire = toWire(norm(FULL));
    expect(Object.keys(wire)).toEqual([...PROFILE_WIRE_FIELDS]);
    expect(wire.persistent_menu?.[0]).toEqual({
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "web_url", title: "Shop", url: "https://shop.example.com", webview_height_ratio: "full" },
      ],
    });
    expect(wire.ice_breakers?.[0]).toEqual({
      locale: "default",
      call_to_actions: [{ question: "Where are you?", payload: "WHERE" }],
    });
  });

  it("writes only the fields asked for", () => {
    expect(Object.keys(toWire(norm(FULL), ["account_linking_url", "greeting"]))).toEqual([
      "greeting",
      "account_linking_url",
    ]);
  });

  it("round-trips every field on both platforms", () => {
    for (const args of [FULL, INSTAGRAM]) {
      const platform = args.platform ?? "messenger";
      const n = norm(args);
      expect(fromWire(toWire(n), platform)).toEqual(n);
      expect(fromWire(JSON.parse(JSON.stringify(toWire(n))), platform)).toEqual(n);
    }
  });

  it("reads a GET answer, including what Graph spells differently", () => {
    const answer = {
      data: [
        {
          whitelisted_domains: ["https://shop.example.com/", "https://example.com/"],
          ice_breakers: [{ question: "Where are you?", payload: "WHERE" }],
          persistent_menu: [
            {
              locale: "default",
              call_to_actions: [{ type: "web_url", title: "Shop", url: "https://shop.example.com" }],
            },
          ],
          subject_to_new_eu_privacy_rules: false,
        },
      ],
    };
    expect(profileOfAnswer(answer, "messenger")).toEqual(
      norm({
        whitelistedDomains: ["https://example.com", "https://shop.example.com"],
        iceBreakers: [{ question: "Where are you?", payload: "WHERE" }],
        persistentMenu: [
          { locale: "default", callToActions: [{ type: "web_url", title: "Shop", url: "https://shop.example.com" }] },
        ],
      }),
    );
  });

  it("reads an empty GET answer as no field set, and ignores fields the platform lacks", () => {
    expect(profileOfAnswer({ data: [] }, "messenger")).toEqual({});
    expect(profileOfAnswer({ data: [{ greeting: [{ locale: "default", text: "Hi" }] }] }, "instagram")).toEqual({});
  });
});

describe("canonicalJson", () => {
  it("ignores key order and undefined keys, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: undefined } })).toBe('{"a":{"d":2},"b":1}');
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});
