/**
 * The lifecycle scenarios both set-ups run (the consumer project and the repository's root
 * program): each step on the real engine, checked against the stack outputs, the emulator's Page
 * state and the emulator's request log. Each scenario is a program test with its own session, so
 * that the two run concurrently.
 */
import type { PageSeed } from "../../emulator";
import { StepSuite, callLines, expectExactRequest, linkResources, occurrencesIn, rawLink, want } from "./engine";
import { isCiphertextEnvelope } from "../../harness";

/** URLs the scenarios set (a query string with `&` checks that the body is sent verbatim). */
export const URLS = {
  threadSettings: "https://example.com/messenger/link-2016?src=thread_settings&v=1",
  first: "https://example.com/messenger/link?step=1&lang=en",
  second: "https://login.example.org/messenger/link?step=2",
  outOfBand: "https://dashboard-edit.example.net/changed-out-of-band",
} as const;

/** The Pages the shared scenarios use. */
export interface ScenarioPages {
  readonly one: PageSeed;
  readonly two: PageSeed;
}

/** thread_settings mode (the original 2016 call): preview, up, no-change up, refresh, destroy. */
export function threadSettingsScenario(label: string, program: () => string, pages: ScenarioPages): StepSuite {
  const { one } = pages;
  return new StepSuite({
    label: `${label}-ts`,
    pages: [pages.one, pages.two],
    test: () => ({
      program: program(),
      config: {
        "messenger:pageAccessToken": { value: one.token, secret: true },
        accountLinkingUrl: URLS.threadSettings,
        api: "thread_settings",
      },
    }),
    steps: (suite) => [
      {
        title: "preview of a new stack: 0 Graph calls, one resource to create",
        name: "preview (new stack)",
        op: "preview",
        before: () => expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined(),
        calls: 0,
        changes: { create: 2 }, // the stack and the link
        validate: async (_, s) => {
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
          expect(await s.outputs()).toEqual({});
        },
      },
      {
        title: "up: the seed's exact request (POST /v2.6/me/thread_settings), URL set on the Page",
        name: "up (create)",
        op: "up",
        changes: { create: 2 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(2);
          expectExactRequest(calls[0], want.me(one, "v2.6"));
          expectExactRequest(calls[1], {
            method: "POST",
            path: "/v2.6/me/thread_settings",
            rawQuery: `access_token=${one.token}`,
            body: `{"setting_type":"account_linking","account_linking_url":"${URLS.threadSettings}"}`,
            pageId: one.id,
          });
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.threadSettings);
          expect(await s.outputs()).toMatchObject({
            pageId: one.id,
            pageName: one.name,
            accountLinkingUrl: URLS.threadSettings,
            api: "thread_settings",
          });
          expect(rawLink(s)).toMatchObject({ id: one.id, outputs: { apiVersion: "v2.6", tokenSource: "config" } });
        },
      },
      {
        title: "up again with nothing changed: 0 Graph calls",
        name: "up (no change)",
        op: "up",
        calls: 0,
        changes: { same: 2 },
        validate: () => expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.threadSettings),
      },
      {
        title: "refresh: 0 Graph calls (thread_settings has no GET), state kept",
        name: "refresh (no GET in this API)",
        op: "refresh",
        calls: 0,
        changes: { same: 2 },
        validate: async (_, s) => expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.threadSettings }),
      },
      {
        title: "destroy: one DELETE /v2.6/me/thread_settings, URL removed from the Page",
        name: "destroy",
        op: "destroy",
        changes: { delete: 2 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], {
            method: "DELETE",
            path: "/v2.6/me/thread_settings",
            rawQuery: `access_token=${one.token}`,
            body: `{"setting_type":"account_linking"}`,
            pageId: one.id,
          });
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
          expect(await s.outputs()).toEqual({});
          expect(linkResources(s.rawResources())).toEqual([]);
        },
      },
    ],
  });
}

