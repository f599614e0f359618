/**
 * The lifecycle scenarios both set-ups run (the consumer project and the repository's root
 * program): each step on the real engine, checked against the stack outputs, the emulator's Page
 * state and the emulator's request log.
 */
import {
  E2EStack,
  countOccurrences,
  expectExactRequest,
  isCiphertextEnvelope,
  linkResources,
  occurrencesIn,
  want,
  type ScenarioPages,
  type SetupContext,
} from "./support";

/** URLs the scenarios set (a query string with `&` checks that the body is sent verbatim). */
export const URLS = {
  threadSettings: "https://example.com/messenger/link-2016?src=thread_settings&v=1",
  first: "https://example.com/messenger/link?step=1&lang=en",
  second: "https://login.example.org/messenger/link?step=2",
  outOfBand: "https://dashboard-edit.example.net/changed-out-of-band",
} as const;

/** Registers the scenarios shared by both set-ups (inside the caller's describe). */
export function sharedScenarios(getCtx: () => SetupContext, pages: ScenarioPages): void {
  const { one, two } = pages;
  const stackName = (kind: string) => `e2e-${getCtx().label}-${kind}-${process.pid}`;

  describe("thread_settings mode (the original 2016 call)", () => {
    let s: E2EStack;

    beforeAll(async () => {
      const ctx = getCtx();
      ctx.emu.resetRateLimits();
      expect(ctx.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      s = await E2EStack.create(ctx, stackName("ts"), {
        "messenger:pageAccessToken": { value: one.token, secret: true },
        accountLinkingUrl: URLS.threadSettings,
        api: "thread_settings",
      });
    });

    test("preview of a new stack: 0 Graph calls, one resource to create", async () => {
      const { result, calls } = await s.preview("preview (new stack)");
      expect(calls).toEqual([]);
      expect(result.changeSummary).toEqual({ create: 2 }); // the stack and the link
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      expect(await s.outputs()).toEqual({});
    });

    test("up: the seed's exact request (POST /v2.6/me/thread_settings), URL set on the Page", async () => {
      const { result, calls } = await s.up("up (create)");
      expect(calls).toHaveLength(2);
      expectExactRequest(calls[0], want.me(one, "v2.6"));
      expectExactRequest(calls[1], {
        method: "POST",
        path: "/v2.6/me/thread_settings",
        rawQuery: `access_token=${one.token}`,
        body: `{"setting_type":"account_linking","account_linking_url":"${URLS.threadSettings}"}`,
        pageId: one.id,
      });
      expect(result.summary.resourceChanges).toEqual({ create: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.threadSettings);
      expect(await s.outputs()).toMatchObject({
        pageId: one.id,
        pageName: one.name,
        accountLinkingUrl: URLS.threadSettings,
        api: "thread_settings",
      });
      expect(s.rawLink()).toMatchObject({ id: one.id, outputs: { apiVersion: "v2.6", tokenSource: "config" } });
    });

    test("up again with nothing changed: 0 Graph calls", async () => {
      const { result, calls } = await s.up("up (no change)");
      expect(calls).toEqual([]);
      expect(result.summary.resourceChanges).toEqual({ same: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.threadSettings);
    });

    test("refresh: 0 Graph calls (thread_settings has no GET), state kept", async () => {
      const { result, calls } = await s.refresh("refresh (no GET in this API)");
      expect(calls).toEqual([]);
      expect(result.summary.resourceChanges).toEqual({ same: 2 });
      expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.threadSettings });
    });

    test("destroy: one DELETE /v2.6/me/thread_settings, URL removed from the Page", async () => {
      const { result, calls } = await s.destroy("destroy");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], {
        method: "DELETE",
        path: "/v2.6/me/thread_settings",
        rawQuery: `access_token=${one.token}`,
        body: `{"setting_type":"account_linking"}`,
        pageId: one.id,
      });
      expect(result.summary.resourceChanges).toEqual({ delete: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      expect(await s.outputs()).toEqual({});
      expect(linkResources(s.rawResources())).toEqual([]);
    });
  });

  describe("messenger_profile mode (the default): full lifecycle", () => {
    let s: E2EStack;
    let urn: string;

    beforeAll(async () => {
      const ctx = getCtx();
      ctx.emu.resetRateLimits();
      expect(ctx.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      expect(ctx.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
      s = await E2EStack.create(ctx, stackName("mp"), {
        "messenger:pageAccessToken": { value: one.token, secret: true },
        accountLinkingUrl: URLS.first,
      });
    });

    test("preview of a new stack: 0 Graph calls", async () => {
      const { result, calls } = await s.preview("preview (new stack)");
      expect(calls).toEqual([]);
      expect(result.changeSummary).toEqual({ create: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
    });

    test("up: GET /v25.0/me?fields=id,name then POST /v25.0/me/messenger_profile, URL set on the Page", async () => {
      const { result, calls } = await s.up("up (create)");
      expect(calls).toHaveLength(2);
      expectExactRequest(calls[0], want.me(one));
      expectExactRequest(calls[1], want.profileSet(one, URLS.first));
      expect(result.summary.resourceChanges).toEqual({ create: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.first);
      expect(await s.outputs()).toMatchObject({
        pageId: one.id,
        pageName: one.name,
        accountLinkingUrl: URLS.first,
        api: "messenger_profile",
      });
      const link = s.rawLink();
      expect(link).toMatchObject({
        id: one.id,
        outputs: { apiVersion: "v25.0", tokenSource: "config", graphApiUrl: getCtx().emu.url },
      });
      urn = link.urn;
    });

    test("token from stack config (secret): in no state file at all, in no file of the Pulumi home", async () => {
      const ctx = getCtx();
      expect(ctx.backend.stateFiles().length).toBeGreaterThan(0);
      expect(occurrencesIn(ctx.backend.stateDir, one.token)).toEqual([]);
      expect(occurrencesIn(ctx.backend.pulumiHome, one.token)).toEqual([]);
      const link = s.rawLink();
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
    });

    test("up again with nothing changed: 0 Graph calls", async () => {
      const { result, calls } = await s.up("up (no change)");
      expect(calls).toEqual([]);
      expect(result.summary.resourceChanges).toEqual({ same: 2 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.first);
    });

    test("URL changed: exactly 1 POST, updated in place (no replacement)", async () => {
      await s.setConfig({ accountLinkingUrl: URLS.second });
      const { result, calls } = await s.up("up (URL changed)");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], want.profileSet(one, URLS.second));
      expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.second);
      expect(await s.outputs()).toMatchObject({ pageId: one.id, accountLinkingUrl: URLS.second });
      expect(s.rawLink()).toMatchObject({ urn, id: one.id });
    });

    test("URL changed out of band, then refresh: 1 GET, the drift shows in the outputs", async () => {
      const ctx = getCtx();
      ctx.emu.setAccountLinkingUrl(one.id, URLS.outOfBand);
      const { result, calls } = await s.refresh("refresh (drift)");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], want.profileGet(one));
      expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.outOfBand });
      expect(s.rawLink().outputs?.accountLinkingUrl).toBe(URLS.outOfBand);
      expect(ctx.emu.page(one.id)?.accountLinkingUrl).toBe(URLS.outOfBand); // refresh only reads
    });

    test("up after the drift repairs it: 1 POST", async () => {
      const { result, calls } = await s.up("up (repair drift)");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], want.profileSet(one, URLS.second));
      expect(result.summary.resourceChanges).toEqual({ same: 1, update: 1 });
      expect(getCtx().emu.page(one.id)?.accountLinkingUrl).toBe(URLS.second);
      expect(await s.outputs()).toMatchObject({ accountLinkingUrl: URLS.second });
      expect(s.rawLink()).toMatchObject({ urn, id: one.id });
    });

    test("token switched to another Page's token (pageAccessToken input): replaced, removed from the old Page, set on the new", async () => {
      const ctx = getCtx();
      await s.setConfig({ tokenInput: { value: two.token, secret: true } });
      const { result, calls } = await s.up("up (token of another Page)");
      expect(result.summary.resourceChanges).toEqual({ same: 1, replace: 1 });
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
      expect(ctx.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      expect(ctx.emu.page(two.id)?.accountLinkingUrl).toBe(URLS.second);
      expect(await s.outputs()).toMatchObject({ pageId: two.id, pageName: two.name, accountLinkingUrl: URLS.second });
      expect(s.rawLink()).toMatchObject({ urn, id: two.id, outputs: { tokenSource: "input" } });
    });

    test("token as an input: in state only as ciphertext (raw state files), and it decrypts to the token", async () => {
      const ctx = getCtx();
      for (const token of [one.token, two.token]) {
        expect(occurrencesIn(ctx.backend.stateDir, token)).toEqual([]);
        expect(occurrencesIn(ctx.backend.pulumiHome, token)).toEqual([]);
      }
      const raw = s.rawLink();
      expect(isCiphertextEnvelope(raw.inputs?.pageAccessToken)).toBe(true);
      expect(isCiphertextEnvelope(raw.outputs?.pageAccessToken)).toBe(true);
      // exportStack decrypts: the same property holds Page Two's token, so the ciphertext is it.
      const exported = linkResources(await s.exportedResources());
      expect(exported).toHaveLength(1);
      const secret = exported[0].outputs?.pageAccessToken as { plaintext?: string } | undefined;
      expect(typeof secret?.plaintext).toBe("string");
      expect(JSON.parse(secret!.plaintext!)).toBe(two.token);
    });

    test("destroy: one DELETE, URL removed from the Page", async () => {
      const ctx = getCtx();
      const { result, calls } = await s.destroy("destroy");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], want.profileDelete(two));
      expect(result.summary.resourceChanges).toEqual({ delete: 2 });
      expect(ctx.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
      expect(ctx.emu.page(one.id)?.accountLinkingUrl).toBeUndefined();
      expect(await s.outputs()).toEqual({});
      expect(linkResources(s.rawResources())).toEqual([]);
    });

    test("destroy after the URL was removed out of band still succeeds", async () => {
      const ctx = getCtx();
      const up = await s.up("up (again)");
      expect(up.calls.map((c) => `${c.method} ${c.path} ${c.pageId}`)).toEqual([
        `GET /v25.0/me ${two.id}`,
        `POST /v25.0/me/messenger_profile ${two.id}`,
      ]);
      expect(ctx.emu.page(two.id)?.accountLinkingUrl).toBe(URLS.second);
      ctx.emu.setAccountLinkingUrl(two.id, undefined);
      const { result, calls } = await s.destroy("destroy (URL already removed out of band)");
      expect(calls).toHaveLength(1);
      expectExactRequest(calls[0], want.profileDelete(two));
      expect(result.summary.resourceChanges).toEqual({ delete: 2 });
      expect(ctx.emu.page(two.id)?.accountLinkingUrl).toBeUndefined();
      expect(linkResources(s.rawResources())).toEqual([]);
    });
  });
}

/** Registers the scan of every command's output for every Page token (run it last). */
export function cliOutputScan(getCtx: () => SetupContext, minCommands: number): void {
  test("no Page token in the output of any preview, up, refresh or destroy", () => {
    const ctx = getCtx();
    // The scan must have seen real output: every command, with the resource and the provider's
    // own per-call log lines (MESSENGER_DEBUG) in it.
    expect(ctx.cliOutputs.length).toBeGreaterThanOrEqual(minCommands);
    const all = ctx.cliOutputs.map((o) => o.text).join("\n");
    expect(all).toContain("messenger:MessengerAccountLinking");
    expect(all).toContain("[messenger] POST /v25.0/me/messenger_profile attempt 1: HTTP 200");
    const leaks = ctx.tokens.flatMap((token) =>
      ctx.cliOutputs
        .filter((o) => o.text.includes(token))
        .map((o) => `${o.stack} ${o.step}: ${countOccurrences(o.text, token)}× a Page token`),
    );
    expect(leaks).toEqual([]);
  });
}
