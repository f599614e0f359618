// Checks the replay of bottender's webhook set-up (bottender.ts) against bottender's own code, for a
// machine where bottender is installed outside this repository (it cannot be a dependency: see
// bottender.ts). Not part of `npm run bench` or `npm test`. Usage:
//
//   npm install --prefix <dir> --ignore-scripts --no-save bottender@1.5.5
//   node dist/bench/webhook-sync/verify-replay.js <dir>/node_modules
//
// It points bottender's client at an in-process emulator by rewriting the base URL of the axios
// instance its MessengerClient creates (any base URL but Graph's is refused, so nothing can leave the
// machine), answers yes to its confirmation prompt, and runs bottender's `messenger webhook set -w
// <callback>` command (its `webhook.js` module's entry, with the argv its CLI passes) once per step of
// the sequence, with a `bottender.config.js` holding the step's fields, in a temporary directory.
// Then it runs the replay on a fresh emulator with the same seeds, and compares every step's requests
// byte for byte (method, path, query, Content-Type, body; the emulator's log has the tokens, the app
// secret and the proofs redacted) and whether each step failed. It does so under both ways the
// emulator can treat a POST of the app's subscription (fields merged or replaced), printing what the
// app and the Page held after each step. Exits 1 on any difference.
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { DEFAULT_APPS, makePages, startEmulator, type Emulator, type LoggedRequest } from "../../emulator";
import { UNLIMITED } from "../limits";
import { bottenderConfigOf, bottenderStep, type BottenderTarget } from "./bottender";
import { startReceiver, type CallbackReceiver } from "./receiver";
import { runWebhookSequence, type WebhookSideRun } from "./sequence";
import { WEBHOOK_SYNC_STEPS, webhookDeclarations, type WebhookDeclaration } from "./steps";

const GRAPH = "https://graph.facebook.com/";
const MODES = ["merge", "replace"] as const;
type PostMode = (typeof MODES)[number];

interface AxiosLike {
  create(config: { baseURL: string } & Record<string, unknown>): unknown;
}
interface PromptClass {
  prototype: { run: () => Promise<boolean> };
}
type WebhookMain = (ctx: { argv: { _: string[] } }) => Promise<void>;

/** bottender's own code, loaded from `modules` and pointed at whichever emulator `target.url` names. */
interface RealBottender {
  readonly main: WebhookMain;
  /** The emulator its client calls. */
  target: { url: string };
}

/** A request as compared: everything the emulator logged of it but its order and time. */
function comparable(r: LoggedRequest): string {
  return JSON.stringify([r.method, r.path, r.rawQuery, r.contentType ?? null, r.body]);
}

function loadBottender(modules: string): RealBottender {
  const load = createRequire(__filename);
  const target = { url: "" };
  // bottender's messaging-api-messenger resolves its own axios: rewrite the base URL it is given.
  const axios = load(require.resolve("axios", { paths: [path.join(modules, "messaging-api-messenger")] })) as AxiosLike;
  const create = axios.create.bind(axios);
  axios.create = (config) => {
    if (!config.baseURL.startsWith(GRAPH)) throw new Error(`refused base URL ${config.baseURL}`);
    return create({ ...config, baseURL: `${target.url}/${config.baseURL.slice(GRAPH.length)}` });
  };
  // The confirmation prompt ("Are you sure to create subscription with those settings?"): yes.
  const enquirer = load(require.resolve("enquirer", { paths: [path.join(modules, "bottender")] })) as {
    Confirm: PromptClass;
  };
  enquirer.Confirm.prototype.run = () => Promise.resolve(true);
  const webhook = load(path.join(modules, "bottender/dist/cli/providers/messenger/webhook.js")) as {
    default: WebhookMain;
  };
  return { main: webhook.default, target };
}

/** One side's run on a fresh emulator: its summary and every step's logged requests. */
async function onFreshEmulator(
  mode: PostMode,
  seeds: { pages: ReturnType<typeof makePages> },
  run: (emu: Emulator, steps: LoggedRequest[][]) => Promise<WebhookSideRun>,
): Promise<{ run: WebhookSideRun; steps: LoggedRequest[][] }> {
  const emu = await startEmulator({ port: 0, pages: seeds.pages, rateLimit: UNLIMITED, subscriptionPost: mode });
  try {
    const steps: LoggedRequest[][] = [];
    return { run: await run(emu, steps), steps };
  } finally {
    await emu.close();
  }
}

