/**
 * Fault matrix of `MessengerWebhook` on its lifecycle (`WebhookLifecycle`), over real HTTP against
 * the emulator, whose POST /{app-id}/subscriptions verifies a loopback callback: create (fault on
 * its POST), update adding a field (its POST), update removing one (its DELETE), update adding one
 * and removing another (its DELETE, after the POST went through), read (refresh, its GET) and
 * delete × every fault of `SUBSCRIPTION_FAULTS` (tests/support/webhook-faults.ts). Steps whose step
 * or next step POSTs run under both behaviours of Graph's POST (fields merged or replaced).
 *
 * The app starts each row with another owner's fields on the same object and callback, a
 * subscription of the other object, and a bystander app: after every step and the engine's next
 * step, none of them may have changed, and the owned fields are as declared (see
 * tests/support/webhook-matrix.ts for what each row checks). Rows rotate the source of the app's
 * credentials (inputs, stack config, environment) and the observer (onAttempt, MESSENGER_DEBUG).
 */
import { startEmulator, type Emulator } from "../../../emulator";
import type { AttemptReport } from "../../../provider/graph/client";
import { startCallback, type CallbackServer } from "../../support/callback-server";
import { scenario, useReport } from "../../support/report";
import { SUBSCRIPTION_FAULTS } from "../../support/webhook-faults";
import { runFaultRow } from "../../support/webhook-matrix";
import { webhookPlan, type WebhookOp } from "../../support/webhook-plans";
import {
  appPage,
  APPS,
  CREDENTIAL_SOURCES,
  VERIFY_TOKEN,
  WEBHOOK_RETRY,
  webhookLifecycle,
} from "../../support/webhook-world";

useReport("fault-matrix-webhook", "MessengerWebhook");
const CATEGORY = "fault-matrix/webhook";

/** Steps whose step or next step POSTs: run under both behaviours of the POST. */
const BOTH_MODES: readonly WebhookOp[] = ["create", "update-add", "update-swap", "read"];
const MERGE_ONLY: readonly WebhookOp[] = ["update-remove", "delete"];
const TITLES: Readonly<Record<WebhookOp, string>> = {
  create: "create (POST)",
  "update-add": "update adding a field (POST)",
  "update-remove": "update removing a field (DELETE)",
  "update-swap": "update adding and removing (DELETE after the POST)",
  read: "read (GET)",
  delete: "delete (DELETE)",
};

const rows = [
  ...BOTH_MODES.flatMap((op) => (["merge", "replace"] as const).map((mode) => ({ op, mode }))),
  ...MERGE_ONLY.map((op) => ({ op, mode: "merge" as const })),
].flatMap(({ op, mode }) => SUBSCRIPTION_FAULTS.map((fc) => ({ op, mode, fc })));

let emu: Emulator;
let callback: CallbackServer;
const savedDebug = process.env.MESSENGER_DEBUG;

beforeAll(async () => {
  process.env.MESSENGER_DEBUG = "1";
  emu = await startEmulator({ port: 0, apps: APPS, pages: [appPage(0)] });
  callback = await startCallback(VERIFY_TOKEN);
});
afterAll(async () => {
  if (savedDebug === undefined) delete process.env.MESSENGER_DEBUG;
  else process.env.MESSENGER_DEBUG = savedDebug;
  await callback?.close();
  await emu?.close();
});
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});

describe("fault matrix on the MessengerWebhook lifecycle (real HTTP, a verified loopback callback)", () => {
  rows.forEach(({ op, mode, fc }, i) => {
    const source = CREDENTIAL_SOURCES[i % 3];
    const observed = Math.floor(i / 2) % 2 === 0;
    const variant = `POST ${mode}s, app credentials from ${source}, ${observed ? "onAttempt" : "MESSENGER_DEBUG log"}`;
    scenario(
      CATEGORY,
      `${TITLES[op]} × ${fc.title} [${variant}]`,
      async () => {
        const reports: AttemptReport[] | undefined = observed ? [] : undefined;
        const retry = { ...WEBHOOK_RETRY, ...fc.retry };
        const lc = webhookLifecycle(emu, { source, retry, ...(reports ? { observer: (r) => reports.push(r) } : {}) });
        const plan = webhookPlan({ emu, lc, op, mode, source, callbackUrl: callback.url });
        return runFaultRow({ emu, ...(reports ? { reports } : {}) }, plan, fc, retry.deadlineMs);
      },
      30_000,
      "MessengerWebhook",
    );
  });
});
