// validateProfile: every rule and limit of the Messenger profile, each failure at its exact path with
// a reason that says what to do; boundaries tested at the limit (accepted) and one over (refused).
import { validateProfile } from "../../provider/profile/validate";
import { FULL, INSTAGRAM, chars, withFields } from "../support/profile-fixtures";
import { UNKNOWN } from "../../provider/core/unknown";
import { whitelistedDomainProblem } from "../../provider/profile/urls";

type Args = Readonly<Record<string, unknown>>;

/** The failures as [path, reason] pairs. */
function failures(args: Args, platform?: unknown): Array<[string, string]> {
  return validateProfile(args, platform).map((f) => [f.path, f.reason]);
}

/** Asserts that `args` fails exactly once, at `path`, with a reason matching `reason` and starting with the path. */
function expectOnly(args: Args, path: string, reason: RegExp): void {
  const found = failures(args);
  expect(found).toHaveLength(1);
  expect(found[0][0]).toBe(path);
  expect(found[0][1]).toMatch(reason);
  if (path !== "") expect(found[0][1].startsWith(`${path} `)).toBe(true);
}

const menuWith = (items: unknown[], extra: Record<string, unknown> = {}) => ({
  getStarted: { payload: "GET_STARTED" },
  persistentMenu: [{ locale: "default", callToActions: items, ...extra }],
});
const postback = (title = "Help", payload = "HELP") => ({ type: "postback", title, payload });

describe("validateProfile: whole profiles", () => {
  it("accepts the full Messenger profile and the full Instagram profile", () => {
    expect(failures(FULL as Args)).toEqual([]);
    expect(failures(INSTAGRAM as Args)).toEqual([]);
  });

  it("refuses a profile that declares no field, listing the fields to choose from", () => {
    expectOnly({}, "", /at least one field: set one of whitelistedDomains, getStarted, greeting/);
    expectOnly({ platform: "instagram" }, "", /set one of iceBreakers, persistentMenu$/);
  });

  it("counts an unknown value (preview) as declared and lets it pass", () => {
    expect(failures({ greeting: UNKNOWN })).toEqual([]);
    expect(failures({ accountLinkingUrl: UNKNOWN })).toEqual([]);
  });

  it("lets unknown values pass anywhere inside a field", () => {
    const args = {
      getStarted: { payload: UNKNOWN },
      greeting: [{ locale: UNKNOWN, text: "Hi" }],
      persistentMenu: [
        { locale: "default", callToActions: [UNKNOWN, { type: "web_url", title: UNKNOWN, url: UNKNOWN }] },
      ],
      whitelistedDomains: [UNKNOWN, "https://example.com"],
    };
    expect(failures(args)).toEqual([]);
  });

  it("refuses an unknown platform", () => {
    expect(failures({ greeting: "Hi", platform: "whatsapp" })).toEqual([
      ["platform", 'platform must be "messenger" or "instagram", got "whatsapp"'],
    ]);
  });

  it("uses the platform argument over args.platform", () => {
    expect(failures({ greeting: "Hi" }, "instagram")[0][0]).toBe("greeting");
    expect(failures({ greeting: "Hi", platform: "instagram" }, "messenger")).toEqual([]);
  });

  it("sets `property` to the top-level input, for Pulumi's check failures", () => {
    const [f] = validateProfile({ ...menuWith([postback(chars(31))]) });
    expect(f).toMatchObject({ property: "persistentMenu", path: "persistentMenu[0].callToActions[0].title" });
  });
});