/** Wraps a step so that its logged requests (bodies included) are kept before the next step clears the log. */
function keeping(
  emu: Emulator,
  steps: LoggedRequest[][],
  apply: (d: WebhookDeclaration) => Promise<void>,
): (d: WebhookDeclaration) => Promise<void> {
  return async (d) => {
    try {
      await apply(d);
    } finally {
      steps.push(emu.requests());
    }
  };
}

async function compareMode(
  mode: PostMode,
  real: RealBottender,
  target: BottenderTarget,
  receiver: CallbackReceiver,
  dir: string,
): Promise<boolean> {
  const seeds = { pages: makePages(1, "EMULATOR-VERIFY-TOKEN") };
  const declarations = webhookDeclarations(receiver.urls);
  const config = path.join(dir, "bottender.config.js");
  const theirs = await onFreshEmulator(mode, seeds, (emu, steps) => {
    real.target.url = emu.url;
    return runWebhookSequence(
      emu,
      target,
      declarations,
      keeping(emu, steps, async (declared) => {
        const messenger = { enabled: true, ...bottenderConfigOf(target, declared) };
        fs.writeFileSync(config, `module.exports = ${JSON.stringify({ channels: { messenger } })};\n`);
        delete require.cache[config];
        await real.main({ argv: { _: ["messenger", "webhook", "set", "-w", declared.callbackUrl] } });
      }),
    );
  });
  const ours = await onFreshEmulator(mode, seeds, (emu, steps) =>
    runWebhookSequence(emu, target, declarations, keeping(emu, steps, bottenderStep(emu, target))),
  );
  return report(mode, theirs, ours);
}

function report(
  mode: PostMode,
  theirs: { run: WebhookSideRun; steps: LoggedRequest[][] },
  ours: { run: WebhookSideRun; steps: LoggedRequest[][] },
): boolean {
  console.log(`subscription POST mode "${mode}":`);
  let same = true;
  WEBHOOK_SYNC_STEPS.forEach((s, i) => {
    const a = theirs.steps[i].map(comparable);
    const b = ours.steps[i].map(comparable);
    const ok =
      JSON.stringify(a) === JSON.stringify(b) && (theirs.run.errors[i] === null) === (ours.run.errors[i] === null);
    same &&= ok;
    const r = theirs.run;
    console.log(`  ${ok ? "same" : "DIFFERENT"}  ${s.name}: bottender ${r.requests[i].join(", ")}`);
    if (r.errors[i] !== null) console.log(`    bottender failed: ${r.errors[i]}`);
    console.log(`    app ${r.appMatches[i] ? "as declared" : "NOT as declared"}: ${r.appHeld[i]}`);
    console.log(`    Page ${r.pageMatches[i] ? "as declared" : "NOT as declared"}: ${r.pageHeld[i]}`);
    if (!ok) {
      console.log(
        `    replay ${ours.run.requests[i].join(", ")}${ours.run.errors[i] ? ` (failed: ${ours.run.errors[i]})` : ""}`,
      );
      a.forEach((x, j) => x !== b[j] && console.log(`    bottender: ${x}\n    replay:    ${b[j] ?? "(none)"}`));
    }
  });
  return same;
}

async function main(modules: string): Promise<number> {
  const real = loadBottender(modules);
  const receiver = await startReceiver();
  const [page] = makePages(1, "EMULATOR-VERIFY-TOKEN");
  const app = DEFAULT_APPS[0];
  const target: BottenderTarget = {
    appId: app.id,
    pageId: page.id,
    pageToken: page.token,
    appSecret: app.secret,
    verifyToken: receiver.verifyToken,
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bottender-webhook-verify-"));
  const cwd = process.cwd();
  const exit = process.exit.bind(process);
  // bottender prints its errors and calls process.exit(1): make that a thrown error.
  process.exit = (code?: number | string | null): never => {
    throw new Error(`bottender exited with ${String(code)}`);
  };
  process.chdir(dir);
  try {
    let same = true;
    for (const mode of MODES) same = (await compareMode(mode, real, target, receiver, dir)) && same;
    const v = receiver.counts();
    console.log(`callback receiver: ${v.verified} verification(s) answered, ${v.refused} refused`);
    console.log(same ? "the replay sends what bottender sends, at every step" : "the replay differs from bottender");
    return same ? 0 : 1;
  } finally {
    process.exit = exit;
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
    await receiver.close();
  }
}

const modules = process.argv[2];
if (!modules) {
  console.error("usage: node dist/bench/webhook-sync/verify-replay.js <dir-with-bottender>/node_modules");
  process.exit(2);
}
main(path.resolve(modules)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
