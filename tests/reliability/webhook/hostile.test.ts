/**
 * `MessengerWebhook` and `MessengerPageSubscription` against hostile callbacks and hostile Graph
 * answers, over real HTTP on loopback (category `hostile/webhook`):
 *
 * - callbacks that redirect, never answer, or echo the verify token during Graph's verification:
 *   Graph's code 2200 with what to do, the app unchanged, the redirect's target never reached;
 * - Graph errors that echo the verify token, the app secret, the app token or a Page token (raw,
 *   percent-encoded, base64, in every field of the error, or the request URL itself): never in clear
 *   in the thrown error, the state, or the emulator's request and outbound logs;
 * - answers that carry a secret in a value the state keeps (a callback URL): redacted in state;
 * - hostile answers to `GET /{app-id}/subscriptions`, `GET /{page-id}/subscribed_apps`, `GET /me`
 *   and the writes (wrong shapes, ids that are not digits, huge lists, deep nests, over 1 MiB): a
 *   typed protocol `GraphApiError`, no write sent, nothing changed.
 *
 * Every row scans everything it produced for every secret the suite registered (the verify token,
 * the apps' secrets, tokens and proofs, the Page's token and proof).
 */
import { startEmulator, type Emulator, type FaultKind } from "../../../emulator";
import { GraphApiError } from "../../../provider/graph/errors";
import type { GraphErrorKind } from "../../../provider/graph/retry-class";
import type { WebhookInputs, WebhookOutputs } from "../../../provider/webhook/types";
import type { PageSubscriptionInputs, PageSubscriptionOutputs } from "../../../provider/page-subscription/types";
import { startCallback, type CallbackServer } from "../../support/callback-server";
import { scenario, useReport, type ScenarioResult } from "../../support/report";
import { errorString, errorTexts, type ScanText } from "../../support/secret-scan";
import { scanRow } from "../../support/webhook-matrix";
import {
  echoesTokenInBody,
  echoesTokenInContentType,
  hostileAppAnswers,
  hostilePageAnswers,
  neverAnswers,
  redirectsTo,
  startHostileCallback,
  type CallbackBehaviour,
  type HostileAnswer,
} from "../../support/webhook-hostile";
import {
  APP,
  appPage,
  APPS,
  appView,
  canonical,
  pageSubscriptionLifecycle,
  pageView,
  VERIFY_TOKEN,
  webhookLifecycle,
  withoutSecretProperties,
} from "../../support/webhook-world";

useReport("hostile-webhook", "MessengerWebhook");
const CATEGORY = "hostile/webhook";
const APP_TOKEN = `${APP.id}|${APP.secret}`;
const VERIFY_TIMEOUT_MS = 300;
/** Retries of the suite: attempts outlast the emulator's verification deadline. */
const RETRY = { maxRetries: 1, backoffBaseMs: 5, backoffMaxMs: 20, attemptTimeoutMs: 2000, deadlineMs: 6000 };
const OTHERS = ["feed", "message_reads"];

const page = appPage(500);
let emu: Emulator;
let callback: CallbackServer;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, apps: APPS, pages: [page], verifyTimeoutMs: VERIFY_TIMEOUT_MS });
  callback = await startCallback(VERIFY_TOKEN);
});
afterAll(async () => {
  await callback?.close();
  await emu?.close();
});
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
  emu.deleteAppSubscription(APP.id, "page");
  emu.setAppSubscription(APP.id, { object: "page", callbackUrl: callback.url, fields: OTHERS });
  emu.setPageSubscription(page.id, APP.id, undefined);
});

const webhook = () => webhookLifecycle(emu, { source: "env", retry: RETRY });
const subscription = () => pageSubscriptionLifecycle(emu, { source: "env", retry: RETRY, page });
const world = () => ({ app: appView(emu, APP.id), page: pageView(emu, page.id) });

async function webhookInputs(raw: Record<string, unknown>): Promise<WebhookInputs> {
  const base = { callbackUrl: callback.url, verifyToken: VERIFY_TOKEN, fields: ["messages"] };
  const r = await webhook().check({} as WebhookInputs, { ...base, ...raw } as unknown as WebhookInputs);
  if ((r.failures ?? []).length > 0) throw new Error(`check refused: ${canonical(r.failures)}`);
  return r.inputs as WebhookInputs;
}

