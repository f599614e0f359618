/**
 * The bot of examples/bot (TypeScript, dynamic resources) and of examples/bot-yaml (Pulumi YAML,
 * through the provider plugin) on the real engine, each with its own emulator and its own webhook
 * receiver (examples/bot/receiver.ts), and the adoption of a bot set up by hand with `pulumi import`.
 * Three independent stacks, run concurrently:
 *
 * - TS bot and YAML bot: another owner's fields on the app (same callback) and, for the TS bot,
 *   another app subscribed on the Page, set out of band first; preview (0 calls); up with the exact
 *   requests of the three resources (the emulator verifies the callback: one GET the receiver
 *   answers); a message and a Get Started tap delivered by the emulator reach the receiver with a
 *   valid signature (the receiver checks it, and so does the suite from the emulator's outbound
 *   log); a no-change up (0 calls); refresh (1 GET each); destroy, after which the app and the Page
 *   are exactly as before and events no longer flow;
 * - import: a Page, its app and its subscriptions set up by hand exactly as examples/bot-yaml
 *   declares them, adopted with `pulumi import` of the three resources (ids `<pageId>`,
 *   `<appId>/page` and `<pageId>/<appId>`), then an up of the unchanged program that calls nothing.
 *
 * Every command's output, state file and Pulumi home is scanned for the tokens, the app secret,
 * the app token, the proofs and the verify token.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { isCiphertextEnvelope, listExamples, type HarnessStack, type StateResource } from "../../harness";
import { scanSessions } from "../support/engine-scan";
import { useSessions, type TestStep } from "../support/engine";
import {
  APP,
  BOT_DIR,
  BOT_FIELDS,
  BOT_PROFILE_FIELDS,
  BOT_PROFILE_WIRE,
  BotSuite,
  ONE,
  OTHER_APP,
  PSID,
  botCalls as call,
  botConfig,
  exactBotCalls as exactly,
  proofVerdicts,
  registerBotSecrets,
  stateNamed,
  subscriptionsOf,
  yamlBotCopy,
} from "../support/bot-engine";

jest.setTimeout(600_000);
registerBotSecrets();

/** Type tokens of the bot's resources, per front door. */
const TYPES = {
  ts: {
    profile: "pulumi-nodejs:dynamic/messenger:MessengerProfile",
    webhook: "pulumi-nodejs:dynamic/messenger:MessengerWebhook",
    pageSubscription: "pulumi-nodejs:dynamic/messenger:MessengerPageSubscription",
  },
  yaml: {
    profile: "messenger:index:Profile",
    webhook: "messenger:index:Webhook",
    pageSubscription: "messenger:index:PageSubscription",
  },
} as const;

/** Logical names of the bot's resources, per program. */
const NAMES = {
  ts: { profile: "bot-profile", webhook: "bot-webhook", pageSubscription: "bot-page-subscription" },
  yaml: { profile: "profile", webhook: "webhook", pageSubscription: "pageSubscription" },
} as const;

type Flavor = keyof typeof TYPES;

/** What another owner subscribed on the app before the bot came (same callback). */
const OTHERS_FIELDS = { ts: ["message_reads"], yaml: ["message_deliveries", "message_reads"] } as const;

/** The bot's stack outputs (both programs export the same). */
function expectedOutputs(callbackUrl: string): Record<string, unknown> {
  return {
    pageId: ONE.id,
    pageName: ONE.name,
    profileFields: BOT_PROFILE_FIELDS,
    appId: APP.id,
    webhookId: `${APP.id}/page`,
    webhookFields: [...BOT_FIELDS],
    callbackUrl,
    pageSubscriptionId: `${ONE.id}/${APP.id}`,
    subscribedFields: [...BOT_FIELDS],
  };
}

