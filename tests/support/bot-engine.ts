/**
 * What the bot engine suites (tests/e2e/bot.test.ts, tests/e2e/webhook-sharing.test.ts) share: a
 * program test with its own emulator (apps, POST behaviour) and its own webhook receiver
 * (examples/bot/receiver.ts on a loopback port), the bot's config, the exact Graph requests of the
 * bot's three resources (Page calls with the Page token, app calls with the app token, both with
 * `appsecret_proof`), the state of the app and the Page to compare before and after, and the secrets
 * the scan looks for.
 */
import * as fs from "fs";
import * as path from "path";
import {
  DEFAULT_APPS,
  DEFAULT_PAGES,
  type Emulator,
  type EmulatorOptions,
  type LoggedRequest,
  type PageSeed,
} from "../../emulator";
import {
  EXAMPLES_DIR,
  REPO_ROOT,
  copyProgram,
  normalizeQuery,
  type Harness,
  startProgramTest,
  type ConfigInput,
  type HarnessStack,
  type ProgramRun,
  type ProgramTestOptions,
  type StateResource,
} from "../../harness";
import { appSecretProof } from "../../provider/graph/client";
import { startReceiver, type Receiver } from "../../examples/bot/receiver";
import { secrets } from "./secret-scan";
import { workDir, type Sessions, type TestStep } from "./engine";

/** The app of the bot (the emulator's default app: every default Page's token is its). */
export const APP = DEFAULT_APPS[0];
/** Another app, subscribed on Page One out of band: the bot must never touch it. */
export const OTHER_APP = { id: "3000000000000002", name: "Other App", secret: "emulatorappsecret0000000000000002" };
/** Both apps, as the emulator's seed (the bot's app first: the default Pages' tokens are its). */
export const APPS = [APP, OTHER_APP] as const;
export const [ONE, TWO] = DEFAULT_PAGES;
/** The verify token of every bot stack and receiver (fake). */
export const VERIFY_TOKEN = "bot-suite-verify-token-not-a-secret-0001";
/** The webhook fields the bot owns, on the app and on the Page. */
export const BOT_FIELDS = ["messages", "messaging_postbacks"] as const;
/** The app token, as the provider derives it. */
export const APP_TOKEN = `${APP.id}|${APP.secret}`;
/** A sender's Page-scoped id. */
export const PSID = "7000000000000001";

/** The folder of the TypeScript bot, run in place (it imports the package through the self-link). */
export const BOT_DIR = path.join(EXAMPLES_DIR, "bot");

/** The bot's profile on the wire (the menu's composerInputDisabled defaults to false). */
export const BOT_PROFILE_WIRE = {
  get_started: { payload: "GET_STARTED" },
  greeting: [{ locale: "default", text: "Hi {{user_first_name}}! Tap Get Started, or just write to us." }],
  persistent_menu: [
    {
      locale: "default",
      composer_input_disabled: false,
      call_to_actions: [
        { type: "postback", title: "Help", payload: "HELP" },
        { type: "postback", title: "Start over", payload: "GET_STARTED" },
      ],
    },
  ],
};
/** Every Messenger profile field, as a profile's import reads them. */
const MESSENGER_EXPANSION =
  "whitelisted_domains,get_started,greeting,ice_breakers,persistent_menu,commands,account_linking_url";
/** The profile fields the bot owns. */
export const BOT_PROFILE_FIELDS = Object.keys(BOT_PROFILE_WIRE);

/** Registers every secret of the bot suites with the scan: tokens, app secrets, app token, proofs, verify token. */
export function registerBotSecrets(): void {
  for (const p of DEFAULT_PAGES) {
    secrets.add(`token of Page ${p.id}`, p.token);
    secrets.add(`appsecret_proof of Page ${p.id}`, appSecretProof(p.token, APP.secret));
  }
  for (const a of APPS) secrets.add(`secret of app ${a.id}`, a.secret);
  secrets.add("app token", APP_TOKEN);
  secrets.add("appsecret_proof of the app token", appSecretProof(APP_TOKEN, APP.secret));
  secrets.add("verify token", VERIFY_TOKEN);
}

const secret = (value: string) => ({ value, secret: true });

/** The bot's stack config: the Page's token, the app, the receiver's URL, the verify token. */
export function botConfig(receiver: Receiver, page: PageSeed = ONE): ConfigInput {
  return {
    "messenger:pageAccessToken": secret(page.token),
    "messenger:appId": APP.id,
    "messenger:appSecret": secret(APP.secret),
    callbackUrl: receiver.url,
    verifyToken: secret(VERIFY_TOKEN),
  };
}

/** A YAML program's `plugins:` path made absolute (the copy lives outside the repository). */
export function withAbsolutePluginPath(dir: string): string {
  const file = path.join(dir, "Pulumi.yaml");
  const text = fs.readFileSync(file, "utf8");
  if (!text.includes("path: ../../bin")) throw new Error(`${file} does not find the plugin at ../../bin`);
  fs.writeFileSync(file, text.replace("path: ../../bin", `path: ${JSON.stringify(path.join(REPO_ROOT, "bin"))}`));
  return dir;
}