async function subscriptionInputs(): Promise<PageSubscriptionInputs> {
  const raw = { subscribedFields: ["messages", "messaging_postbacks"] };
  const r = await subscription().check({} as PageSubscriptionInputs, raw as unknown as PageSubscriptionInputs);
  if ((r.failures ?? []).length > 0) throw new Error(`check refused: ${canonical(r.failures)}`);
  return r.inputs as PageSubscriptionInputs;
}

/** What a hostile step did: its value or error, the world around it, the calls it made. */
interface Observed {
  readonly value: unknown;
  readonly error: unknown;
  readonly before: unknown;
  readonly after: unknown;
  readonly calls: string[];
}

/** Runs a step, with the world before and after it and the calls it made. */
async function observe(step: () => Promise<unknown>): Promise<Observed> {
  emu.clearRequests();
  const before = world();
  let value: unknown;
  let error: unknown;
  try {
    value = await step();
  } catch (e) {
    error = e;
  }
  const calls = emu.requests().map((r) => `${r.method} ${r.path}`);
  return { value, error, before, after: world(), calls };
}

/** Scans everything a row produced (throws naming the label and place of a leak). */
function scanAll(o: Observed, extra: ScanText[] = []) {
  const texts: ScanText[] = [
    ...errorTexts(o.error, "thrown error"),
    {
      where: "state (secret properties left out)",
      text: JSON.stringify(withoutSecretProperties(stateOf(o.value))) ?? "(none)",
    },
    { where: "emulator request log", text: JSON.stringify(emu.requests()) },
    { where: "emulator outbound log", text: JSON.stringify(emu.outbound()) },
    ...extra,
  ];
  return scanRow(texts, details(o));
}

/** The state a step returned (`outs` of create and update, `props` of read). */
function stateOf(value: unknown): unknown {
  const v = value as { outs?: unknown; props?: unknown } | undefined;
  return v?.outs ?? v?.props;
}

/** The error must be a GraphApiError of this kind (and code). */
function expectGraphError(o: Observed, kind: GraphErrorKind, code?: number): GraphApiError {
  if (!GraphApiError.isInstance(o.error)) throw new Error(`expected a GraphApiError, got ${errorString(o.error)}`);
  expect(o.error.kind).toBe(kind);
  if (code !== undefined) expect(o.error.code).toBe(code);
  return o.error;
}

/** A row's report details. */
function details(o: Observed, more: Record<string, unknown> = {}): Record<string, unknown> {
  const g = GraphApiError.isInstance(o.error) ? o.error : undefined;
  return {
    calls: o.calls,
    ...(g ? { error: { kind: g.kind, code: g.code, retryable: g.retryable, message: g.message.slice(0, 600) } } : {}),
    ...(o.error !== undefined && !g ? { error: errorString(o.error).slice(0, 600) } : {}),
    worldUnchanged: canonical(o.before) === canonical(o.after),
    ...more,
  };
}

const row = (name: string, body: () => Promise<ScenarioResult>) =>
  scenario(CATEGORY, name, body, 20_000, "MessengerWebhook");
const subscriptionRow = (name: string, body: () => Promise<ScenarioResult>) =>
  scenario(CATEGORY, name, body, 20_000, "MessengerPageSubscription");