/** messenger_profile mode (the default): the full lifecycle, a token switch, drift, destroys. */
export function messengerProfileScenario(label: string, program: () => string, pages: ScenarioPages): StepSuite {
  const { one, two } = pages;
  let urn = "";
  return new StepSuite({
    label: `${label}-mp`,
    pages: [one, two],
    test: () => ({
      program: program(),
      config: { "messenger:pageAccessToken": { value: one.token, secret: true }, accountLinkingUrl: URLS.first },
    }),
    steps: (suite) => [
      {
        title: "preview of a new stack: 0 Graph calls",
        name: "preview (new stack)",
        op: "preview",
        before: () => {
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
          expect(suite.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
        },
        calls: 0,
        changes: { create: 2 },
        validate: () => expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined(),
      },
      {
        title: "up: GET /v25.0/me?fields=id,name then POST /v25.0/me/messenger_profile, URL set on the Page",
        name: "up (create)",
        op: "up",
        changes: { create: 2 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(2);
          expectExactRequest(calls[0], want.me(one));
          expectExactRequest(calls[1], want.profileSet(one, URLS.first));
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.first);
          expect(await s.outputs()).toMatchObject({
            pageId: one.id,
            pageName: one.name,
            accountLinkingUrl: URLS.first,
            api: "messenger_profile",
          });
          const link = rawLink(s);
          expect(link).toMatchObject({
            id: one.id,
            outputs: { apiVersion: "v25.0", tokenSource: "config", graphApiUrl: suite.emu.url },
          });
          urn = link.urn;
        },
      },
      {
        title: "token from stack config (secret): in no state file at all, in no file of the Pulumi home",
        name: "check: config token not stored",
        validate: (_, s) => {
          const { backend } = suite.harness;
          expect(backend.stateFiles().length).toBeGreaterThan(0);
          expect(occurrencesIn(backend.stateDir, one.token)).toEqual([]);
          expect(occurrencesIn(backend.pulumiHome, one.token)).toEqual([]);
          const link = rawLink(s);
          expect(link.inputs).not.toHaveProperty("pageAccessToken");
          expect(link.outputs).not.toHaveProperty("pageAccessToken");
          expect(link.outputs?.tokenFingerprint).toMatch(/^[0-9a-f]{16}$/);
          // The engine hands the whole stack config to the dynamic provider's default provider
          // resource: the config token is there, but only as ciphertext.
          for (const r of s.rawResources().filter((x) => x.type === "pulumi:providers:pulumi-nodejs")) {
            for (const props of [r.inputs, r.outputs]) {
              const v = props?.["messenger:pageAccessToken"];
              if (v !== undefined) expect(isCiphertextEnvelope(v)).toBe(true);
            }
          }
        },
      },
      {
        title: "up again with nothing changed: 0 Graph calls",
        name: "up (no change)",
        op: "up",
        calls: 0,
        changes: { same: 2 },
        validate: () => expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.first),
      },
      {
        title: "URL changed: exactly 1 POST, updated in place (no replacement)",
        name: "up (URL changed)",
        op: "up",
        config: { accountLinkingUrl: URLS.second },
        changes: { same: 1, update: 1 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], want.profileSet(one, URLS.second));
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.second);
          expect(await s.outputs()).toMatchObject({ pageId: one.id, accountLinkingUrl: URLS.second });
          expect(rawLink(s)).toMatchObject({ urn, id: one.id });
        },
      },
      {
        title: "URL changed out of band, then refresh: 1 GET, the drift shows in the outputs",
        name: "refresh (drift)",
        op: "refresh",
        before: () => suite.emu.setAccountLinkingUrl(one.id, URLS.outOfBand),
        changes: { same: 1, update: 1 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], want.profileGet(one));
          expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.outOfBand });
          expect(rawLink(s).outputs?.accountLinkingUrl).toBe(URLS.outOfBand);
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.outOfBand); // refresh only reads
        },
      },
      {
        title: "up after the drift repairs it: 1 POST",
        name: "up (repair drift)",
        op: "up",
        changes: { same: 1, update: 1 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], want.profileSet(one, URLS.second));
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.second);
          expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.second });
          expect(rawLink(s)).toMatchObject({ urn, id: one.id });
        },
      },
      {
        title:
          "token switched to another Page's token (pageAccessToken input): replaced, removed from the old Page, set on the new",
        name: "up (token of another Page)",
        op: "up",
        config: { tokenInput: { value: two.token, secret: true } },
        changes: { same: 1, replace: 1 },
        validate: async ({ calls }, s) => {
          expect(calls.every((c) => c.status === 200)).toBe(true);
          const gets = calls.filter((c) => c.method === "GET");
          const posts = calls.filter((c) => c.method === "POST");
          const deletes = calls.filter((c) => c.method === "DELETE");
          // diff: GET /me (whose token is it?); create: GET /me + POST; delete of the old: DELETE.
          expect(calls).toHaveLength(4);
          expect(gets).toHaveLength(2);
          for (const g of gets) expectExactRequest(g, want.me(two));
          expect(posts).toHaveLength(1);
          expectExactRequest(posts[0], want.profileSet(two, URLS.second));
          expect(deletes).toHaveLength(1);
          expectExactRequest(deletes[0], want.profileDelete(one));
          expect(calls.indexOf(posts[0])).toBeLessThan(calls.indexOf(deletes[0])); // create before delete
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
          expect(suite.emu.page(two.id)?.accountLinkingUrl).toBe(URLS.second);
          expect(await s.outputs()).toMatchObject({
            pageId: two.id,
            pageName: two.name,
            accountLinkingUrl: URLS.second,
          });
          expect(rawLink(s)).toMatchObject({ urn, id: two.id, outputs: { tokenSource: "input" } });
        },
      },
      {
        title: "token as an input: in state only as ciphertext (raw state files), and it decrypts to the token",
        name: "check: input token encrypted",
        validate: async (_, s) => {
          const { backend } = suite.harness;
          for (const token of [one.token, two.token]) {
            expect(occurrencesIn(backend.stateDir, token)).toEqual([]);
            expect(occurrencesIn(backend.pulumiHome, token)).toEqual([]);
          }
          const raw = rawLink(s);
          expect(isCiphertextEnvelope(raw.inputs?.pageAccessToken)).toBe(true);
          expect(isCiphertextEnvelope(raw.outputs?.pageAccessToken)).toBe(true);
          // exportStack decrypts: the same property holds Page Two's token, so the ciphertext is it.
          const exported = linkResources(await s.exportedResources());
          expect(exported).toHaveLength(1);
          const secret = exported[0].outputs?.pageAccessToken as { plaintext?: string } | undefined;
          expect(typeof secret?.plaintext).toBe("string");
          expect(JSON.parse(secret!.plaintext!)).toBe(two.token);
        },
      },
      {
        title: "destroy: one DELETE, URL removed from the Page",
        name: "destroy",
        op: "destroy",
        changes: { delete: 2 },
        validate: async ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], want.profileDelete(two));
          expect(suite.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
          expect(suite.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
          expect(await s.outputs()).toEqual({});
          expect(linkResources(s.rawResources())).toEqual([]);
        },
      },
      {
        title: "up again (the stack is re-created on Page Two)",
        name: "up (again)",
        op: "up",
        validate: ({ calls }) => {
          expect(callLines(calls)).toEqual([`GET /v25.0/me ${two.id}`, `POST /v25.0/me/messenger_profile ${two.id}`]);
          expect(suite.emu.page(two.id)?.accountLinkingUrl).toBe(URLS.second);
        },
      },
      {
        title: "destroy after the URL was removed out of band still succeeds",
        name: "destroy (URL already removed out of band)",
        op: "destroy",
        before: () => suite.emu.setAccountLinkingUrl(two.id, undefined),
        changes: { delete: 2 },
        validate: ({ calls }, s) => {
          expect(calls).toHaveLength(1);
          expectExactRequest(calls[0], want.profileDelete(two));
          expect(suite.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
          expect(linkResources(s.rawResources())).toEqual([]);
        },
      },
    ],
  });
}

/** Both shared scenarios of a set-up. */
export function sharedScenarios(label: string, program: () => string, pages: ScenarioPages): StepSuite[] {
  return [threadSettingsScenario(label, program, pages), messengerProfileScenario(label, program, pages)];
}

/** Registers the tests of the shared scenarios (inside the caller's describe). */
export function sharedScenarioTests([ts, mp]: readonly StepSuite[]): void {
  describe("thread_settings mode (the original 2016 call)", () => ts.tests());
  describe("messenger_profile mode (the default): full lifecycle", () => mp.tests());
}
