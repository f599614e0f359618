/**
 * Two stacks sharing one app and one callback URL, on the real engine, under both behaviours Graph
 * might have for `POST /{app-id}/subscriptions` (Graph's documentation does not say whether a POST
 * merges its fields into the object's subscription or replaces them): one emulator in "merge" mode,
 * one in "replace" mode, each with its own receiver, run concurrently.
 *
 * Stack A is the TypeScript bot of examples/bot (Page One, fields `messages` and
 * `messaging_postbacks`). Stack B is a second bot written by the suite in Pulumi YAML (through the
 * provider plugin): a Webhook with other fields on the same app and callback, and the Page
 * subscription of Page Two. B comes and goes while A stays, then A goes while B stays: neither ever
 * removes or loses the other's fields, A's refresh sees no drift, A's events keep flowing, and a
 * third stack that would move the callback away from them fails without writing anything.
 */
import * as fs from "fs";
import * as path from "path";
import { REPO_ROOT, type HarnessStack, type StepResult } from "../../harness";
import { scanSessions } from "../support/engine-scan";
import { useSessions, workDir, type TestStep } from "../support/engine";
import {
  APP,
  BOT_DIR,
  BOT_FIELDS,
  BotSuite,
  ONE,
  PSID,
  TWO,
  botCalls as call,
  botConfig,
  exactBotCalls as exactly,
  proofVerdicts,
  registerBotSecrets,
} from "../support/bot-engine";

jest.setTimeout(600_000);
registerBotSecrets();

/** Stack B's fields on the app and on Page Two. */
const B_FIELDS = ["message_deliveries", "message_reads"] as const;
const BOTH = [...BOT_FIELDS, ...B_FIELDS];

/**
 * Stack B's program: a Webhook of other fields on the same app and callback, and Page Two's
 * subscription; with options, a variant (other fields, the callback from another config key, no
 * Page subscription).
 */
function programB(
  dir: string,
  o: { readonly fields?: readonly string[]; readonly callbackKey?: string; readonly page?: boolean } = {},
): string {
  const fields = o.fields ?? B_FIELDS;
  fs.mkdirSync(dir, { recursive: true });
  const text = [
    "name: messenger-second-bot",
    "description: A second bot on the same app (written by tests/e2e/webhook-sharing.test.ts).",
    "runtime: yaml",
    "plugins:",
    "  providers:",
    "    - name: messenger",
    `      path: ${JSON.stringify(path.join(REPO_ROOT, "bin"))}`,
    "config:",
    "  callbackUrl:",
    "    type: string",
    "  verifyToken:",
    "    type: string",
    "    secret: true",
    "resources:",
    "  webhook:",
    "    type: messenger:index:Webhook",
    "    properties:",
    "      object: page",
    `      callbackUrl: \${${o.callbackKey ?? "callbackUrl"}}`,
    "      verifyToken: ${verifyToken}",
    `      fields: ${JSON.stringify(fields)}`,
    ...(o.page === false
      ? []
      : [
          "  pageSubscription:",
          "    type: messenger:index:PageSubscription",
          "    properties:",
          `      subscribedFields: ${JSON.stringify(fields)}`,
          "    options:",
          "      dependsOn:",
          "        - ${webhook}",
        ]),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text);
  return dir;
}

/** The app's `page` subscription: on the receiver, exactly these fields (in any order), or none. */
function appPage(s: BotSuite, fields: readonly string[]): void {
  const page = (s.emu.app(APP.id)?.subscriptions ?? []).filter((x) => x.object === "page");
  expect(page.map((x) => ({ ...x, fields: [...x.fields].sort() }))).toEqual(
    fields.length === 0
      ? []
      : [
          {
            object: "page",
            callbackUrl: s.receiver.url,
            active: true,
            fields: [...fields].sort(),
            includeValues: false,
          },
        ],
  );
}

/** Page One's and Page Two's subscriptions of the app. */
function pages(s: BotSuite, one: readonly string[] | undefined, two: readonly string[] | undefined): void {
  const of = (fields: readonly string[] | undefined) => (fields ? [{ appId: APP.id, fields: [...fields] }] : []);
  expect([s.emu.pageSubscriptions(ONE.id), s.emu.pageSubscriptions(TWO.id)]).toEqual([of(one), of(two)]);
}