describe("callbacks that misbehave during Graph's verification", () => {
  const cases: ReadonlyArray<[string, CallbackBehaviour | "redirect", RegExp]> = [
    [
      "redirects to a callback that would answer the challenge",
      "redirect",
      /HTTP Status Code = 302.*redirects are not followed/,
    ],
    ["never answers (the emulator's verification times out)", neverAnswers, /timed out after 300 milliseconds/],
    [
      "refuses with 403 and echoes the verify token in its Content-Type",
      echoesTokenInContentType,
      /HTTP Status Code = 403/,
    ],
    ["answers 200 with the verify token instead of the challenge", echoesTokenInBody, /is not the challenge/],
  ];
  for (const [name, behaviour, graphSays] of cases) {
    row(`a callback that ${name}: Graph error 2200 with what to do, the app unchanged`, async () => {
      // The redirect's target is an honest callback that would answer the challenge.
      const target = await startCallback(VERIFY_TOKEN, "/target");
      const hostile = await startHostileCallback(behaviour === "redirect" ? redirectsTo(target.url) : behaviour);
      try {
        const inputs = await webhookInputs({ callbackUrl: hostile.url, takeOverCallback: true });
        const t0 = Date.now();
        const o = await observe(() => webhook().create(inputs));
        const ms = Date.now() - t0;
        const scan = scanAll(o);
        const g = expectGraphError(o, "graph", 2200);
        expect(g.message).toMatch(graphSays);
        expect(g.message).toMatch(/Graph could not verify the callback: .*without a redirect.*run `pulumi up` again/);
        expect(o.calls.filter((c) => c.startsWith("POST"))).toHaveLength(1);
        expect(canonical(o.after)).toBe(canonical(o.before));
        expect(hostile.requests()).toBeGreaterThanOrEqual(1);
        expect(target.verified() + target.refused()).toBe(0); // the redirect was not followed
        expect(ms).toBeLessThan(RETRY.attemptTimeoutMs);
        return { details: details(o, { durationMs: ms }), scan };
      } finally {
        await hostile.close();
        await target.close();
      }
    });
  }

  row("an update that moves the callback to one that redirects: nothing moves, the old state stands", async () => {
    const created = await webhook().create(await webhookInputs({}));
    const hostile = await startHostileCallback(redirectsTo(callback.url));
    try {
      const news = await webhookInputs({ callbackUrl: hostile.url, takeOverCallback: true });
      const o = await observe(() => webhook().update(created.id, created.outs as WebhookOutputs, news));
      const scan = scanAll(o);
      expectGraphError(o, "graph", 2200);
      expect(canonical(o.after)).toBe(canonical(o.before));
      expect(o.after).toMatchObject({ app: { page: { callbackUrl: callback.url } } });
      return { details: details(o), scan };
    } finally {
      await hostile.close();
    }
  });
});

/** A Graph error whose message holds `text`. */
const echoing = (text: string, extra: Partial<Extract<FaultKind, { type: "graph" }>> = {}): FaultKind => ({
  type: "graph",
  code: 1,
  status: 400,
  message: `(#1) An unknown error occurred: ${text}`,
  ...extra,
});
const b64 = (s: string) => Buffer.from(s).toString("base64");

/**
 * The advice of Graph error 1 (transient: run again, quote the fbtrace_id), not the appsecret_proof
 * advice: the echoed request URL names the appsecret_proof parameter, which is no reason to tell
 * the person to set an app secret the call already used.
 */
function expectAdviceOfCode1(g: GraphApiError): void {
  expect(g.message).toMatch(/This is likely transient: run the command again later/);
  expect(g.message).not.toMatch(/requires appsecret_proof/);
}
const SUBS = `/${APP.id}/subscriptions`;

