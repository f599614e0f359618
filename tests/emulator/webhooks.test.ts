// The emulator's apps and webhooks: app subscriptions (GET/POST/DELETE), callback verification
// against a real loopback receiver, merge and replace, Page subscribed_apps, event delivery with
// signatures, the control API, and a log that never shows the verify token, app secret or app token.
import * as crypto from "crypto";
import * as net from "net";
import fetch from "node-fetch";
import {
  appAccessToken,
  DEFAULT_APPS,
  EmulatorInputError,
  startEmulator,
  WEBHOOK_FIELDS,
  type AppSeed,
  type Emulator,
} from "../../emulator";
import { parseCliArgs, UsageError } from "../../emulator/cli-args";
import { appSecretProof } from "../../emulator/pages";
import { PAGE_1, PAGE_2, TOKEN_1, TOKEN_2, rejection } from "../support/emulator";
import { startWebhookReceiver, type WebhookReceiver } from "../support/webhook-receiver";

const APP = DEFAULT_APPS[0];
const APP_TOKEN = appAccessToken(APP);
const OTHER: AppSeed = { id: "3000000000000002", name: "Other App", secret: "otherappsecret0000000000000000002" };
const OTHER_TOKEN = appAccessToken(OTHER);
const OTHER_PAGE = {
  id: "1000000000000003",
  name: "Other App's Page",
  token: "EMULATOR-PAGE-TOKEN-3-not-a-real-token",
};
const VERIFY = "fake-verify-token-0123456789";
const SUBS = `/v25.0/${APP.id}/subscriptions`;

let emu: Emulator;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  emu = await startEmulator({
    port: 0,
    apps: [APP, OTHER],
    pages: [
      { id: PAGE_1, name: "Demo Page One", token: TOKEN_1 },
      { id: PAGE_2, name: "Demo Page Two", token: TOKEN_2 },
      { ...OTHER_PAGE, appId: OTHER.id },
    ],
  });
});
afterAll(async () => {
  await emu.close();
  await receiver.close();
});
beforeEach(() => {
  receiver.reset();
  emu.clearRequests();
  emu.clearFaults();
  emu.setSubscriptionPost("merge");
  for (const app of [APP, OTHER]) for (const object of ["page", "instagram"]) emu.deleteAppSubscription(app.id, object);
  for (const page of [PAGE_1, PAGE_2, OTHER_PAGE.id])
    for (const app of [APP, OTHER]) emu.setPageSubscription(page, app.id, undefined);
});

type Answer = { status: number; json: Record<string, unknown> & { error?: Record<string, unknown> } };

/** A Graph call with the token in the query and the parameters as a JSON body (or a form). */
async function graph(
  method: string,
  path: string,
  token: string | undefined,
  params?: Record<string, unknown>,
  opts: { form?: boolean; base?: string; query?: string } = {},
): Promise<Answer> {
  const q = [token === undefined ? "" : `access_token=${encodeURIComponent(token)}`, opts.query ?? ""].filter(Boolean);
  const body =
    params === undefined
      ? undefined
      : opts.form
        ? new URLSearchParams(params as Record<string, string>).toString()
        : JSON.stringify(params);
  const res = await fetch(`${opts.base ?? emu.url}${path}${q.length ? `?${q.join("&")}` : ""}`, {
    method,
    headers:
      body === undefined
        ? {}
        : { "content-type": opts.form ? "application/x-www-form-urlencoded" : "application/json" },
    body,
  });
  return { status: res.status, json: (await res.json()) as Answer["json"] };
}

function subscribeParams(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    object: "page",
    callback_url: `${receiver.url}/webhook`,
    verify_token: VERIFY,
    fields: ["messages"],
    ...extra,
  };
}