describe("validateProfile: deprecated and misspelled fields", () => {
  it.each([
    ["homeUrl", /deprecated.*Graph v7\.0/],
    ["home_url", /deprecated.*Graph v7\.0/],
    ["targetAudience", /deprecated.*target_audience/],
    ["paymentSettings", /deprecated.*payment_settings/],
    ["payment_settings", /deprecated/],
    ["subjectToNewEuPrivacyRules", /read-only/],
  ])("refuses %s with a clear message", (key, reason) => {
    expectOnly({ greeting: "Hi", [key]: { anything: true } }, key, reason);
  });

  it("points a wire spelling of a live field to its input name", () => {
    expectOnly({ greeting: "Hi", get_started: { payload: "X" } }, "get_started", /write getStarted/);
  });

  it("refuses unknown keys inside a field, suggesting the camelCase spelling of wire keys", () => {
    expectOnly(
      { getStarted: { payload: "X" }, persistentMenu: [{ locale: "default", call_to_actions: [] }] },
      "persistentMenu[0].call_to_actions",
      /spelled the wire way: write callToActions/,
    );
    expectOnly({ getStarted: { payload: "X", colour: "red" } }, "getStarted.colour", /not a property of Get Started/);
  });
});

describe("validateProfile: getStarted and greeting", () => {
  it("requires the Get Started payload", () => {
    expectOnly({ getStarted: {} }, "getStarted.payload", /is required/);
    expectOnly({ getStarted: "GET_STARTED" }, "getStarted", /must be an object/);
  });

  it("accepts a 1000-character payload and refuses 1001", () => {
    expect(failures({ getStarted: { payload: chars(1000) } })).toEqual([]);
    expectOnly(
      { getStarted: { payload: chars(1001) } },
      "getStarted.payload",
      /1001 characters long; the limit is 1000/,
    );
  });

  it("accepts a 160-character greeting and refuses 161, in both forms", () => {
    expect(failures({ greeting: chars(160) })).toEqual([]);
    expectOnly({ greeting: chars(161) }, "greeting", /161 characters long; the limit is 160: shorten it by 1/);
    expectOnly(
      {
        greeting: [
          { locale: "default", text: "ok" },
          { locale: "fr_FR", text: chars(161) },
        ],
      },
      "greeting[1].text",
      /the limit is 160/,
    );
  });

  it("counts characters, not UTF-16 units (an emoji counts once)", () => {
    expect(failures({ greeting: chars(160, "😀") })).toEqual([]);
  });

  it("refuses an empty greeting", () => {
    expectOnly({ greeting: "  " }, "greeting", /must not be empty/);
    expectOnly({ greeting: [] }, "greeting", /must not be empty/);
  });
});

describe("validateProfile: locales", () => {
  it("requires a default locale in every localized field", () => {
    expectOnly({ greeting: [{ locale: "fr_FR", text: "Salut" }] }, "greeting", /no "default" locale: add an entry/);
    expectOnly(
      { iceBreakers: [{ locale: "en_US", callToActions: [{ question: "Q", payload: "P" }] }] },
      "iceBreakers",
      /no "default" locale/,
    );
    expectOnly(
      { getStarted: { payload: "G" }, persistentMenu: [{ locale: "en_US", callToActions: [postback()] }] },
      "persistentMenu",
      /no "default" locale/,
    );
    expectOnly(
      { commands: [{ locale: "en_US", commands: [{ name: "a", description: "b" }] }] },
      "commands",
      /no "default" locale/,
    );
  });

  it("refuses a locale listed twice, naming the first occurrence", () => {
    expectOnly(
      {
        greeting: [
          { locale: "default", text: "a" },
          { locale: "fr_FR", text: "b" },
          { locale: "fr_FR", text: "c" },
        ],
      },
      "greeting[2].locale",
      /repeats locale "fr_FR" \(already at greeting\[1\]\): merge/,
    );
  });

  it.each([
    ["en-US", /write "en_US"/],
    ["EN_us", /write "en_US"/],
    ["english", /xx_XX form such as "fr_FR"/],
    ["fra_FR", /xx_XX form/],
  ])("refuses the locale %s with what to write", (locale, reason) => {
    expectOnly(
      {
        greeting: [
          { locale: "default", text: "a" },
          { locale, text: "b" },
        ],
      },
      "greeting[1].locale",
      reason,
    );
  });

  it("does not require a default locale while a locale is unknown", () => {
    expect(failures({ greeting: [{ locale: UNKNOWN, text: "a" }] })).toEqual([]);
  });
});