/** A message to Page One reaches the receiver. */
async function aStillReceives(s: BotSuite, text: string): Promise<void> {
  const r = await s.emu.deliverEvent({ pageId: ONE.id, field: "messages", senderId: PSID, text });
  expect(r).toMatchObject({ delivered: true, status: 200 });
  expect(s.receiver.events.at(-1)).toMatchObject({ kind: "message", pageId: ONE.id, text });
}

/**
 * Stack C: a Webhook with other fields and another callback (no takeOverCallback), on the app A and
 * B share. Its up must fail; the step's result is that failed up (its calls and output).
 */
async function moveCallback(s: BotSuite, mode: string): Promise<StepResult> {
  const c = await s.harness.newStack({
    program: programB(path.join(workDir(), `webhook-sharing-${mode}-c`), {
      fields: ["messaging_optins"],
      callbackKey: "otherUrl",
      page: false,
    }),
    kind: "c",
    config: { ...botConfig(s.receiver, TWO), otherUrl: "https://elsewhere.example.com/webhook" },
  });
  try {
    await c.up("C up");
  } catch (e) {
    const last = c.lastStep;
    if (last === undefined || !last.failed) throw e;
    const message = e instanceof Error ? e.message : String(e);
    return {
      step: "C fails",
      op: "run",
      calls: last.calls,
      changes: {},
      output: `${last.output}\n${message}`,
      stdout: "",
      ms: 0,
    };
  }
  throw new Error("stack C's up must fail: it would move the callback of A's and B's fields");
}

/** Stack B's steps: its stack is made by its first up, on the suite's session. */
function stackB(s: BotSuite, mode: string) {
  let b: HarnessStack | undefined;
  const stack = async (): Promise<HarnessStack> =>
    (b ??= await s.harness.newStack({
      program: programB(path.join(workDir(), `webhook-sharing-${mode}-b`)),
      kind: "b",
      config: botConfig(s.receiver, TWO),
    }));
  const on = (step: string, op: "up" | "destroy") => ({ run: async () => (await stack())[op](step) }) as const;
  return {
    up: (step: string): TestStep => ({
      title: `${mode}: B up: GET + 1 POST of the union of A's and B's fields (A's kept), Page Two subscribed`,
      name: step,
      op: on(step, "up"),
      calls: exactly(
        call.appGet(),
        () => call.appPost(s.receiver.url, BOTH),
        call.me(TWO),
        call.pageSubscribe(B_FIELDS, TWO),
      ),
      validate: (r: StepResult) => {
        expect(r.changes).toEqual({ create: 3 });
        appPage(s, BOTH);
      },
    }),
    destroy: (step: string, title: string, after: () => void): TestStep => ({
      title: `${mode}: ${title}`,
      name: step,
      op: on(step, "destroy"),
      calls: exactly(call.appDelete(B_FIELDS), call.pageDelete(TWO)),
      validate: (r: StepResult) => {
        expect(r.changes).toEqual({ delete: 3 });
        after();
      },
    }),
  };
}

/** Stack A (the TS bot) comes first: GET + POST of its fields alone. */
function aUp(s: BotSuite, mode: string): TestStep {
  return {
    title: `${mode}: A up (the TS bot): GET + POST of A's fields on the app, Page One subscribed`,
    name: "A up",
    op: "up",
    changes: { create: 4 },
    calls: exactly(call.me(), call.profileSet(), call.me(), call.pageSubscribe(BOT_FIELDS), call.appGet(), () =>
      call.appPost(s.receiver.url, BOT_FIELDS),
    ),
    validate: () => {
      appPage(s, BOT_FIELDS);
      pages(s, BOT_FIELDS, undefined);
    },
  };
}

/** With B's fields on the app: A's events flow, A's refresh sees no drift, A's up calls nothing. */
function aUnaffected(s: BotSuite, mode: string): TestStep[] {
  return [
    {
      title: `${mode}: A's events still flow with B's fields on the app`,
      name: "A receives (B up)",
      validate: () => aStillReceives(s, `${mode}: after B up`),
    },
    {
      title: `${mode}: A refresh sees no drift: 1 GET each`,
      name: "A refresh",
      op: "refresh",
      changes: { same: 4 },
      calls: exactly(call.profileGet(), call.appGet(), call.pageGet()),
    },
    {
      title: `${mode}: A up, nothing changed: 0 calls`,
      name: "A up (no change)",
      op: "up",
      calls: 0,
      changes: { same: 4 },
    },
  ];
}

