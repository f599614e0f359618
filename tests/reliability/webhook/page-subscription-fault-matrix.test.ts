/**
 * Fault matrix of `MessengerPageSubscription` on its lifecycle (`PageSubscriptionLifecycle`), over
 * real HTTP against the emulator: create (fault on its POST, after its GET /me), update (its POST),
 * read (refresh, its GET) and delete × every fault of `SUBSCRIPTION_FAULTS`
 * (tests/support/webhook-faults.ts), each row on a Page of its own that also subscribes a bystander
 * app no row owns: after every step and the engine's next step the bystander's subscription is
 * intact, and the Page subscribes the row's app to exactly the declared fields (see
 * tests/support/webhook-matrix.ts for what each row checks). Rows rotate the source of the Page
 * token and the app's credentials (inputs, stack config, environment), Pages that require
 * appsecret_proof, and the observer (onAttempt, MESSENGER_DEBUG).
 */
import { startEmulator, type Emulator, type PageSeed } from "../../../emulator";
import type { AttemptReport } from "../../../provider/graph/client";
import { scenario, useReport } from "../../support/report";
import { SUBSCRIPTION_FAULTS } from "../../support/webhook-faults";
import { runFaultRow } from "../../support/webhook-matrix";
import { pageSubscriptionPlan, type PageSubscriptionOp } from "../../support/webhook-plans";
import {
  appPage,
  APPS,
  CREDENTIAL_SOURCES,
  pageSubscriptionLifecycle,
  WEBHOOK_RETRY,
} from "../../support/webhook-world";

useReport("fault-matrix-page-subscription", "MessengerPageSubscription");
const CATEGORY = "fault-matrix/webhook";

const OPS: readonly PageSubscriptionOp[] = ["create", "update", "read", "delete"];
const TITLES: Readonly<Record<PageSubscriptionOp, string>> = {
  create: "create (POST after GET /me)",
  update: "update (POST)",
  read: "read (GET)",
  delete: "delete (DELETE)",
};
const rows = OPS.flatMap((op) => SUBSCRIPTION_FAULTS.map((fc) => ({ op, fc })));
const pages: PageSeed[] = rows.map((_, i) => appPage(100 + i, Math.floor(i / 2) % 2 === 1));

let emu: Emulator;
const savedDebug = process.env.MESSENGER_DEBUG;

beforeAll(async () => {
  process.env.MESSENGER_DEBUG = "1";
  emu = await startEmulator({ port: 0, apps: APPS, pages });
});
afterAll(async () => {
  if (savedDebug === undefined) delete process.env.MESSENGER_DEBUG;
  else process.env.MESSENGER_DEBUG = savedDebug;
  await emu?.close();
});
beforeEach(() => {
  emu.clearFaults();
  emu.clearRequests();
});

describe("fault matrix on the MessengerPageSubscription lifecycle (real HTTP)", () => {
  rows.forEach(({ op, fc }, i) => {
    const page = pages[i];
    const source = CREDENTIAL_SOURCES[i % 3];
    const observed = i % 2 === 0;
    const variant = `token and app from ${source}${page.appSecret ? ", appsecret_proof required" : ""}, ${observed ? "onAttempt" : "MESSENGER_DEBUG log"}`;
    scenario(
      CATEGORY,
      `${TITLES[op]} × ${fc.title} [${variant}]`,
      async () => {
        const reports: AttemptReport[] | undefined = observed ? [] : undefined;
        const retry = { ...WEBHOOK_RETRY, ...fc.retry };
        const lc = pageSubscriptionLifecycle(emu, {
          source,
          retry,
          page,
          ...(reports ? { observer: (r) => reports.push(r) } : {}),
        });
        const plan = pageSubscriptionPlan({ emu, lc, op, source, page });
        return runFaultRow({ emu, ...(reports ? { reports } : {}) }, plan, fc, retry.deadlineMs);
      },
      30_000,
      "MessengerPageSubscription",
    );
  });
});