describe("validateProfile: iceBreakers", () => {
  const q = (i: number) => ({ question: `Q${i}`, payload: `P${i}` });

  it("accepts 4 questions per locale and refuses 5, in both forms", () => {
    expect(failures({ iceBreakers: [q(1), q(2), q(3), q(4)] })).toEqual([]);
    expectOnly({ iceBreakers: [q(1), q(2), q(3), q(4), q(5)] }, "iceBreakers", /has 5 .*the limit is 4: remove 1/);
    expectOnly(
      { iceBreakers: [{ locale: "default", callToActions: [q(1), q(2), q(3), q(4), q(5)] }] },
      "iceBreakers[0].callToActions",
      /the limit is 4/,
    );
  });

  it("refuses mixing the flat form with per-locale entries", () => {
    expectOnly(
      { iceBreakers: [{ locale: "default", callToActions: [q(1)] }, q(2)] },
      "iceBreakers[1]",
      /mixes a flat question with per-locale entries/,
    );
  });

  it("requires question and payload, with the payload limit", () => {
    expectOnly({ iceBreakers: [{ question: "Q" }] }, "iceBreakers[0].payload", /is required/);
    expectOnly({ iceBreakers: [{ payload: "P", question: "" }] }, "iceBreakers[0].question", /must not be empty/);
    expectOnly(
      { iceBreakers: [{ locale: "default", callToActions: [{ question: "Q", payload: chars(1001) }] }] },
      "iceBreakers[0].callToActions[0].payload",
      /the limit is 1000/,
    );
  });

  it("refuses a locale with no questions", () => {
    expectOnly(
      { iceBreakers: [{ locale: "default", callToActions: [] }] },
      "iceBreakers[0].callToActions",
      /not be empty/,
    );
  });
});

describe("validateProfile: persistentMenu", () => {
  it("accepts a 30-character title and refuses 31, at the exact item path", () => {
    expect(failures(menuWith([postback(chars(30))]))).toEqual([]);
    expectOnly(
      menuWith([postback(), postback(), postback(chars(31))]),
      "persistentMenu[0].callToActions[2].title",
      /31 characters long; the limit is 30/,
    );
  });

  it("accepts a 1000-character postback payload and refuses 1001", () => {
    expect(failures(menuWith([postback("a", chars(1000))]))).toEqual([]);
    expectOnly(menuWith([postback("a", chars(1001))]), "persistentMenu[0].callToActions[0].payload", /limit is 1000/);
  });

  it("accepts 20 items and refuses 21", () => {
    expect(failures(menuWith(Array.from({ length: 20 }, () => postback())))).toEqual([]);
    expectOnly(
      menuWith(Array.from({ length: 21 }, () => postback())),
      "persistentMenu[0].callToActions",
      /has 21 menu items; the limit is 20/,
    );
  });

  it("refuses nested menus with the date Meta removed them", () => {
    expectOnly(
      menuWith([{ type: "nested", title: "More", callToActions: [] }]),
      "persistentMenu[0].callToActions[0].type",
      /removed nested menus on 2022-08-04. Flatten/,
    );
  });

  it("refuses an unknown item type and a missing one", () => {
    expectOnly(
      menuWith([{ type: "phone_number", title: "Call" }]),
      "persistentMenu[0].callToActions[0].type",
      /"postback" or "web_url", got "phone_number"/,
    );
    expectOnly(menuWith([{ title: "Call" }]), "persistentMenu[0].callToActions[0].type", /is required/);
  });

  it("requires each type's own fields and refuses the other type's", () => {
    expectOnly(
      menuWith([{ type: "postback", title: "Help" }]),
      "persistentMenu[0].callToActions[0].payload",
      /required for a postback/,
    );
    expectOnly(
      menuWith([{ type: "web_url", title: "Shop" }]),
      "persistentMenu[0].callToActions[0].url",
      /required for a web_url/,
    );
    expectOnly(
      menuWith([{ type: "web_url", title: "Shop", url: "https://shop.example.com", payload: "X" }]),
      "persistentMenu[0].callToActions[0].payload",
      /not a property of a web_url menu item/,
    );
  });

  it("requires https for item URLs, but allows a fragment in a web page URL", () => {
    expectOnly(
      menuWith([{ type: "web_url", title: "Shop", url: "http://shop.example.com" }]),
      "persistentMenu[0].callToActions[0].url",
      /must use https/,
    );
    expect(failures(menuWith([{ type: "web_url", title: "Shop", url: "https://shop.example.com/#/cart" }]))).toEqual(
      [],
    );
  });

  it("accepts compact, tall and full webview heights and refuses others", () => {
    for (const r of ["compact", "tall", "full"])
      expect(
        failures(menuWith([{ type: "web_url", title: "S", url: "https://a.example.com", webviewHeightRatio: r }])),
      ).toEqual([]);
    expectOnly(
      menuWith([{ type: "web_url", title: "S", url: "https://a.example.com", webviewHeightRatio: "half" }]),
      "persistentMenu[0].callToActions[0].webviewHeightRatio",
      /one of "compact", "tall", "full", got "half"/,
    );
  });

  it("allows fallbackUrl only with messengerExtensions: true", () => {
    const item = { type: "web_url", title: "S", url: "https://a.example.com", fallbackUrl: "https://a.example.com/f" };
    expectOnly(
      menuWith([item]),
      "persistentMenu[0].callToActions[0].fallbackUrl",
      /only allowed with messengerExtensions: true/,
    );
    expect(failures(menuWith([{ ...item, messengerExtensions: true }]))).toEqual([]);
  });

  it("requires items when the composer is disabled", () => {
    expectOnly(
      { getStarted: { payload: "G" }, persistentMenu: [{ locale: "default", composerInputDisabled: true }] },
      "persistentMenu[0].callToActions",
      /required when composerInputDisabled is true/,
    );
    expectOnly(menuWith([], { composerInputDisabled: true }), "persistentMenu[0].callToActions", /not be empty/);
    expect(failures({ getStarted: { payload: "G" }, persistentMenu: [{ locale: "default" }] })).toEqual([]);
  });

  it("refuses a non-boolean composerInputDisabled", () => {
    expectOnly(
      menuWith([postback()], { composerInputDisabled: "no" }),
      "persistentMenu[0].composerInputDisabled",
      /true or false/,
    );
  });
});

