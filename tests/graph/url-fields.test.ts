// The one URL rule, field by field: every URL field of every resource and every place an endpoint is
// set (input, stack config, environment, the export CLI's flag) refuses each look-alike class with a
// reason at the field's exact path, and the resource's check sends nothing. Each field's good value
// passes through the same door, so a row cannot pass because the door refuses everything.
import { type Emulator } from "../../emulator";
import { ProfileLifecycle } from "../../provider/profile/lifecycle";
import type { MessengerProfileInputs } from "../../provider/profile/types";
import type { AccountLinkingInputs } from "../../provider/account-linking/types";
import { WebhookLifecycle } from "../../provider/webhook/lifecycle";
import type { WebhookInputs } from "../../provider/webhook/types";
import { readProviderSettings } from "../../provider/core/settings";
import { runExport } from "../../provider/cli/export";
import { URL_FIELD_RULES, urlFieldProblem } from "../../provider/graph/url-rules";
import { lifecycleFor, TOKEN_1, useEmulator } from "../support/emulator";

const emulator = useEmulator();

/** A host name, or a whole URL when the class is about the authority's syntax rather than the host. */
type Spoof = { readonly host: string } | { readonly url: (scheme: string, path: string) => string };

/** Each look-alike class: how it turns `example.com` (or the URL around it) into a spoof. */
const CLASSES: Readonly<Record<string, Spoof>> = {
  "Cyrillic a (U+0430)": { host: "ex\u0430mple.com" },
  "Greek omicron (U+03BF)": { host: "example.c\u03bfm" },
  "ideographic full stop (U+3002)": { host: "example.com\u3002evil.com" },
  "fullwidth full stop (U+FF0E)": { host: "example\uff0ecom" },
  "halfwidth ideographic full stop (U+FF61)": { host: "example\uff61com" },
  "soft hyphen (U+00AD)": { host: "exam\u00adple.com" },
  "zero-width space (U+200B)": { host: "exa\u200bmple.com" },
  "zero-width joiner (U+200D)": { host: "exa\u200dmple.com" },
  "circled letter (U+24D4)": { host: "\u24d4xample.com" },
  "fullwidth letter (U+FF45)": { host: "\uff45xample.com" },
  "an IDN in Unicode": { host: "b\u00fccher.example" },
  "empty credentials (https://@host)": { url: (s, p) => `${s}://@example.com${p}` },
  "credentials (user:pw@)": { url: (s, p) => `${s}://user:pw@example.com${p}` },
  'a backslash before "@"': { url: (s, p) => `${s}://example.com\\@evil.com${p}` },
  "a NUL in the path": { url: (s, p) => `${s}://example.com${p || "/"}\u0000x` },
  "a newline in the host": { url: (s, p) => `${s}://exam\nple.com${p}` },
  "a right-to-left override (U+202E)": { url: (s, p) => `${s}://example.com${p || "/"}\u202emoc` },
};

/** Fragment classes: only fields that accept a fragment can be reached by them. */
const FRAGMENT_CLASSES: Readonly<Record<string, string>> = {
  "a NUL in the fragment": "#a\u0000b",
  "a newline in the fragment": "#a\nDeployment succeeded.",
  "a line separator (U+2028) in the fragment": "#a\u2028b",
  "a right-to-left override (U+202E) in the fragment": "#a\u202eb",
  "a 5 MB fragment": `#${"a".repeat(5 * 1024 * 1024)}`,
};

/** Where a URL field is set, and how its failures are read. */
interface Field {
  /** The field's path in failures ("" for a provider setting, which the engine blames on the resource). */
  readonly path: string;
  /** The scheme its good values use. */
  readonly scheme: "https" | "http";
  /** The path part of its good values (a domain has none). */
  readonly path0: string;
  /** Whether a fragment can be given at all. */
  readonly fragment: boolean;
  /** A good value, when not `https://example.com` and the path (a value the door then uses). */
  readonly good?: (emu: Emulator) => string;
  /** The reasons given for `value` at this field (none when accepted), and requests sent meanwhile. */
  readonly refuse: (value: string, emu: Emulator) => Promise<string[]>;
}