function expectGraphError(a: Answer, code: number, message: string | RegExp): void {
  expect(a.status).toBe(400);
  expect(a.json.error?.code).toBe(code);
  if (typeof message === "string") expect(a.json.error?.message).toBe(message);
  else expect(a.json.error?.message).toMatch(message);
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("app subscriptions: GET, POST, DELETE", () => {
  it("answers GET with no subscription as an empty list", async () => {
    const a = await graph("GET", SUBS, APP_TOKEN);
    expect(a).toEqual({ status: 200, json: { data: [] } });
  });

  it("verifies the callback, then answers success; GET shows the subscription in Graph's shape, never the verify token", async () => {
    const post = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages", "messaging_postbacks"] }));
    expect(post).toEqual({ status: 200, json: { success: true } });
    const [verification] = receiver.received();
    expect(verification.method).toBe("GET");
    expect(verification.path).toBe("/webhook");
    expect(verification.query.get("hub.mode")).toBe("subscribe");
    expect(verification.query.get("hub.verify_token")).toBe(VERIFY);
    expect(verification.query.get("hub.challenge")).toMatch(/^[1-9][0-9]{8,9}$/);
    const get = await graph("GET", SUBS, APP_TOKEN);
    expect(get.json).toEqual({
      data: [
        {
          object: "page",
          callback_url: `${receiver.url}/webhook`,
          active: true,
          fields: [
            { name: "messages", version: "v25.0" },
            { name: "messaging_postbacks", version: "v25.0" },
          ],
        },
      ],
    });
    expect(JSON.stringify(get.json)).not.toContain(VERIFY);
    const older = await graph("GET", `/v24.0/${APP.id}/subscriptions`, APP_TOKEN);
    expect((older.json.data as Array<{ fields: Array<{ version: string }> }>)[0].fields[0].version).toBe("v24.0");
  });

  it("reads a form body with a comma list and include_values, and appends hub parameters to the callback's query", async () => {
    const params = { ...subscribeParams(), callback_url: `${receiver.url}/hook?stack=dev`, fields: "messages, feed" };
    const post = await graph("POST", SUBS, APP_TOKEN, { ...params, include_values: "true" }, { form: true });
    expect(post.json).toEqual({ success: true });
    const [verification] = receiver.received();
    expect(verification.query.get("stack")).toBe("dev");
    expect([...verification.query.keys()]).toEqual(["stack", "hub.mode", "hub.challenge", "hub.verify_token"]);
    expect(emu.app(APP.id)?.subscriptions).toEqual([
      {
        object: "page",
        callbackUrl: `${receiver.url}/hook?stack=dev`,
        active: true,
        fields: ["messages", "feed"],
        includeValues: true,
      },
    ]);
  });

  it("keeps one entry per object, objects in the order first subscribed", async () => {
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ object: "instagram", fields: "messages,comments" }));
    await graph("POST", SUBS, APP_TOKEN, subscribeParams());
    const get = await graph("GET", SUBS, APP_TOKEN);
    const data = get.json.data as Array<{ object: string; fields: Array<{ name: string }> }>;
    expect(data.map((d) => d.object)).toEqual(["instagram", "page"]);
    expect(data[0].fields.map((f) => f.name)).toEqual(["messages", "comments"]);
  });

  it.each([
    ["object", "(#100) The parameter object is required"],
    ["callback_url", "(#100) The parameter callback_url is required"],
    ["verify_token", "(#100) The parameter verify_token is required"],
    ["fields", "(#100) The parameter fields is required"],
  ])("refuses a POST without %s (code 100) and sends nothing", async (name, message) => {
    const params = subscribeParams();
    delete params[name];
    expectGraphError(await graph("POST", SUBS, APP_TOKEN, params), 100, message);
    expect(receiver.received()).toHaveLength(0);
    expect(emu.app(APP.id)?.subscriptions).toEqual([]);
  });

  it("refuses an unknown field for the object, naming it, an unknown object, a bad URL and a bad include_values", async () => {
    const unknown = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages", "mesages"] }));
    expectGraphError(unknown, 100, /^\(#100\) Param fields\[1\] must be one of \{messages, .*\} - got "mesages"$/);
    // `comments` is an Instagram field, not a Page one
    const wrongObject = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: "comments" }));
    expectGraphError(wrongObject, 100, /Param fields\[0\] must be one of .* - got "comments"/);
    expectGraphError(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams({ object: "whatsapp" })),
      100,
      /^\(#100\) Param object must be one of \{page, instagram\}/,
    );
    expectGraphError(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams({ callback_url: "ftp://127.0.0.1/x" })),
      100,
      "(#100) Param callback_url must be a valid http or https URL",
    );
    expectGraphError(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams({ include_values: "yes" })),
      100,
      "(#100) Param include_values must be a boolean",
    );
    expect(receiver.received()).toHaveLength(0);
  });

  it("merges fields by default: a second POST adds to the first, order of first subscription kept", async () => {
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages", "feed"] }));
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messaging_postbacks", "messages"] }));
    expect(emu.app(APP.id)?.subscriptions[0].fields).toEqual(["messages", "feed", "messaging_postbacks"]);
  });

  it("replaces fields once switched to replace", async () => {
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages", "feed"] }));
    emu.setSubscriptionPost("replace");
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messaging_postbacks"] }));
    expect(emu.app(APP.id)?.subscriptions[0].fields).toEqual(["messaging_postbacks"]);
  });

  it("replaces from the start with the subscriptionPost option", async () => {
    const replacing = await startEmulator({ port: 0, subscriptionPost: "replace" });
    try {
      await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages"] }), { base: replacing.url });
      await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["feed"] }), { base: replacing.url });
      expect(replacing.app(APP.id)?.subscriptions[0].fields).toEqual(["feed"]);
    } finally {
      await replacing.close();
    }
  });

  it("DELETE with fields removes only those (absent ones ignored); the object goes with its last field", async () => {
    emu.setAppSubscription(APP.id, {
      object: "page",
      callbackUrl: `${receiver.url}/webhook`,
      fields: ["messages", "messaging_postbacks", "feed"],
    });
    const del = await graph("DELETE", SUBS, APP_TOKEN, { object: "page", fields: ["feed", "message_reads"] });
    expect(del).toEqual({ status: 200, json: { success: true } });
    expect(emu.app(APP.id)?.subscriptions[0].fields).toEqual(["messages", "messaging_postbacks"]);
    await graph("DELETE", SUBS, APP_TOKEN, { object: "page", fields: "messages,messaging_postbacks" });
    expect(emu.app(APP.id)?.subscriptions).toEqual([]);
  });

  it("DELETE without fields removes the object's whole subscription, and only that object's", async () => {
    const callbackUrl = `${receiver.url}/webhook`;
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl, fields: ["messages"] });
    emu.setAppSubscription(APP.id, { object: "instagram", callbackUrl, fields: ["messages"] });
    expect(await graph("DELETE", SUBS, APP_TOKEN, { object: "page" })).toEqual({
      status: 200,
      json: { success: true },
    });
    expect(emu.app(APP.id)?.subscriptions.map((s) => s.object)).toEqual(["instagram"]);
  });

  it("answers a Page token with code 15, and another app's token as an unsupported request", async () => {
    expectGraphError(
      await graph("GET", SUBS, TOKEN_1),
      15,
      "(#15) This method must be called with an app access_token.",
    );
    expectGraphError(
      await graph("POST", SUBS, OTHER_TOKEN, subscribeParams()),
      100,
      new RegExp(`^\\(#100\\) Unsupported post request. Object with ID '${APP.id}' does not exist`),
    );
    expect(receiver.received()).toHaveLength(0);
    expect(emu.app(APP.id)?.subscriptions).toEqual([]);
  });

  it("checks appsecret_proof on app-token calls when present: a wrong one is refused, a right one or none accepted", async () => {
    const wrong = appSecretProof(OTHER.secret, APP_TOKEN);
    expectGraphError(
      await graph("GET", SUBS, APP_TOKEN, undefined, { query: `appsecret_proof=${wrong}` }),
      100,
      "Invalid appsecret_proof provided in the API argument",
    );
    const right = appSecretProof(APP.secret, APP_TOKEN);
    expect((await graph("GET", SUBS, APP_TOKEN, undefined, { query: `appsecret_proof=${right}` })).status).toBe(200);
    expect((await graph("GET", SUBS, APP_TOKEN)).status).toBe(200);
    expect(emu.requests().map((r) => [r.appId, r.appSecretProof, r.status])).toEqual([
      [APP.id, "invalid", 400],
      [APP.id, "valid", 200],
      [APP.id, undefined, 200],
    ]);
  });

  it("refuses an unknown app token as an invalid token (190)", async () => {
    expectGraphError(await graph("GET", SUBS, `${APP.id}|notthesecret000000`), 190, /Invalid OAuth access token/);
  });

  it("does not count against the Messenger Profile rate limit", async () => {
    const before = emu.rateLimit();
    emu.setRateLimit({ calls: 1 });
    try {
      await graph("GET", SUBS, APP_TOKEN);
      await graph("POST", SUBS, APP_TOKEN, subscribeParams());
      await graph("POST", "/v25.0/me/subscribed_apps", TOKEN_1, { subscribed_fields: "messages" });
      await graph("GET", "/v25.0/me/subscribed_apps", TOKEN_1);
      const profile = await graph("GET", "/v25.0/me/messenger_profile", TOKEN_1, undefined, {
        query: "fields=greeting",
      });
      expect(profile.status).toBe(200);
      const second = await graph("GET", "/v25.0/me/messenger_profile", TOKEN_1, undefined, {
        query: "fields=greeting",
      });
      expect(second.json.error?.code).toBe(613);
    } finally {
      emu.setRateLimit(before);
      emu.resetRateLimits();
    }
  });

  it("lets a fault target POST /{app-id}/subscriptions: no verification is sent and nothing changes", async () => {
    emu.injectFault({ match: { method: "POST", path: `${APP.id}/subscriptions` }, fault: { type: "graph", code: 2 } });
    expectGraphError(await graph("POST", SUBS, APP_TOKEN, subscribeParams()), 2, /Injected error/);
    expect(receiver.received()).toHaveLength(0);
    expect(emu.app(APP.id)?.subscriptions).toEqual([]);
    expect(emu.requests()[0]).toMatchObject({ method: "POST", fault: "graph", appId: APP.id });
    expect((await graph("POST", SUBS, APP_TOKEN, subscribeParams())).json).toEqual({ success: true });
  });
});