/** The state of the bot's three resources: types, ids, the verify token encrypted. */
function checkState(stack: HarnessStack, flavor: Flavor): void {
  const of = (k: keyof (typeof NAMES)[Flavor]): StateResource => stateNamed(stack, NAMES[flavor][k]);
  expect(of("profile").type).toBe(TYPES[flavor].profile);
  expect([of("webhook").type, of("webhook").id]).toEqual([TYPES[flavor].webhook, `${APP.id}/page`]);
  expect([of("pageSubscription").type, of("pageSubscription").id]).toEqual([
    TYPES[flavor].pageSubscription,
    `${ONE.id}/${APP.id}`,
  ]);
  const webhook = of("webhook");
  expect(isCiphertextEnvelope(webhook.inputs?.verifyToken)).toBe(true);
  if (webhook.outputs?.verifyToken !== undefined) expect(isCiphertextEnvelope(webhook.outputs.verifyToken)).toBe(true);
}

/** Every delivery the emulator sent is signed with the app secret over its exact bytes. */
function checkOutboundSignatures(s: BotSuite): void {
  const deliveries = s.emu.outbound().filter((o) => o.kind === "delivery");
  expect(deliveries.length).toBeGreaterThan(0);
  for (const d of deliveries) {
    const mac = crypto
      .createHmac("sha256", APP.secret)
      .update(d.body ?? "")
      .digest("hex");
    expect(d.signature256).toBe(`sha256=${mac}`);
  }
}

/** The emulator delivers a message to the bot's receiver; the receiver checked its signature. */
async function messageArrives(s: BotSuite, text: string): Promise<void> {
  const before = s.receiver.events.length;
  const r = await s.emu.deliverEvent({ pageId: ONE.id, field: "messages", senderId: PSID, text });
  expect(r).toMatchObject({ delivered: true, appId: APP.id, callbackUrl: s.receiver.url, status: 200 });
  expect(r.signature256).toMatch(/^sha256=[0-9a-f]{64}$/);
  expect(s.receiver.log.at(-1)).toEqual({ method: "POST", status: 200, note: "delivered 1 events" });
  expect(s.receiver.events.slice(before)).toEqual([
    {
      kind: "message",
      pageId: ONE.id,
      senderId: PSID,
      timestamp: expect.any(Number) as number,
      text,
      mid: expect.any(String) as string,
    },
  ]);
  checkOutboundSignatures(s);
}

/** A Get Started tap arrives at the receiver as a postback with the profile's payload. */
async function getStartedArrives(s: BotSuite): Promise<void> {
  const before = s.receiver.events.length;
  const payload = (s.emu.profile(ONE.id)?.get_started as { payload: string } | undefined)?.payload;
  expect(payload).toBe("GET_STARTED");
  const r = await s.emu.deliverEvent({
    pageId: ONE.id,
    field: "messaging_postbacks",
    senderId: PSID,
    payload,
    title: "Get Started",
  });
  expect(r).toMatchObject({ delivered: true, status: 200 });
  expect(s.receiver.events.slice(before)).toEqual([
    {
      kind: "postback",
      pageId: ONE.id,
      senderId: PSID,
      timestamp: expect.any(Number) as number,
      payload: "GET_STARTED",
      title: "Get Started",
    },
  ]);
  checkOutboundSignatures(s);
}

/** Deliveries signed with another secret, or not signed, are refused by the receiver; a good one is taken. */
async function receiverChecksSignatures(s: BotSuite): Promise<void> {
  const body = JSON.stringify({
    object: "page",
    entry: [
      {
        id: ONE.id,
        time: 1,
        messaging: [
          { sender: { id: PSID }, recipient: { id: ONE.id }, timestamp: 1, message: { mid: "m_1", text: "forged" } },
        ],
      },
    ],
  });
  const post = (signature?: string) =>
    fetch(s.receiver.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(signature ? { "x-hub-signature-256": signature } : {}) },
      body,
    }).then((res) => res.status);
  const sign = (key: string) => `sha256=${crypto.createHmac("sha256", key).update(body).digest("hex")}`;
  const good = sign(APP.secret);
  const flipped = `${good.slice(0, -1)}${good.endsWith("0") ? "1" : "0"}`;
  const before = s.receiver.events.length;
  expect([await post(), await post(sign(OTHER_APP.secret)), await post(flipped), await post("sha1=00")]).toEqual([
    403, 403, 403, 403,
  ]);
  expect(s.receiver.log.slice(-4).map((l) => l.note)).toEqual([
    "no signature",
    "bad signature",
    "bad signature",
    "bad signature",
  ]);
  expect(s.receiver.events.length).toBe(before);
  expect(await post(good)).toBe(200);
  expect(s.receiver.events.at(-1)).toMatchObject({ kind: "message", text: "forged" });
}