describe("validateProfile: Instagram", () => {
  it.each(["getStarted", "greeting", "commands", "whitelistedDomains", "accountLinkingUrl"])(
    "refuses %s on Instagram, saying where it belongs",
    (field) => {
      const value = (FULL as Args)[field];
      expectOnly(
        { ...(INSTAGRAM as Args), [field]: value },
        field,
        /does not exist on Instagram: with platform "instagram" only iceBreakers and persistentMenu.*platform "messenger"/,
      );
    },
  );

  it("refuses composerInputDisabled and every webview option on Instagram", () => {
    const base = { platform: "instagram" };
    expectOnly(
      { ...base, persistentMenu: [{ locale: "default", composerInputDisabled: false, callToActions: [postback()] }] },
      "persistentMenu[0].composerInputDisabled",
      /does not exist on Instagram/,
    );
    for (const [key, value] of [
      ["webviewHeightRatio", "full"],
      ["messengerExtensions", false],
      ["webviewShareButton", "hide"],
    ] as const)
      expectOnly(
        {
          ...base,
          persistentMenu: [
            {
              locale: "default",
              callToActions: [{ type: "web_url", title: "S", url: "https://a.example.com", [key]: value }],
            },
          ],
        },
        `persistentMenu[0].callToActions[0].${key}`,
        /does not exist on Instagram/,
      );
  });

  it("requires menu items on Instagram", () => {
    expectOnly(
      { platform: "instagram", persistentMenu: [{ locale: "default" }] },
      "persistentMenu[0].callToActions",
      /required on Instagram/,
    );
  });
});