/** A copy of examples/bot-yaml in the run's work directory, finding the plugin by an absolute path. */
export function yamlBotCopy(name: string): string {
  return withAbsolutePluginPath(copyProgram(path.join(EXAMPLES_DIR, "bot-yaml"), path.join(workDir(), name)).dir);
}

/**
 * A program test with its own emulator (its apps and POST behaviour) and its own webhook receiver,
 * whose steps are jest tests: {@link BotSuite.start} from a beforeAll (suites run concurrently),
 * {@link BotSuite.close} from an afterAll.
 */
export class BotSuite {
  /** The session, once started. */
  harness!: Harness;
  /** The running program test, once started. */
  run!: ProgramRun;
  /** The webhook receiver, once started. */
  receiver!: Receiver;
  /** The steps. */
  readonly steps: readonly TestStep[];

  constructor(
    private readonly o: {
      readonly label: string;
      /** The emulator's options (Pages default to both default Pages, apps to {@link APPS}). */
      readonly emulator?: Omit<EmulatorOptions, "port">;
      readonly test: (suite: BotSuite) => Omit<ProgramTestOptions, "steps">;
      readonly steps: (suite: BotSuite) => TestStep[];
    },
  ) {
    this.steps = o.steps(this);
  }

  /** The suite's label. */
  get label(): string {
    return this.o.label;
  }

  /** The session's emulator. */
  get emu(): Emulator {
    return this.harness.emu;
  }

  /** Starts the receiver, opens the session and starts the steps (returns at once). */
  async start(sessions: Sessions): Promise<void> {
    this.receiver = await startReceiver({
      port: 0,
      host: "127.0.0.1",
      verifyToken: VERIFY_TOKEN,
      appSecret: APP.secret,
    });
    const { pages = DEFAULT_PAGES, ...emulator } = this.o.emulator ?? {};
    this.harness = await sessions.open(this.o.label, pages, { emulator: { apps: [...APPS], ...emulator } });
    this.run = startProgramTest(this.harness, { ...this.o.test(this), steps: this.steps });
  }

  /** Registers one jest test per step (inside the caller's describe). */
  tests(): void {
    for (const s of this.steps)
      test(s.title, async () => {
        await this.run.step(s.name);
      });
  }

  /** Stops the receiver. */
  async close(): Promise<void> {
    await this.receiver?.close();
  }
}

/** An exact request: a Page call (with `pageId`) or an app call (without). */
export interface BotRequest {
  readonly method: "GET" | "POST" | "DELETE";
  /** The path, with the version. */
  readonly path: string;
  /** The query, secret values as `[REDACTED]` (see {@link normalizeQuery}). */
  readonly rawQuery: string;
  /** The body, exactly. */
  readonly body: string;
  /** The Page the token authenticates, for a Page call. */
  readonly pageId?: string;
}

const AUTH = "access_token=[REDACTED]&appsecret_proof=[REDACTED]";
const withAuth = (query?: string) => (query === undefined ? AUTH : `${query}&${AUTH}`);

/** A Page call (v25.0) with the Page's token and its proof. */
export function pageCall(
  page: PageSeed,
  method: BotRequest["method"],
  route: string,
  o: { readonly body?: unknown; readonly query?: string } = {},
): BotRequest {
  const body = o.body === undefined ? "" : JSON.stringify(o.body);
  return { method, path: `/v25.0${route}`, rawQuery: withAuth(o.query), body, pageId: page.id };
}

/** An app call (v25.0) with the app token and its proof. */
export function appCall(
  method: BotRequest["method"],
  o: { readonly body?: unknown; readonly query?: string } = {},
): BotRequest {
  const body = o.body === undefined ? "" : JSON.stringify(o.body);
  return { method, path: `/v25.0/${APP.id}/subscriptions`, rawQuery: withAuth(o.query), body };
}