/** The out-of-band state before the bot: another owner's fields on the app, another app on the Page. */
function setOthers(s: BotSuite, flavor: Flavor): void {
  s.emu.setAppSubscription(APP.id, { object: "page", callbackUrl: s.receiver.url, fields: [...OTHERS_FIELDS[flavor]] });
  if (flavor === "ts") s.emu.setPageSubscription(ONE.id, OTHER_APP.id, ["feed"]);
  else s.emu.setAppSubscription(APP.id, { object: "instagram", callbackUrl: s.receiver.url, fields: ["comments"] });
}

/** What the app and the Pages subscribed before the bot's up (destroy must leave exactly that). */
interface Snapshot {
  before?: unknown;
}

function outOfBandStep(s: BotSuite, flavor: Flavor, snapshot: Snapshot): TestStep {
  return {
    title: `${flavor}: another owner's fields set out of band; no event reaches the bot yet`,
    name: "out of band",
    before: () => setOthers(s, flavor),
    validate: async () => {
      snapshot.before = subscriptionsOf(s.emu);
      const r = await s.emu.deliverEvent({ pageId: ONE.id, field: "messages", senderId: PSID });
      expect(r.delivered).toBe(false);
      expect(s.receiver.log).toEqual([]);
    },
  };
}

/** Up: the exact requests of the three resources; the callback verified once; the app, the Page, outputs, state. */
function upStep(s: BotSuite, flavor: Flavor): TestStep {
  const union = [...OTHERS_FIELDS[flavor], ...BOT_FIELDS];
  return {
    title: `${flavor}: up: exact requests of the three resources; the emulator verified the callback once`,
    name: "up",
    op: "up",
    changes: { create: 4 },
    calls: exactly(call.me(), call.profileSet(), call.me(), call.pageSubscribe(BOT_FIELDS), call.appGet(), () =>
      call.appPost(s.receiver.url, union),
    ),
    validate: async (_r, stack) => {
      expect(s.receiver.log).toEqual([{ method: "GET", status: 200, note: "verified" }]);
      expect(s.emu.app(APP.id)?.subscriptions.find((x) => x.object === "page")).toEqual({
        object: "page",
        callbackUrl: s.receiver.url,
        active: true,
        fields: union,
        includeValues: false,
      });
      expect(s.emu.pageSubscriptions(ONE.id)).toEqual(
        expect.arrayContaining([{ appId: APP.id, fields: [...BOT_FIELDS] }]),
      );
      expect(s.emu.profile(ONE.id)).toEqual(BOT_PROFILE_WIRE);
      expect(await stack.outputs()).toEqual(expectedOutputs(s.receiver.url));
      checkState(stack, flavor);
    },
  };
}

/** Events the emulator delivers once both subscriptions exist; forged deliveries refused (ts). */
function eventSteps(s: BotSuite, flavor: Flavor): TestStep[] {
  const forged: TestStep = {
    title: "ts: the receiver refuses a delivery without a signature or signed with another secret",
    name: "forged deliveries refused",
    validate: () => receiverChecksSignatures(s),
  };
  return [
    {
      title: `${flavor}: a message delivered by the emulator reaches the receiver, signed with the app secret`,
      name: "message delivered",
      validate: () => messageArrives(s, `hello from the ${flavor} suite`),
    },
    {
      title: `${flavor}: a Get Started tap arrives as a postback with the profile's payload`,
      name: "Get Started delivered",
      validate: () => getStartedArrives(s),
    },
    ...(flavor === "ts" ? [forged] : []),
  ];
}