describe("callback verification", () => {
  const FAILED = "(#2200) Callback verification failed with the following errors: ";

  function expectVerificationFailure(a: Answer, reason: string | RegExp): void {
    expect(a.status).toBe(400);
    expect(a.json.error).toMatchObject({ code: 2200, type: "OAuthException" });
    const message = String(a.json.error?.message);
    expect(message.startsWith(FAILED)).toBe(true);
    if (typeof reason === "string") expect(message.slice(FAILED.length)).toBe(reason);
    else expect(message.slice(FAILED.length)).toMatch(reason);
    for (const secret of [VERIFY, APP.secret, APP_TOKEN]) expect(JSON.stringify(a.json)).not.toContain(secret);
    expect(emu.app(APP.id)?.subscriptions).toEqual([]);
  }

  it("accepts the challenge with surrounding whitespace", async () => {
    receiver.respond((req, res) => res.end(`\n ${req.query.get("hub.challenge")}\r\n`));
    expect((await graph("POST", SUBS, APP_TOKEN, subscribeParams())).json).toEqual({ success: true });
  });

  it("fails on a wrong challenge", async () => {
    receiver.respond((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("123456789");
    });
    expectVerificationFailure(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams()),
      "HTTP Status Code = 200; HTTP Content-Type = text/plain; the body of the answer is not the challenge (hub.challenge)",
    );
  });

  it("fails on a 403", async () => {
    receiver.respond((_req, res) => {
      res.writeHead(403, { "content-type": "text/plain" });
      res.end("Forbidden");
    });
    expectVerificationFailure(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams()),
      "HTTP Status Code = 403; HTTP Content-Type = text/plain",
    );
  });

  it("does not follow a redirect, even to a URL that would answer the challenge", async () => {
    receiver.respond((req, res) => {
      if (req.path === "/moved") {
        res.writeHead(302, {
          location: `${receiver.url}/webhook?${req.query.toString()}`,
          "content-type": "text/html",
        });
        return void res.end();
      }
      res.end(req.query.get("hub.challenge") ?? "");
    });
    const a = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ callback_url: `${receiver.url}/moved` }));
    expectVerificationFailure(a, "HTTP Status Code = 302; HTTP Content-Type = text/html; redirects are not followed");
    expect(receiver.received().map((r) => r.path)).toEqual(["/moved"]);
  });

  it("fails when the callback does not answer within verifyTimeoutMs", async () => {
    const quick = await startEmulator({ port: 0, verifyTimeoutMs: 300 });
    try {
      receiver.respond(() => undefined); // never answers
      const started = Date.now();
      const a = await graph("POST", SUBS, APP_TOKEN, subscribeParams(), { base: quick.url });
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(a.json.error?.code).toBe(2200);
      expect(a.json.error?.message).toBe(`${FAILED}Operation timed out after 300 milliseconds; HTTP Status Code = 0`);
      expect(quick.app(APP.id)?.subscriptions).toEqual([]);
    } finally {
      await quick.close();
    }
  });

  it("ends a verification in flight when the emulator closes", async () => {
    const closing = await startEmulator({ port: 0, verifyTimeoutMs: 600_000 });
    receiver.respond(() => undefined); // never answers
    const post = graph("POST", SUBS, APP_TOKEN, subscribeParams(), { base: closing.url }).catch((e: Error) => e);
    while (receiver.received().length === 0) await new Promise((r) => setTimeout(r, 10));
    await closing.close();
    expect(await post).toBeInstanceOf(Error); // the caller's connection is closed, unanswered
    expect(closing.outbound()).toMatchObject([
      { kind: "verification", error: "The emulator closed before the callback answered; HTTP Status Code = 0" },
    ]);
    expect(closing.app(APP.id)?.subscriptions).toEqual([]);
  });

  it("fails when nothing listens on the callback's port", async () => {
    const port = await closedPort();
    const a = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ callback_url: `http://127.0.0.1:${port}/x` }));
    expectVerificationFailure(a, "Failed to connect to the callback (ECONNREFUSED); HTTP Status Code = 0");
  });

  it.each([
    "https://example.com/webhook",
    "http://192.0.2.1/webhook",
    "http://0.0.0.0:1/x",
    "http://localhost.example/x",
  ])("refuses the non-loopback callback %s without sending anything", async (callbackUrl) => {
    const a = await graph("POST", SUBS, APP_TOKEN, subscribeParams({ callback_url: callbackUrl }));
    expectVerificationFailure(a, /loopback callbacks only .*nothing was sent.*verifyCallbacks: false/);
    expect(emu.outbound()).toEqual([]);
  });

  it("never shows the verify token or the app secret, even when the callback echoes them", async () => {
    receiver.respond((req, res) => {
      res.writeHead(401, { "content-type": `text/plain; token=${req.query.get("hub.verify_token")}; s=${APP.secret}` });
      res.end(`${req.query.get("hub.verify_token")} ${APP.secret}`);
    });
    expectVerificationFailure(
      await graph("POST", SUBS, APP_TOKEN, subscribeParams()),
      "HTTP Status Code = 401; HTTP Content-Type = (not shown: it holds a secret)",
    );
  });

  it("sends nothing with verifyCallbacks: false, and sets the subscription", async () => {
    const trusting = await startEmulator({ port: 0, verifyCallbacks: false });
    try {
      const params = subscribeParams({ callback_url: "https://example.com/webhook" });
      expect((await graph("POST", SUBS, APP_TOKEN, params, { base: trusting.url })).json).toEqual({ success: true });
      expect(trusting.app(APP.id)?.subscriptions[0].callbackUrl).toBe("https://example.com/webhook");
      expect(trusting.outbound()).toEqual([]);
    } finally {
      await trusting.close();
    }
  });

  it("records the verification in outbound() with the verify token redacted", async () => {
    await graph("POST", SUBS, APP_TOKEN, subscribeParams());
    const [sent] = emu.outbound();
    expect(sent).toMatchObject({ kind: "verification", method: "GET", appId: APP.id, object: "page", status: 200 });
    expect(sent.url).toMatch(
      new RegExp(
        `^${receiver.url}/webhook\\?hub\\.mode=subscribe&hub\\.challenge=\\d{9,10}&hub\\.verify_token=\\[REDACTED\\]$`,
      ),
    );
    expect(JSON.stringify(emu.outbound())).not.toContain(VERIFY);
  });
});