/** The exact requests of the bot's resources. */
export const botCalls = {
  /** `GET /me` of a Page resource's create. */
  me: (page: PageSeed = ONE) => pageCall(page, "GET", "/me", { query: "fields=id,name" }),
  profileSet: (page: PageSeed = ONE) => pageCall(page, "POST", "/me/messenger_profile", { body: BOT_PROFILE_WIRE }),
  profileGet: (page: PageSeed = ONE) =>
    pageCall(page, "GET", "/me/messenger_profile", { query: `fields=${BOT_PROFILE_FIELDS.join(",")}` }),
  profileDelete: (page: PageSeed = ONE) =>
    pageCall(page, "DELETE", "/me/messenger_profile", { body: { fields: BOT_PROFILE_FIELDS } }),
  /** The one `GET /me` of a profile's import: the Page and its whole Messenger profile. */
  importMe: (page: PageSeed = ONE) =>
    pageCall(page, "GET", "/me", {
      query: `fields=id,name,${encodeURIComponent(`messenger_profile{${MESSENGER_EXPANSION}}`).replace(/%2C/g, ",")}`,
    }),
  appGet: () => appCall("GET"),
  /** POST of the app's subscription: `fields` is every field the object will have (the union). */
  appPost: (callbackUrl: string, fields: readonly string[]) =>
    appCall("POST", {
      body: {
        object: "page",
        callback_url: callbackUrl,
        fields: fields.join(","),
        include_values: false,
        verify_token: VERIFY_TOKEN,
      },
    }),
  appDelete: (fields: readonly string[]) =>
    appCall("DELETE", { query: `object=page&fields=${encodeURIComponent(fields.join(",")).replace(/%2C/g, ",")}` }),
  pageSubscribe: (fields: readonly string[], page: PageSeed = ONE) =>
    pageCall(page, "POST", `/${page.id}/subscribed_apps`, { body: { subscribed_fields: fields.join(",") } }),
  pageGet: (page: PageSeed = ONE) => pageCall(page, "GET", `/${page.id}/subscribed_apps`),
  pageDelete: (page: PageSeed = ONE) => pageCall(page, "DELETE", `/${page.id}/subscribed_apps`),
};

/** Every call {@link exactBotCalls} checked in this file. */
const provenCalls: LoggedRequest[] = [];

/**
 * The emulator's verdict on the `appsecret_proof` of every call {@link exactBotCalls} checked, by
 * call: each must be "valid" (the HMAC-SHA256 of the call's token under the app secret), for app
 * calls (app token) and Page calls (a Page token of the same app) alike.
 */
export function proofVerdicts(): { readonly checked: number; readonly notValid: string[] } {
  return {
    checked: provenCalls.length,
    notValid: provenCalls
      .filter((c) => c.appSecretProof !== "valid")
      .map((c) => `${keyOf(c)}: ${c.appSecretProof ?? "no proof"}`),
  };
}

/** The verify token as the emulator may log it: in clear, or redacted as a secret. */
const bodyForms = (body: string): string[] => [
  body,
  body.replace(JSON.stringify(VERIFY_TOKEN), JSON.stringify("[REDACTED]")),
];

const keyOf = (c: { method: string; path: string; rawQuery: string; pageId?: string }) =>
  `${c.method} ${c.path}?${normalizeQuery(c.rawQuery)} ${c.pageId ?? "(app)"}`;

/** The logged body, whole: a body logged as a prefix is matched against `expected` by prefix and length. */
function loggedBody(c: LoggedRequest, expected: string): string {
  if (c.body === expected || Buffer.byteLength(expected) !== c.bodyBytes) return c.body;
  return bodyForms(expected).some((f) => f.startsWith(c.body)) ? expected : c.body;
}

/**
 * A step check: the step's calls are exactly these requests (method, path, query with secrets
 * redacted, body, the Page the token authenticated or none for app calls), in any order, each
 * answered 200 (their `appsecret_proof`s are judged by {@link proofVerdicts}). A request given as a function is made
 * when the step is checked (e.g. one naming the receiver's URL, known once the suite started).
 */
export function exactBotCalls(...wanted: Array<BotRequest | (() => BotRequest)>) {
  return (calls: readonly LoggedRequest[]): void => {
    const expected = wanted.map((w) => (typeof w === "function" ? w() : w));
    const made = calls.map((c) => ({ key: keyOf(c), call: c }));
    const left = [...made];
    const missing: string[] = [];
    for (const w of expected) {
      const i = left.findIndex((m) => m.key === keyOf(w) && bodyForms(w.body).includes(loggedBody(m.call, w.body)));
      if (i === -1) missing.push(`${keyOf(w)} ${w.body}`);
      else left.splice(i, 1);
    }
    expect({ missing, unexpected: left.map((m) => `${m.key} ${m.call.body}`) }).toEqual({
      missing: [],
      unexpected: [],
    });
    expect(calls.map((c) => `${keyOf(c)} ${c.status}`)).toEqual(calls.map((c) => `${keyOf(c)} 200`));
    provenCalls.push(...calls);
    for (const c of calls) if (c.body !== "") expect(c.contentType).toMatch(/^application\/json/);
  };
}

/** The resource named `name` in a stack's raw state (any type: the bot's types are not in engine.ts's lists). */
export function stateNamed(stack: HarnessStack, name: string): StateResource {
  const r = stack.rawResources().find((x) => x.urn.endsWith(`::${name}`));
  if (r === undefined) throw new Error(`no resource "${name}" in state`);
  return r;
}

/** What the bot suites compare before and after: the apps' subscriptions and the Pages' subscribed apps. */
export function subscriptionsOf(emu: Emulator): unknown {
  return {
    apps: APPS.map((a) => emu.app(a.id)),
    pages: DEFAULT_PAGES.map((p) => ({ page: p.id, apps: emu.pageSubscriptions(p.id) })),
  };
}