describe("validateProfile: commands", () => {
  const cmds = (list: unknown[]) => ({ commands: [{ locale: "default", commands: list }] });
  const cmd = (name: string, description = "Does it") => ({ name, description });

  it("accepts a 32-character name and a 64-character description, refuses one more", () => {
    expect(failures(cmds([cmd(chars(32), chars(64))]))).toEqual([]);
    expectOnly(cmds([cmd(chars(33))]), "commands[0].commands[0].name", /the limit is 32/);
    expectOnly(cmds([cmd("a", chars(65))]), "commands[0].commands[0].description", /the limit is 64/);
  });

  it("accepts 100 commands per locale and refuses 101", () => {
    expect(failures(cmds(Array.from({ length: 100 }, (_, i) => cmd(`c${i}`))))).toEqual([]);
    expectOnly(cmds(Array.from({ length: 101 }, (_, i) => cmd(`c${i}`))), "commands[0].commands", /the limit is 100/);
  });

  it("refuses a leading slash and a repeated name", () => {
    expectOnly(cmds([cmd("/order")]), "commands[0].commands[0].name", /must not start with "\/".*write "order"/);
    expectOnly(
      cmds([cmd("order"), cmd("order")]),
      "commands[0].commands[1].name",
      /repeats "order" \(already at commands\[0\]\.commands\[0\]\)/,
    );
  });
});

describe("validateProfile: whitelistedDomains and URLs", () => {
  const domains = (n: number) => Array.from({ length: n }, (_, i) => `https://d${i}.example.com`);

  it("accepts 50 domains and refuses 51", () => {
    expect(failures({ whitelistedDomains: domains(50) })).toEqual([]);
    expectOnly({ whitelistedDomains: domains(51) }, "whitelistedDomains", /has 51 https domains; the limit is 50/);
  });

  it.each([
    ["http://example.com", /must use https/],
    ["https://192.168.1.10", /not an IP address/],
    ["https://[2001:db8::1]", /not an IP address/],
    ["https://localhost", /must not be localhost/],
    ["https://app.localhost", /must not be localhost/],
    ["https://intranet", /fully qualified domain name/],
    ["https://example.com/shop", /remove the path "\/shop" \(write "https:\/\/example.com"\)/],
    ["https://example.com/?a=1", /remove the query or fragment/],
    ["example.com", /https origin such as/],
    ["https://user:pw@example.com", /credentials/],
    ["https://example.com.", /must not end with a dot/],
  ])("refuses the domain %s", (domain, reason) => {
    expectOnly({ whitelistedDomains: ["https://ok.example.com", domain] }, "whitelistedDomains[1]", reason);
  });

  it("accepts a trailing slash, a port and an IDN in its xn-- form, and refuses a repeat in another spelling", () => {
    expect(whitelistedDomainProblem("https://example.com/")).toBeUndefined();
    expect(whitelistedDomainProblem("https://example.com:8443")).toBeUndefined();
    expect(whitelistedDomainProblem("https://xn--bcher-kva.example")).toBeUndefined();
    // The one URL rule: a host is written as it is sent, so an IDN in Unicode (which a parser turns
    // into xn--, as it does a Cyrillic look-alike) is refused with what to write.
    expect(whitelistedDomainProblem("https://bücher.example")).toMatch(/xn-- \(punycode\) form/);
    expectOnly(
      { whitelistedDomains: ["https://Example.com", "https://example.com/"] },
      "whitelistedDomains[1]",
      /repeats https:\/\/example.com \(already at whitelistedDomains\[0\]\)/,
    );
  });

  it("applies the account linking URL rule to accountLinkingUrl, fragment included", () => {
    expectOnly({ accountLinkingUrl: "http://example.com/link" }, "accountLinkingUrl", /must use https/);
    expectOnly({ accountLinkingUrl: "https://example.com/link#x" }, "accountLinkingUrl", /fragment/);
  });

  it("reports several failures of one profile, each at its own path", () => {
    const args = withFields(FULL, {
      greeting: [{ locale: "default", text: chars(161) }],
      whitelistedDomains: ["https://localhost"],
    });
    expect(failures(args as Args).map(([p]) => p)).toEqual(["whitelistedDomains[0]", "greeting[0].text"]);
  });
});