describe("Graph errors that echo secrets, to the webhook", () => {
  row(
    "a POST error echoing the verify token (raw, percent-encoded, base64): never shown, nothing changed",
    async () => {
      const text = `verify_token=${VERIFY_TOKEN} hub.verify_token=${encodeURIComponent(VERIFY_TOKEN)} b=${b64(VERIFY_TOKEN)}`;
      emu.injectFault({ match: { method: "POST", path: SUBS }, fault: echoing(text), times: 10 });
      const inputs = await webhookInputs({});
      const o = await observe(() => webhook().create(inputs));
      const scan = scanAll(o);
      expect(expectGraphError(o, "graph", 1).message).toContain("[REDACTED]");
      expect(canonical(o.after)).toBe(canonical(o.before));
      return { details: details(o), scan };
    },
  );

  row("a GET error echoing the app secret and the app token: never shown in a failed refresh", async () => {
    const created = await webhook().create(await webhookInputs({}));
    const text = `secret ${APP.secret} token ${APP_TOKEN} access_token=${encodeURIComponent(APP_TOKEN)}`;
    emu.injectFault({ match: { method: "GET", path: SUBS }, fault: echoing(text), times: 10 });
    const o = await observe(() => webhook().read(created.id, created.outs));
    const scan = scanAll(o);
    expectGraphError(o, "graph", 1);
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });

  row("a DELETE error echoing the request URL (app token and appsecret_proof): never shown, fields kept", async () => {
    const created = await webhook().create(await webhookInputs({}));
    emu.injectFault({ match: { method: "DELETE", path: SUBS }, fault: echoing("see", { echoUrl: true }), times: 10 });
    const o = await observe(() => webhook().delete(created.id, created.outs as WebhookOutputs));
    const scan = scanAll(o);
    expectAdviceOfCode1(expectGraphError(o, "graph", 1));
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });

  row("an error body with a secret in every field (type, fbtrace_id, user title and message)", async () => {
    const created = await webhook().create(await webhookInputs({}));
    const error = {
      message: `(#100) bad ${APP.secret}`,
      type: `OAuth${VERIFY_TOKEN}`,
      code: 100,
      error_subcode: 33,
      error_user_title: `Token ${APP_TOKEN}`,
      error_user_msg: `Verify ${encodeURIComponent(VERIFY_TOKEN)}`,
      fbtrace_id: `${VERIFY_TOKEN}`,
    };
    emu.injectFault({ match: { method: "POST", path: SUBS }, fault: { type: "status", status: 400, body: { error } } });
    const news = await webhookInputs({ fields: ["messages", "messaging_postbacks"] });
    const o = await observe(() => webhook().update(created.id, created.outs as WebhookOutputs, news));
    const scan = scanAll(o);
    expectGraphError(o, "graph", 100);
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });
});

describe("Graph errors that echo secrets, to the Page subscription", () => {
  subscriptionRow("a Page subscription POST error echoing the URL and the Page token: never shown", async () => {
    const fault = echoing(`page token ${page.token} app ${APP.secret}`, { echoUrl: true });
    emu.injectFault({ match: { method: "POST", path: `/${page.id}/subscribed_apps` }, fault, times: 10 });
    const inputs = await subscriptionInputs();
    const o = await observe(() => subscription().create(inputs));
    const scan = scanAll(o);
    expectAdviceOfCode1(expectGraphError(o, "graph", 1));
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });
});

describe("secrets in answers the state keeps", () => {
  row("a refresh whose callback URL carries the verify token and the app secret: redacted in state", async () => {
    const created = await webhook().create(await webhookInputs({}));
    const echoed = `${callback.url}?verify_token=${VERIFY_TOKEN}&key=${APP.secret}`;
    const entry = {
      object: "page",
      callback_url: echoed,
      active: true,
      fields: [{ name: "messages" }, { name: "feed" }],
    };
    emu.injectFault({
      match: { method: "GET", path: SUBS },
      fault: { type: "status", status: 200, body: { data: [entry] } },
    });
    const o = await observe(() => webhook().read(created.id, created.outs));
    const scan = scanAll(o);
    expect(o.error).toBeUndefined();
    const props = stateOf(o.value) as WebhookOutputs;
    expect(props.callbackUrl).toContain("[REDACTED]");
    expect(props.fields).toEqual(["messages"]);
    return { details: details(o, { callbackUrl: props.callbackUrl }), scan };
  });

  row("a conflict with a callback whose path carries the app token: the message never shows it, no POST", async () => {
    const other = `https://other.example.com/${encodeURIComponent(APP_TOKEN)}/${APP.secret}/hook`;
    const entry = { object: "page", callback_url: other, active: true, fields: [{ name: "feed" }] };
    emu.injectFault({
      match: { method: "GET", path: SUBS },
      fault: { type: "status", status: 200, body: { data: [entry] } },
    });
    const o = await observe(async () => webhook().create(await webhookInputs({})));
    const scan = scanAll(o);
    expect((o.error as Error | undefined)?.name).toBe("CallbackConflictError");
    expect(o.calls).toEqual([`GET /v25.0${SUBS}`]);
    return { details: details(o), scan };
  });
});

