/**
 * Bad `MessengerWebhook` and `MessengerPageSubscription` input: every case of the table
 * (tests/support/webhook-bad-inputs.ts) is refused by `check` (what the engine runs at preview) with
 * the case's property and a reason that starts with the exact path of the offending value and says
 * what to do; nothing else is blamed; the inputs check returns still encode as the protobuf Struct the
 * dynamic-provider host sends back; no reason quotes a secret (the verify token, the app secret and
 * app token, a Page token, a password in a URL, in any encoding the scan knows); and the emulator
 * receives no request at all.
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { startEmulator, type Emulator } from "../../../emulator";
import { readProviderSettings } from "../../../provider/core/settings";
import { PageSubscriptionLifecycle } from "../../../provider/page-subscription/lifecycle";
import { WebhookLifecycle } from "../../../provider/webhook/lifecycle";
import { scenario, useReport } from "../../support/report";
import { errorTexts, secrets } from "../../support/secret-scan";
import { scanRow } from "../../support/webhook-matrix";
import { URL_PASSWORD, WEBHOOK_BAD_INPUTS, type Ambient, type WebhookBadInput } from "../../support/webhook-bad-inputs";
import { APP, appPage, APPS } from "../../support/webhook-world";

useReport("bad-input-webhook", "MessengerWebhook");
const CATEGORY = "bad-input/webhook";

const page = appPage(900);
secrets.add("the password in a callback URL", URL_PASSWORD);
let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, apps: APPS, pages: [page] });
});
afterAll(async () => {
  await emu?.close();
});

/** The environment of a case: the emulator's endpoint and what `ambient` says. */
function environment(ambient: Ambient = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { MESSENGER_GRAPH_API_URL: emu.url };
  if (ambient.appId !== false) env.MESSENGER_APP_ID = typeof ambient.appId === "string" ? ambient.appId : APP.id;
  if (ambient.appSecret !== false) env.MESSENGER_APP_SECRET = APP.secret;
  if (ambient.token !== false) env.MESSENGER_PAGE_ACCESS_TOKEN = page.token;
  return env;
}

/** Runs the case's check as the engine does; returns the failures, the inputs and what it threw. */
async function runCheck(c: WebhookBadInput) {
  const settings = readProviderSettings(undefined, environment(c.ambient));
  const news = c.inputs as never;
  try {
    const r =
      c.resource === "MessengerWebhook"
        ? await new WebhookLifecycle({ settings }).check({} as never, news)
        : await new PageSubscriptionLifecycle({ settings }).check({} as never, news);
    return { failures: r.failures ?? [], inputs: r.inputs as unknown, thrown: undefined };
  } catch (e) {
    return { failures: [], inputs: undefined, thrown: e };
  }
}

test("the table has at least 30 cases, each with a distinct name per path", () => {
  expect(WEBHOOK_BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
  const names = WEBHOOK_BAD_INPUTS.map((c) => `${c.resource} ${c.path}: ${c.name}`);
  expect(new Set(names).size).toBe(names.length);
});

describe("bad MessengerWebhook and MessengerPageSubscription input is refused by check, 0 Graph calls", () => {
  for (const c of WEBHOOK_BAD_INPUTS) {
    const title = `${c.resource === "MessengerWebhook" ? "webhook" : "page subscription"} ${c.path}: ${c.name}`;
    scenario(
      CATEGORY,
      title,
      async () => {
        emu.clearRequests();
        const { failures, inputs, thrown } = await runCheck(c);
        const texts = [
          { where: "check failures", text: JSON.stringify(failures) },
          ...errorTexts(thrown, "check error"),
        ];
        const details = { path: c.path, property: c.property, reasons: failures.map((f) => f.reason.slice(0, 300)) };
        const scan = scanRow(texts, details);
        expect(thrown).toBeUndefined();
        expect(failures.length).toBeGreaterThanOrEqual(1);
        for (const f of failures) {
          expect(f.property).toBe(c.property);
          expect(f.reason.startsWith(`${c.path} `)).toBe(true);
          expect(f.reason).toMatch(c.reason);
          expect(f.reason.length).toBeGreaterThan(c.path.length + 20);
        }
        // The host sends check's inputs back as a protobuf Struct: they must encode.
        expect(() => Struct.fromJavaScript(inputs as never)).not.toThrow();
        expect(emu.requests()).toEqual([]);
        return { details, scan };
      },
      undefined,
      c.resource,
    );
  }
});