describe("the request log", () => {
  it("never shows the verify token, the app secret or the app token, in JSON, form or query", async () => {
    await graph("POST", SUBS, APP_TOKEN, subscribeParams());
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: "feed" }), { form: true });
    await graph("DELETE", SUBS, APP_TOKEN, undefined, {
      query: `object=page&verify_token=${VERIFY}&app_secret=${APP.secret}&note=${encodeURIComponent(APP_TOKEN)}`,
    });
    const log = JSON.stringify(emu.requests());
    expect(emu.requests()).toHaveLength(3);
    for (const secret of [VERIFY, APP.secret, APP_TOKEN, encodeURIComponent(APP_TOKEN)])
      expect(log).not.toContain(secret);
    expect(emu.requests().every((r) => r.appId === APP.id)).toBe(true);
  });
});

describe("Page subscribed_apps", () => {
  it("subscribes the token's app to exactly the given fields, answers GET in Graph's shape, and removes it on DELETE", async () => {
    expect(await graph("GET", "/v25.0/me/subscribed_apps", TOKEN_1)).toEqual({ status: 200, json: { data: [] } });
    const post = await graph("POST", "/v25.0/me/subscribed_apps", TOKEN_1, { subscribed_fields: "messages,feed" });
    expect(post).toEqual({ status: 200, json: { success: true } });
    await graph("POST", `/v25.0/${PAGE_1}/subscribed_apps`, TOKEN_1, { subscribed_fields: ["messaging_postbacks"] });
    expect((await graph("GET", `/v25.0/${PAGE_1}/subscribed_apps`, TOKEN_1)).json).toEqual({
      data: [{ id: APP.id, name: APP.name, subscribed_fields: ["messaging_postbacks"] }],
    });
    expect(emu.page(PAGE_1)?.subscribedApps).toEqual([{ appId: APP.id, fields: ["messaging_postbacks"] }]);
    expect(emu.page(PAGE_2)).not.toHaveProperty("subscribedApps");
    expect(await graph("DELETE", "/v25.0/me/subscribed_apps", TOKEN_1)).toEqual({
      status: 200,
      json: { success: true },
    });
    expect(emu.page(PAGE_1)).not.toHaveProperty("subscribedApps");
    expect(emu.pageSubscriptions(PAGE_1)).toEqual([]);
  });

  it("lists every app subscribed on the Page; a token concerns the app it belongs to", async () => {
    emu.setPageSubscription(OTHER_PAGE.id, APP.id, ["feed"]);
    await graph("POST", "/v25.0/me/subscribed_apps", OTHER_PAGE.token, { subscribed_fields: ["messages"] });
    expect((await graph("GET", "/v25.0/me/subscribed_apps", OTHER_PAGE.token)).json).toEqual({
      data: [
        { id: APP.id, name: APP.name, subscribed_fields: ["feed"] },
        { id: OTHER.id, name: OTHER.name, subscribed_fields: ["messages"] },
      ],
    });
    await graph("DELETE", "/v25.0/me/subscribed_apps", OTHER_PAGE.token);
    expect(emu.pageSubscriptions(OTHER_PAGE.id)).toEqual([{ appId: APP.id, fields: ["feed"] }]);
  });

  it("refuses a POST without subscribed_fields or with an unknown one, naming it", async () => {
    expectGraphError(
      await graph("POST", "/v25.0/me/subscribed_apps", TOKEN_1, {}),
      100,
      "(#100) The parameter subscribed_fields is required",
    );
    expectGraphError(
      await graph("POST", "/v25.0/me/subscribed_apps", TOKEN_1, { subscribed_fields: "messages,comments" }),
      100,
      /^\(#100\) Param subscribed_fields\[1\] must be one of \{messages, .*\} - got "comments"$/,
    );
    expect(emu.pageSubscriptions(PAGE_1)).toEqual([]);
  });

  it("is a Page-token route: an app token gets code 210, another Page's id an unsupported request", async () => {
    expectGraphError(await graph("GET", `/v25.0/${PAGE_1}/subscribed_apps`, APP_TOKEN), 210, /page access token/);
    expectGraphError(await graph("GET", `/v25.0/${PAGE_2}/subscribed_apps`, TOKEN_1), 100, /Unsupported get request/);
  });
});

describe("event delivery", () => {
  function subscribeBoth(appFields: string[], pageFields: string[] | undefined, path = "/webhook"): void {
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: `${receiver.url}${path}`, fields: appFields });
    emu.setPageSubscription(PAGE_1, APP.id, pageFields);
  }

  function expectSigned(raw: Buffer, header: string | string[] | undefined, algorithm: "sha256" | "sha1"): void {
    const expected = Buffer.from(`${algorithm}=${crypto.createHmac(algorithm, APP.secret).update(raw).digest("hex")}`);
    const given = Buffer.from(String(header));
    expect(given.length).toBe(expected.length);
    expect(crypto.timingSafeEqual(given, expected)).toBe(true);
  }

  it("delivers a message event, signed over the exact bytes with the app secret", async () => {
    subscribeBoth(["messages"], ["messages"]);
    const report = await emu.deliverEvent({ pageId: PAGE_1, field: "messages", text: "héllo 👋" });
    expect(report).toMatchObject({
      delivered: true,
      status: 200,
      appId: APP.id,
      callbackUrl: `${receiver.url}/webhook`,
    });
    const [got] = receiver.received();
    expect(got.method).toBe("POST");
    expect(got.headers["content-type"]).toBe("application/json");
    expectSigned(got.body, got.headers["x-hub-signature-256"], "sha256");
    expectSigned(got.body, got.headers["x-hub-signature"], "sha1");
    expect(report.signature256).toBe(got.headers["x-hub-signature-256"]);
    const event = JSON.parse(got.body.toString("utf8")) as Record<string, unknown>;
    expect(event).toEqual(report.body);
    expect(event).toEqual({
      object: "page",
      entry: [
        {
          id: PAGE_1,
          time: expect.any(Number) as number,
          messaging: [
            {
              sender: { id: "9000000000000001" },
              recipient: { id: PAGE_1 },
              timestamp: expect.any(Number) as number,
              message: { mid: expect.stringMatching(/^m_/) as string, text: "héllo 👋" },
            },
          ],
        },
      ],
    });
    expect(emu.outbound()[0]).toMatchObject({ kind: "delivery", method: "POST", pageId: PAGE_1, field: "messages" });
  });

  it("delivers a postback with its title and payload", async () => {
    subscribeBoth(["messages", "messaging_postbacks"], ["messaging_postbacks"]);
    const report = await emu.deliverEvent({
      pageId: PAGE_1,
      field: "messaging_postbacks",
      senderId: "9000000000000042",
    });
    expect(report.delivered).toBe(true);
    const event = JSON.parse(receiver.received()[0].body.toString("utf8")) as {
      entry: Array<{ messaging: Array<Record<string, unknown>> }>;
    };
    expect(event.entry[0].messaging[0]).toMatchObject({
      sender: { id: "9000000000000042" },
      postback: { title: "Get Started", payload: "GET_STARTED", mid: expect.stringMatching(/^m_/) as string },
    });
  });

  it.each([
    [
      "the app has no subscription",
      undefined,
      ["messages"],
      /app 3000000000000001 has no subscription to the object page/,
    ],
    [
      "the app's subscription lacks the field",
      ["messages"],
      ["messages", "messaging_postbacks"],
      /app 3000000000000001's subscription to the object page does not include the field messaging_postbacks/,
    ],
    [
      "the Page has not subscribed the app",
      ["messaging_postbacks"],
      undefined,
      /Page 1000000000000001 has not subscribed app/,
    ],
    [
      "the Page's subscription lacks the field",
      ["messaging_postbacks"],
      ["messages"],
      /Page 1000000000000001's subscription of app 3000000000000001 does not include the field messaging_postbacks/,
    ],
  ])("does not deliver when %s, and sends nothing", async (_what, appFields, pageFields, reason) => {
    if (appFields) subscribeBoth(appFields, pageFields);
    else emu.setPageSubscription(PAGE_1, APP.id, pageFields);
    const report = await emu.deliverEvent({ pageId: PAGE_1, field: "messaging_postbacks" });
    expect(report.delivered).toBe(false);
    expect(report.reason).toMatch(reason);
    expect(receiver.received()).toHaveLength(0);
    expect(emu.outbound()).toEqual([]);
  });

  it("reports a callback that does not answer 200", async () => {
    subscribeBoth(["messages"], ["messages"]);
    receiver.respond((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const report = await emu.deliverEvent({ pageId: PAGE_1, field: "messages" });
    expect(report).toMatchObject({ delivered: false, status: 500, reason: "the callback answered 500, not 200" });
  });

  it("sends nothing to a callback that is not loopback", async () => {
    emu.setAppSubscription(APP.id, { object: "page", callbackUrl: "http://192.0.2.1/webhook", fields: ["messages"] });
    emu.setPageSubscription(PAGE_1, APP.id, ["messages"]);
    const report = await emu.deliverEvent({ pageId: PAGE_1, field: "messages" });
    expect(report).toMatchObject({ delivered: false, callbackUrl: "http://192.0.2.1/webhook" });
    expect(report.reason).toMatch(/loopback callbacks only.*nothing was sent/);
    expect(report).not.toHaveProperty("body");
    expect(emu.outbound()).toEqual([]);
  });

  it("delivers to the Page seed's own app by default", async () => {
    emu.setAppSubscription(OTHER.id, { object: "page", callbackUrl: `${receiver.url}/other`, fields: ["messages"] });
    emu.setPageSubscription(OTHER_PAGE.id, OTHER.id, ["messages"]);
    const report = await emu.deliverEvent({ pageId: OTHER_PAGE.id, field: "messages" });
    expect(report).toMatchObject({ delivered: true, appId: OTHER.id });
    const raw = receiver.received()[0].body;
    const expected = `sha256=${crypto.createHmac("sha256", OTHER.secret).update(raw).digest("hex")}`;
    expect(receiver.received()[0].headers["x-hub-signature-256"]).toBe(expected);
  });

  it("refuses an unknown Page, an unknown app and a malformed spec with an EmulatorInputError", async () => {
    for (const spec of [
      { pageId: "1999999999999999", field: "messages" },
      { pageId: PAGE_1, field: "messages", appId: "3999999999999999" },
      { pageId: PAGE_1, field: "feed" },
    ]) {
      const e = await rejection(emu.deliverEvent(spec as Parameters<Emulator["deliverEvent"]>[0]));
      expect(e).toBeInstanceOf(EmulatorInputError);
    }
  });
});

describe("control API", () => {
  async function control(method: string, route: string, body?: unknown) {
    const res = await fetch(`${emu.url}/__emulator/${route}`, {
      method,
      headers: method === "GET" ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it("sets subscriptions on both levels, delivers, lists apps and removes them", async () => {
    const callbackUrl = `${receiver.url}/webhook`;
    const put = await control("PUT", `apps/${APP.id}/subscriptions`, {
      object: "page",
      callbackUrl,
      fields: ["messages"],
    });
    expect(put.status).toBe(200);
    expect(put.json.subscriptions).toEqual([
      { object: "page", callbackUrl, active: true, fields: ["messages"], includeValues: false },
    ]);
    const page = await control("PUT", `pages/${PAGE_1}/subscribed_apps/${APP.id}`, { fields: ["messages"] });
    expect(page).toEqual({ status: 200, json: [{ appId: APP.id, fields: ["messages"] }] as unknown });
    const delivered = await control("POST", "deliver", { pageId: PAGE_1, field: "messages", text: "hi" });
    expect(delivered.json).toMatchObject({ delivered: true, status: 200 });
    expect(receiver.received()).toHaveLength(1);
    const apps = await control("GET", "apps");
    expect((apps.json as unknown as Array<{ id: string }>).map((a) => a.id)).toEqual([APP.id, OTHER.id]);
    expect((await control("DELETE", `pages/${PAGE_1}/subscribed_apps/${APP.id}`)).json).toEqual([] as unknown);
    expect((await control("DELETE", `apps/${APP.id}/subscriptions/page`)).json.subscriptions).toEqual([]);
  });

  it("switches POST between merge and replace", async () => {
    expect((await control("POST", "subscription-post", { mode: "replace" })).json).toEqual({ mode: "replace" });
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages"] }));
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["feed"] }));
    expect(emu.app(APP.id)?.subscriptions[0].fields).toEqual(["feed"]);
    await control("POST", "subscription-post", { mode: "merge" });
    await graph("POST", SUBS, APP_TOKEN, subscribeParams({ fields: ["messages"] }));
    expect(emu.app(APP.id)?.subscriptions[0].fields).toEqual(["feed", "messages"]);
  });

  it.each([
    ["POST", "deliver", { pageId: PAGE_1, field: "feed" }, 400, /delivery.field/],
    ["POST", "deliver", { pageId: "1999999999999999", field: "messages" }, 400, /no Page/],
    ["POST", "subscription-post", { mode: "append" }, 400, /"merge" or "replace"/],
    ["PUT", `pages/${PAGE_1}/subscribed_apps/${APP.id}`, { fields: ["nope"] }, 400, /fields\[0\]/],
    [
      "PUT",
      `apps/${APP.id}/subscriptions`,
      { object: "page", callbackUrl: "x", fields: ["messages"] },
      400,
      /callbackUrl/,
    ],
    [
      "PUT",
      `apps/${APP.id}/subscriptions`,
      { object: "user", callbackUrl: "https://e.example/", fields: [] },
      400,
      /object/,
    ],
    ["PUT", "apps/3999999999999999/subscriptions", { object: "page" }, 404, /no app/],
    ["PUT", `pages/${PAGE_1}/subscribed_apps/3999999999999999`, { fields: ["messages"] }, 404, /no app/],
  ])("answers %s %s with a bad body or target", async (method, route, body, status, error) => {
    const a = await control(method, route, body);
    expect(a.status).toBe(status);
    expect(String(a.json.error)).toMatch(error);
  });
});

describe("options", () => {
  it.each([
    [{ apps: [] }, /apps must be a non-empty array/],
    [{ apps: [{ id: "app", name: "A", secret: "abcdefgh12" }] }, /apps\[0\]\.id must be a string of 1 to 32 digits/],
    [{ apps: [{ id: "1", name: "A", secret: "short" }] }, /apps\[0\]\.secret must be 8 to 128 letters and digits/],
    [{ apps: [APP, APP] }, /twice/],
    [{ pages: [{ id: "1", name: "P", token: "EMULATOR-T-not-real", appId: "42" }] }, /pages\[0\]\.appId names no app/],
    [{ subscriptionPost: "append" }, /subscriptionPost must be "merge" or "replace"/],
    [{ verifyTimeoutMs: 0 }, /verifyTimeoutMs must be an integer from 1/],
    [{ verifyCallbacks: "no" }, /verifyCallbacks must be true or false/],
  ])("refuses %j", async (options, message) => {
    const e = await rejection(startEmulator({ port: 0, ...(options as object) }));
    expect(e).toBeInstanceOf(EmulatorInputError);
    expect(e.message).toMatch(message);
  });

  it("refuses addPage with an unknown appId, and out-of-band calls naming unknown apps, Pages or fields", () => {
    expect(() =>
      emu.addPage({ id: "1000000000000009", name: "P", token: "EMULATOR-T9-not-real", appId: "42" }),
    ).toThrow(EmulatorInputError);
    expect(() => emu.setPageSubscription(PAGE_1, "42", ["messages"])).toThrow(/no app 42/);
    expect(() => emu.setPageSubscription("42", APP.id, ["messages"])).toThrow(/no Page 42/);
    expect(() => emu.setPageSubscription(PAGE_1, APP.id, ["comments"])).toThrow(EmulatorInputError);
    expect(() =>
      emu.setAppSubscription(APP.id, { object: "instagram", callbackUrl: "https://e.example/", fields: ["feed"] }),
    ).toThrow(/subscription\.fields\[0\]/);
    expect(() => emu.setSubscriptionPost("append" as "merge")).toThrow(EmulatorInputError);
  });

  it("exports the field lists of both objects", () => {
    expect(WEBHOOK_FIELDS.page).toContain("messaging_postbacks");
    expect(WEBHOOK_FIELDS.page).toHaveLength(27);
    expect(WEBHOOK_FIELDS.instagram).toEqual(expect.arrayContaining(["messages", "comments", "story_insights"]));
    expect(WEBHOOK_FIELDS.instagram).toHaveLength(12);
  });

  it("gives Page tokens of the default Pages to the first default app", async () => {
    const plain = await startEmulator({ port: 0 });
    try {
      await graph("POST", "/v25.0/me/subscribed_apps", TOKEN_1, { subscribed_fields: "messages" }, { base: plain.url });
      expect(plain.pageSubscriptions(PAGE_1)).toEqual([{ appId: DEFAULT_APPS[0].id, fields: ["messages"] }]);
    } finally {
      await plain.close();
    }
  });
});

describe("command line", () => {
  it("reads the webhook flags", () => {
    const args = parseCliArgs([
      "--subscription-post",
      "replace",
      "--no-verify-callbacks",
      "--verify-timeout-ms",
      "250",
      "--apps",
      "apps.json",
    ]);
    expect(args).toMatchObject({
      subscriptionPost: "replace",
      noVerifyCallbacks: true,
      verifyTimeoutMs: 250,
      appsFile: "apps.json",
    });
    expect(parseCliArgs([])).toMatchObject({ subscriptionPost: undefined, noVerifyCallbacks: false });
  });

  it.each([
    [["--subscription-post", "append"], /--subscription-post must be merge or replace/],
    [["--verify-timeout-ms", "0"], /--verify-timeout-ms must be an integer/],
    [["--no-verify-callbacks=yes"], /does not take an argument/],
    [["--apps", ""], /--apps must name a file/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});

describe("debug_token (what bottender's `messenger webhook set` reads first)", () => {
  const proofOver = (t: string) => appSecretProof(APP.secret, t);

  test("the app token reads a Page token: its app, type PAGE, valid, scopes; proof over either token", async () => {
    for (const proof of [proofOver(APP_TOKEN), proofOver(TOKEN_1)]) {
      const a = await graph("GET", "/v6.0/debug_token", APP_TOKEN, undefined, {
        query: `input_token=${encodeURIComponent(TOKEN_1)}&appsecret_proof=${proof}`,
      });
      expect(a.status).toBe(200);
      expect(a.json.data).toMatchObject({ app_id: APP.id, type: "PAGE", is_valid: true, profile_id: PAGE_1 });
      expect((a.json.data as { scopes: string[] }).scopes).toContain("pages_messaging");
    }
  });

  test("a proof over neither token is refused; an unknown input token is not valid; no input token is code 100", async () => {
    const bad = await graph("GET", "/v6.0/debug_token", APP_TOKEN, undefined, {
      query: `input_token=${encodeURIComponent(TOKEN_1)}&appsecret_proof=${proofOver("another-token")}`,
    });
    expectGraphError(bad, 100, "Invalid appsecret_proof provided in the API argument");
    const unknown = await graph("GET", "/v6.0/debug_token", APP_TOKEN, undefined, { query: "input_token=nope" });
    expect(unknown.json.data).toMatchObject({ is_valid: false });
    expectGraphError(await graph("GET", "/v6.0/debug_token", APP_TOKEN), 100, /input_token/);
  });
});