/** Checks a step that met a hostile answer: a protocol error, not retried, no write, nothing changed. */
function expectRefusedAnswer(o: Observed, answer: HostileAnswer, call: string): void {
  const g = expectGraphError(o, "protocol");
  expect(g.retryable).toBe(false);
  expect(g.message).toContain(call);
  expect(g.message).toMatch(answer.says);
  expect(g.message).toMatch(
    /Check that graphApiUrl points at the Graph API \(or the emulator\), not at another server\./,
  );
  expect(o.calls).toEqual([call]);
  expect(canonical(o.after)).toBe(canonical(o.before));
}

describe("hostile answers to GET /{app-id}/subscriptions: a protocol error, no POST, the app unchanged", () => {
  for (const answer of hostileAppAnswers("https://bot.example.com/webhook")) {
    row(`webhook create, the app's subscriptions answer ${answer.name}`, async () => {
      emu.injectFault({
        match: { method: "GET", path: SUBS },
        fault: { type: "status", status: 200, body: answer.body },
        times: 10,
      });
      const inputs = await webhookInputs({});
      const o = await observe(() => webhook().create(inputs));
      const scan = scanAll(o);
      expectRefusedAnswer(o, answer, `GET /v25.0${SUBS}`);
      return { details: details(o), scan };
    });
  }
});

describe("hostile answers to GET /{page-id}/subscribed_apps and GET /me: a protocol error, nothing changed", () => {
  for (const answer of hostilePageAnswers(APP.id)) {
    subscriptionRow(`page subscription read, the Page's apps answer ${answer.name}`, async () => {
      const created = await subscription().create(await subscriptionInputs());
      const fault: FaultKind = { type: "status", status: 200, body: answer.body };
      emu.injectFault({ match: { method: "GET", path: `/${page.id}/subscribed_apps` }, fault, times: 10 });
      const o = await observe(() => subscription().read(created.id, created.outs));
      const scan = scanAll(o);
      expectRefusedAnswer(o, answer, `GET /v25.0/${page.id}/subscribed_apps`);
      return { details: details(o), scan };
    });
  }

  subscriptionRow("page subscription create, GET /me answers a Page id that is not digits: no POST", async () => {
    const body = { id: `../${page.id}`, name: "Not A Page" };
    emu.injectFault({ match: { method: "GET", path: "/me" }, fault: { type: "status", status: 200, body }, times: 10 });
    const inputs = await subscriptionInputs();
    const o = await observe(() => subscription().create(inputs));
    const scan = scanAll(o);
    expectGraphError(o, "protocol");
    expect(o.calls).toEqual(["GET /v25.0/me"]);
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });
});

describe("hostile answers to the writes: a protocol error, never taken for success", () => {
  row('webhook create, the POST answered {"success": "true"} (a string): refused, the app unchanged', async () => {
    const fault: FaultKind = { type: "status", status: 200, body: { success: "true" } };
    emu.injectFault({ match: { method: "POST", path: SUBS }, fault, times: 10 });
    const inputs = await webhookInputs({});
    const o = await observe(() => webhook().create(inputs));
    const scan = scanAll(o);
    expect(expectGraphError(o, "protocol").message).toMatch(/expected \{"success": true\}/);
    expect(canonical(o.after)).toBe(canonical(o.before));
    return { details: details(o), scan };
  });

  subscriptionRow(
    'page subscription delete, the DELETE answered {"success": false}: refused, still subscribed',
    async () => {
      const created = await subscription().create(await subscriptionInputs());
      const fault: FaultKind = { type: "status", status: 200, body: { success: false } };
      emu.injectFault({ match: { method: "DELETE", path: `/${page.id}/subscribed_apps` }, fault, times: 10 });
      const o = await observe(() => subscription().delete(created.id, created.outs as PageSubscriptionOutputs));
      const scan = scanAll(o);
      expect(expectGraphError(o, "protocol").message).toMatch(/expected \{"success": true\}/);
      expect(o.after).toMatchObject({ page: { [APP.id]: ["messages", "messaging_postbacks"] } });
      return { details: details(o), scan };
    },
  );
});
