// dependencyProblems: a menu needs Get Started (declared, or on the Page and not being removed);
// Messenger Extensions need a whitelisted origin (error); other URLs outside the whitelist (warning).
import { FULL, INSTAGRAM, without, profileOfAnswer } from "../support/profile-fixtures";
import { UNKNOWN } from "../../provider/core/unknown";
import { dependencyProblems, pageStateOf } from "../../provider/profile/dependencies";
import type { DeclaredProfile } from "../../provider/profile/types";

const MENU: DeclaredProfile = {
  persistentMenu: [{ locale: "default", callToActions: [{ type: "postback", title: "Help", payload: "HELP" }] }],
};
const webMenu = (url: string, messengerExtensions = false): DeclaredProfile => ({
  getStarted: { payload: "G" },
  persistentMenu: [
    { locale: "default", callToActions: [{ type: "postback", title: "Help", payload: "H" }] },
    {
      locale: "fr_FR",
      callToActions: [
        { type: "postback", title: "Aide", payload: "H" },
        { type: "web_url", title: "Boutique", url, messengerExtensions },
      ],
    },
  ],
});

describe("dependencyProblems: Get Started", () => {
  it("refuses a menu with no Get Started declared or on the Page, saying what to add", () => {
    const problems = dependencyProblems(MENU, "messenger", { hasGetStarted: false });
    expect(problems.map((p) => [p.severity, p.path])).toEqual([["error", "persistentMenu"]]);
    expect(problems[0].message).toMatch(/add getStarted: \{ payload: "GET_STARTED" \} to this resource/);
  });

  it("accepts a menu when the Page already has Get Started, or when it is declared", () => {
    expect(dependencyProblems(MENU, "messenger", { hasGetStarted: true })).toEqual([]);
    expect(
      dependencyProblems({ ...MENU, getStarted: { payload: "G" } }, "messenger", { hasGetStarted: false }),
    ).toEqual([]);
  });

  it("reports nothing when the Page state is not known", () => {
    expect(dependencyProblems(MENU, "messenger", {})).toEqual([]);
  });

  it("refuses removing getStarted while keeping the menu, even though the Page has it now", () => {
    const problems = dependencyProblems(MENU, "messenger", { hasGetStarted: true }, { removing: ["get_started"] });
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/getStarted was removed from this resource.*keep getStarted/);
  });

  it("has no Get Started rule on Instagram", () => {
    expect(dependencyProblems(INSTAGRAM, "instagram", { hasGetStarted: false, whitelistedDomains: [] })).toEqual([]);
  });
});

describe("dependencyProblems: whitelisted domains", () => {
  it("accepts the full profile: every URL's origin is declared", () => {
    expect(dependencyProblems(FULL, "messenger", { hasGetStarted: false, whitelistedDomains: [] })).toEqual([]);
  });

  it("refuses Messenger Extensions on an origin that is not whitelisted, at the item's path", () => {
    const problems = dependencyProblems(webMenu("https://shop.example.com/cart", true), "messenger", {
      whitelistedDomains: ["https://example.com"],
    });
    expect(problems.map((p) => [p.severity, p.path])).toEqual([["error", "persistentMenu[1].callToActions[1].url"]]);
    expect(problems[0].message).toMatch(/Messenger Extensions.*add "https:\/\/shop.example.com" to whitelistedDomains/);
  });

  it("only warns for an ordinary web page outside the whitelist", () => {
    const problems = dependencyProblems(webMenu("https://other.example.org/x"), "messenger", {
      whitelistedDomains: [],
    });
    expect(problems.map((p) => [p.severity, p.path])).toEqual([["warning", "persistentMenu[1].callToActions[1].url"]]);
  });

  it("matches whole origins: a parent domain does not cover a sub-domain", () => {
    expect(
      dependencyProblems(webMenu("https://shop.example.com", true), "messenger", {
        whitelistedDomains: ["https://example.com/"],
      }),
    ).toHaveLength(1);
    expect(
      dependencyProblems(webMenu("https://SHOP.example.com/x", true), "messenger", {
        whitelistedDomains: ["https://shop.example.com/"],
      }),
    ).toEqual([]);
  });

  it("uses the declared list over the Page's (owning the field replaces the Page's list)", () => {
    const args = { ...webMenu("https://shop.example.com", true), whitelistedDomains: ["https://example.com"] };
    expect(dependencyProblems(args, "messenger", { whitelistedDomains: ["https://shop.example.com"] })).toHaveLength(1);
  });

  it("counts the Page's list as empty when this step removes the field", () => {
    const problems = dependencyProblems(
      webMenu("https://shop.example.com", true),
      "messenger",
      { whitelistedDomains: ["https://shop.example.com"] },
      { removing: ["whitelisted_domains"] },
    );
    expect(problems.map((p) => p.severity)).toEqual(["error"]);
  });

  it("warns for an account linking URL outside the whitelist", () => {
    const args = { ...without(FULL, "persistentMenu"), accountLinkingUrl: "https://login.example.net/link" };
    expect(dependencyProblems(args, "messenger", {})).toEqual([
      expect.objectContaining({ severity: "warning", path: "accountLinkingUrl" }),
    ]);
  });

  it("reports nothing when the whitelist is not known or contains an unknown", () => {
    expect(dependencyProblems(webMenu("https://shop.example.com", true), "messenger", {})).toEqual([]);
    expect(
      dependencyProblems({ ...webMenu("https://shop.example.com", true), whitelistedDomains: [UNKNOWN] }, "messenger", {
        whitelistedDomains: [],
      }),
    ).toEqual([]);
  });
});

describe("pageStateOf", () => {
  it("knows only what the GET asked for, and reads an empty answer as nothing set", () => {
    const answer = profileOfAnswer({ data: [{ get_started: { payload: "G" } }] }, "messenger");
    expect(pageStateOf(answer, ["get_started"])).toEqual({ hasGetStarted: true });
    expect(pageStateOf(profileOfAnswer({ data: [] }, "messenger"), ["get_started", "whitelisted_domains"])).toEqual({
      hasGetStarted: false,
      whitelistedDomains: [],
    });
    expect(dependencyProblems(MENU, "messenger", pageStateOf(answer, ["get_started"]))).toEqual([]);
  });
});