async function profileCheck(emu: Emulator, args: Record<string, unknown>): Promise<string[]> {
  const lc = new ProfileLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1,
    }),
  });
  const r = await lc.check({} as MessengerProfileInputs, args as unknown as MessengerProfileInputs);
  return (r.failures ?? []).map((f) => f.reason);
}

const webItem = (value: string, extra: Record<string, unknown> = {}) => ({
  getStarted: { payload: "start" },
  persistentMenu: [{ locale: "default", callToActions: [{ type: "web_url", title: "Open", url: value, ...extra }] }],
});

const FIELDS: Readonly<Record<string, Field>> = {
  "MessengerAccountLinking accountLinkingUrl": {
    path: "accountLinkingUrl",
    scheme: "https",
    path0: "/link",
    fragment: false,
    refuse: async (value, emu) => {
      const lc = lifecycleFor(emu, { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
      const r = await lc.check({} as AccountLinkingInputs, { accountLinkingUrl: value } as AccountLinkingInputs);
      return (r.failures ?? []).map((f) => f.reason);
    },
  },
  "MessengerProfile accountLinkingUrl": {
    path: "accountLinkingUrl",
    scheme: "https",
    path0: "/link",
    fragment: false,
    refuse: (value, emu) => profileCheck(emu, { accountLinkingUrl: value }),
  },
  "persistentMenu callToActions url": {
    path: "persistentMenu[0].callToActions[0].url",
    scheme: "https",
    path0: "/shop",
    fragment: true,
    refuse: (value, emu) => profileCheck(emu, webItem(value)),
  },
  "persistentMenu callToActions fallbackUrl": {
    path: "persistentMenu[0].callToActions[0].fallbackUrl",
    scheme: "https",
    path0: "/plain",
    fragment: true,
    refuse: (value, emu) =>
      profileCheck(emu, {
        ...webItem("https://shop.example.com/app", { messengerExtensions: true, fallbackUrl: value }),
        whitelistedDomains: ["https://shop.example.com"],
      }),
  },
  whitelistedDomains: {
    path: "whitelistedDomains[0]",
    scheme: "https",
    path0: "",
    fragment: false,
    refuse: (value, emu) => profileCheck(emu, { whitelistedDomains: [value] }),
  },
  "MessengerWebhook callbackUrl": {
    path: "callbackUrl",
    scheme: "https",
    path0: "/webhook",
    fragment: false,
    refuse: async (value, emu) => {
      const lc = new WebhookLifecycle({
        settings: readProviderSettings(undefined, {
          MESSENGER_GRAPH_API_URL: emu.url,
          MESSENGER_APP_ID: "3000000000000001",
          MESSENGER_APP_SECRET: "emulatorappsecret0000000000000001",
        }),
      });
      const r = await lc.check(
        {} as WebhookInputs,
        {
          callbackUrl: value,
          verifyToken: "url-rule-verify-token",
          fields: ["messages"],
        } as unknown as WebhookInputs,
      );
      return (r.failures ?? []).map((f) => f.reason);
    },
  },
  "graphApiUrl input": {
    path: "graphApiUrl",
    scheme: "https",
    path0: "",
    fragment: false,
    refuse: (value, emu) => profileCheck(emu, { greeting: "Hi", graphApiUrl: value, pageAccessToken: TOKEN_1 }),
  },
  "messenger:graphApiUrl (stack config)": {
    path: "stack config messenger:graphApiUrl",
    scheme: "https",
    path0: "",
    fragment: false,
    refuse: (value) =>
      Promise.resolve(
        (readProviderSettings((k) => (k === "messenger:graphApiUrl" ? value : undefined), {}).problems ?? []).map(
          (p) => p.reason,
        ),
      ),
  },
  MESSENGER_GRAPH_API_URL: {
    path: "environment variable MESSENGER_GRAPH_API_URL",
    scheme: "https",
    path0: "",
    fragment: false,
    refuse: (value) =>
      Promise.resolve(
        (readProviderSettings(undefined, { MESSENGER_GRAPH_API_URL: value }).problems ?? []).map((p) => p.reason),
      ),
  },
  "messenger-profile-export --graph-api-url": {
    path: "messenger-profile-export: --graph-api-url",
    scheme: "https",
    path0: "",
    fragment: false,
    // The export then reads the emulator's Page: only a refusal of the flag counts here.
    good: (emu) => emu.url,
    refuse: async (value) => {
      const run = await runExport(["--graph-api-url", value], { MESSENGER_PAGE_ACCESS_TOKEN: TOKEN_1 });
      return run.stderr.startsWith("messenger-profile-export: --graph-api-url ") ? [run.stderr] : [];
    },
  },
};

function spoofed(field: Field, spoof: Spoof): string {
  return "host" in spoof ? `${field.scheme}://${spoof.host}${field.path0}` : spoof.url(field.scheme, field.path0);
}

describe.each(Object.entries(FIELDS))("%s", (_name, field) => {
  it("accepts its good value (the door is open to honest values)", async () => {
    const good = field.good?.(emulator()) ?? `${field.scheme}://example.com${field.path0}`;
    expect(await field.refuse(good, emulator())).toEqual([]);
  });

  it.each(Object.entries(CLASSES))("refuses %s at its path, with no request", async (_cls, spoof) => {
    const reasons = await field.refuse(spoofed(field, spoof), emulator());
    expect(reasons).toHaveLength(1);
    expect(reasons[0].startsWith(`${field.path} `)).toBe(true);
    expect(emulator().requests()).toHaveLength(0);
  });

  if (field.fragment) {
    it("accepts a plain fragment", async () => {
      expect(await field.refuse(`https://example.com${field.path0}#top`, emulator())).toEqual([]);
    });
    it.each(Object.entries(FRAGMENT_CLASSES))("refuses %s, with no request", async (_cls, fragment) => {
      const reasons = await field.refuse(`https://example.com${field.path0}${fragment}`, emulator());
      // (A 5 MB value also breaks the profile's size limit, a reason of the resource as a whole.)
      expect(reasons.filter((r) => !r.startsWith("the profile's fields total"))).toHaveLength(1);
      expect(reasons[0].startsWith(`${field.path} `)).toBe(true);
      // No reason echoes the value (a 5 MB fragment gives short reasons).
      for (const r of reasons) expect(r.length).toBeLessThan(400);
      expect(emulator().requests()).toHaveLength(0);
    });
  }
});

describe("URL_FIELD_RULES", () => {
  it("has a row for every kind of URL field the resources use, and each refuses every look-alike class", () => {
    for (const kind of Object.keys(URL_FIELD_RULES) as Array<keyof typeof URL_FIELD_RULES>) {
      const origin = kind === "whitelistedDomain" || kind === "graphEndpoint";
      for (const spoof of Object.values(CLASSES)) {
        const text =
          "host" in spoof ? `https://${spoof.host}${origin ? "" : "/p"}` : spoof.url("https", origin ? "" : "/p");
        expect([kind, urlFieldProblem(kind, text)]).toEqual([kind, expect.any(String)]);
      }
    }
  });

  it("says what to write for a host that is not ASCII: its xn-- form", () => {
    expect(urlFieldProblem("whitelistedDomain", "https://ex\u0430mple.com")).toMatch(
      /xn-- \(punycode\) form \("xn--exmple-4nf\.com"\)/,
    );
  });
});

describe("whitelistedDomain: every label of the host", () => {
  it.each([
    ["https://example..com", '"" in "example..com"'],
    ["https://.example.com", '"" in ".example.com"'],
    ["https://-example-.com", '"-example-"'],
    ["https://ex_ample.com", '"ex_ample"'],
    ["https://xn--e-xn--.com", '"xn--e-xn--"'],
  ])("refuses %s, naming the label", (domain, label) => {
    expect(urlFieldProblem("whitelistedDomain", domain)).toContain(label);
  });

  it.each([
    "https://xn--bcher-kva.example",
    "https://a-b.c-d.example.co.uk",
    "https://Shop.Example.com",
    "https://9gag.com",
  ])("accepts %s", (domain) => {
    expect(urlFieldProblem("whitelistedDomain", domain)).toBeUndefined();
  });
});