/** A no-change up, a refresh, and a destroy that leaves the app and the Page as the snapshot. */
function laterSteps(s: BotSuite, flavor: Flavor, snapshot: Snapshot): TestStep[] {
  return [
    {
      title: `${flavor}: up with nothing changed: 0 calls`,
      name: "up (no change)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
    {
      title: `${flavor}: refresh: 1 GET per resource, no drift`,
      name: "refresh",
      op: "refresh",
      calls: exactly(call.profileGet(), call.appGet(), call.pageGet()),
      changes: { same: 4 },
    },
    {
      title: `${flavor}: destroy: 1 DELETE each, of the bot's own fields; the app and the Page are as before`,
      name: "destroy",
      op: "destroy",
      changes: { delete: 4 },
      calls: exactly(call.profileDelete(), call.pageDelete(), call.appDelete(BOT_FIELDS)),
      validate: async () => {
        expect(subscriptionsOf(s.emu)).toEqual(snapshot.before);
        expect(s.emu.profile(ONE.id)).toEqual({});
        const r = await s.emu.deliverEvent({ pageId: ONE.id, field: "messages", senderId: PSID });
        expect(r.delivered).toBe(false);
      },
    },
  ];
}

/** The whole life of a bot stack: out-of-band state, preview, up, events, no-change up, refresh, destroy. */
function lifecycleSteps(s: BotSuite, flavor: Flavor): TestStep[] {
  const snapshot: Snapshot = {};
  const preview: TestStep = {
    title: `${flavor}: preview: 0 calls, 3 resources to create`,
    name: "preview",
    op: "preview",
    calls: 0,
    changes: { create: 4 },
  };
  return [
    outOfBandStep(s, flavor, snapshot),
    preview,
    upStep(s, flavor),
    ...eventSteps(s, flavor),
    ...laterSteps(s, flavor, snapshot),
  ];
}

const tsBot = new BotSuite({
  label: "bot-ts",
  test: (s) => ({ program: BOT_DIR, config: botConfig(s.receiver) }),
  steps: (s) => lifecycleSteps(s, "ts"),
});

const yamlBot = new BotSuite({
  label: "bot-yaml",
  test: (s) => ({ program: yamlBotCopy("bot-yaml"), config: botConfig(s.receiver) }),
  steps: (s) => lifecycleSteps(s, "yaml"),
});

// ---------------------------------------------------------------------------------------------
// pulumi import of a bot set up by hand, then an up of the unchanged program.

/** Import of the three resources set up by hand, with the ids people type. */
function importStep(s: BotSuite): TestStep {
  return {
    title:
      "import of the profile (<pageId>), the webhook (<appId>/page) and the Page subscription (<pageId>/<appId>), set up by hand: 1 GET each, and GET /me for the Page subscription",
    name: "import",
    before: () => {
      s.emu.setProfileFields(ONE.id, BOT_PROFILE_WIRE);
      s.emu.setAppSubscription(APP.id, { object: "page", callbackUrl: s.receiver.url, fields: [...BOT_FIELDS] });
      s.emu.setPageSubscription(ONE.id, APP.id, [...BOT_FIELDS]);
    },
    op: {
      import: [
        { type: TYPES.yaml.profile, name: NAMES.yaml.profile, id: ONE.id },
        { type: TYPES.yaml.webhook, name: NAMES.yaml.webhook, id: `${APP.id}/page` },
        { type: TYPES.yaml.pageSubscription, name: NAMES.yaml.pageSubscription, id: `${ONE.id}/${APP.id}` },
      ],
    },
    changes: { create: 1, import: 3 },
    calls: exactly(call.importMe(), call.appGet(), call.me(), call.pageGet()),
    validate: (r, stack) => {
      expect(r.generatedCode).toMatch(/type: messenger:(index:)?Webhook\n/);
      expect(stateNamed(stack, "webhook").outputs).toMatchObject({
        appId: APP.id,
        object: "page",
        callbackUrl: s.receiver.url,
        fields: [...BOT_FIELDS],
        includeValues: false,
      });
      expect(stateNamed(stack, "pageSubscription").outputs).toMatchObject({
        pageId: ONE.id,
        appId: APP.id,
        subscribedFields: [...BOT_FIELDS],
      });
      expect(stateNamed(stack, "profile").outputs).toMatchObject({ pageId: ONE.id, ownedFields: BOT_PROFILE_FIELDS });
    },
  };
}

/** The program on the imported state: an up that calls nothing, events, destroy. */
function adoptedSteps(s: BotSuite): TestStep[] {
  return [
    {
      title:
        "up of examples/bot-yaml, unchanged, on the imported state: 0 calls; only the webhook updates, to record the verify token Graph never returns",
      name: "up (after import)",
      op: "up",
      calls: 0,
      changes: { update: 1, same: 3 },
      validate: async (r, stack) => {
        expect(r.output).toMatch(/~ messenger:index:Webhook: \(update\)/);
        expect(r.output).toMatch(/[~+] verifyToken\s*:/);
        expect(r.output).not.toMatch(/~ messenger:index:(Profile|PageSubscription): \(update\)/);
        expect(await stack.outputs()).toEqual(expectedOutputs(s.receiver.url));
        checkState(stack, "yaml");
      },
    },
    { title: "a second up: 0 calls, no change", name: "up (again)", op: "up", calls: 0, changes: { same: 4 } },
    {
      title: "the adopted bot receives a message",
      name: "message delivered",
      validate: () => messageArrives(s, "hello, adopted bot"),
    },
    {
      title: "destroy of the adopted bot: 1 DELETE each; the app and the Page have nothing left",
      name: "destroy",
      op: "destroy",
      changes: { delete: 4 },
      calls: exactly(call.profileDelete(), call.pageDelete(), call.appDelete(BOT_FIELDS)),
      validate: () => {
        expect(s.emu.app(APP.id)?.subscriptions).toEqual([]);
        expect(s.emu.pageSubscriptions(ONE.id)).toEqual([]);
        expect(s.emu.profile(ONE.id)).toEqual({});
      },
    },
  ];
}

const importBot = new BotSuite({
  label: "bot-import",
  test: (s) => ({ program: yamlBotCopy("bot-import"), config: botConfig(s.receiver) }),
  steps: (s) => [importStep(s), ...adoptedSteps(s)],
});

const suites = [tsBot, yamlBot, importBot];

describe("the bot on the engine", () => {
  const sessions = useSessions("Graph calls per step: bot");

  beforeAll(async () => {
    await Promise.all(suites.map((s) => s.start(sessions)));
  });
  afterAll(async () => {
    await Promise.all(suites.map((s) => s.close()));
  });

  test("examples/bot (TypeScript) and examples/bot-yaml (YAML) are the examples examples.test.ts leaves to this file", () => {
    const bots = listExamples().filter((e) => path.basename(e.dir).startsWith("bot"));
    expect(bots.map((e) => [path.basename(e.dir), e.runtime])).toEqual([
      ["bot", "nodejs"],
      ["bot-yaml", "yaml"],
    ]);
  });

  for (const s of suites) describe(s.label, () => s.tests());

  describe("after every stack", () => {
    test("no token, app secret, app token, proof or verify token in any CLI output, state file or Pulumi home", async () => {
      await Promise.all(suites.map((s) => s.run.done.catch(() => undefined)));
      const result = scanSessions(sessions);
      expect(result.secrets).toBe(9);
      expect(result.texts).toBeGreaterThan(0);
    });

    test("every call carried an appsecret_proof the emulator judged valid: the app token's and the Page token's alike", async () => {
      await Promise.all(suites.map((s) => s.run.done.catch(() => undefined)));
      const verdicts = proofVerdicts();
      // up 6 + refresh 3 + destroy 3 for each bot; import 4 + destroy 3 for the adopted one
      expect(verdicts.checked).toBe(2 * 12 + 7);
      expect(verdicts.notValid).toEqual([]);
    });

    test("clean-up: stacks removed, no Pulumi.<stack>.yaml of theirs left in examples/bot", async () => {
      const stack = await tsBot.run.stack;
      const file = path.join(BOT_DIR, `Pulumi.${stack.name}.yaml`);
      expect(fs.existsSync(file)).toBe(true);
      await stack.dispose();
      expect(fs.existsSync(file)).toBe(false);
    });
  });
});