/** Stack C, moving the callback of A's and B's fields, fails and writes nothing. */
function cFails(s: BotSuite, mode: string): TestStep {
  return {
    title: `${mode}: a stack moving the app's callback elsewhere fails while A's and B's fields are subscribed, writing nothing`,
    name: "C fails",
    op: { run: () => moveCallback(s, mode) },
    validate: (r) => {
      expect(r.output).toMatch(/takeOverCallback: true/);
      expect(r.calls.filter((c) => c.method !== "GET")).toEqual([]);
      appPage(s, BOTH);
      pages(s, BOT_FIELDS, B_FIELDS);
    },
  };
}

/** A leaves while B stays: only A's fields go. */
function aDestroy(s: BotSuite, mode: string): TestStep {
  return {
    title: `${mode}: A destroy: DELETE of A's fields only, Page One unsubscribed, profile deleted; B's fields intact`,
    name: "A destroy",
    op: "destroy",
    changes: { delete: 4 },
    calls: exactly(call.profileDelete(), call.pageDelete(), call.appDelete(BOT_FIELDS)),
    validate: () => {
      appPage(s, B_FIELDS);
      pages(s, undefined, B_FIELDS);
    },
  };
}

/** A up, B up, B destroy, B up again, C fails, A destroy, B destroy. */
function sharingSteps(s: BotSuite, mode: "merge" | "replace"): TestStep[] {
  const b = stackB(s, mode);
  return [
    {
      title: `${mode}: the emulator's POST behaviour is ${mode}; the app has no page subscription`,
      name: "mode",
      before: () => s.emu.setSubscriptionPost(mode),
      validate: () => appPage(s, []),
    },
    aUp(s, mode),
    b.up("B up"),
    ...aUnaffected(s, mode),
    b.destroy(
      "B destroy",
      "B destroy: 1 DELETE of B's fields only, Page Two unsubscribed; A's fields and Page One intact",
      () => {
        appPage(s, BOT_FIELDS);
        pages(s, BOT_FIELDS, undefined);
      },
    ),
    {
      title: `${mode}: A's events still flow after B left`,
      name: "A receives (B destroyed)",
      validate: () => aStillReceives(s, `${mode}: after B destroy`),
    },
    b.up("B up again"),
    cFails(s, mode),
    aDestroy(s, mode),
    b.destroy("B destroy (last)", "B destroy: the app and both Pages have nothing left, as before", () => {
      appPage(s, []);
      pages(s, undefined, undefined);
    }),
  ];
}

const suites = (["merge", "replace"] as const).map(
  (mode) =>
    new BotSuite({
      label: `webhook-sharing-${mode}`,
      emulator: { subscriptionPost: mode },
      test: (s) => ({ program: BOT_DIR, config: botConfig(s.receiver) }),
      steps: (s) => sharingSteps(s, mode),
    }),
);

describe("two stacks sharing an app and its callback", () => {
  const sessions = useSessions("Graph calls per step: webhook sharing");

  beforeAll(async () => {
    await Promise.all(suites.map((s) => s.start(sessions)));
  });
  afterAll(async () => {
    await Promise.all(suites.map((s) => s.close()));
  });

  for (const s of suites) describe(s.label, () => s.tests());

  test("no token, app secret, app token, proof or verify token in any CLI output, state file or Pulumi home", async () => {
    await Promise.all(suites.map((s) => s.run.done.catch(() => undefined)));
    expect(scanSessions(sessions).secrets).toBe(9);
  });

  test("every call carried an appsecret_proof the emulator judged valid: the app token's and the Page token's alike", async () => {
    await Promise.all(suites.map((s) => s.run.done.catch(() => undefined)));
    const verdicts = proofVerdicts();
    expect(verdicts.checked).toBeGreaterThan(0);
    expect(verdicts.notValid).toEqual([]);
  });
});
