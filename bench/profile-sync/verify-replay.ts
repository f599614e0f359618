// Checks the replay of bottender's profile sync (bottender.ts) against bottender's own code, for a
// machine where bottender is installed outside this repository (it cannot be a dependency: see
// bottender.ts). Not part of `npm run bench` or `npm test`. Usage:
//
//   npm install --prefix <dir> --ignore-scripts --no-save bottender@1.5.5
//   node dist/bench/profile-sync/verify-replay.js <dir>/node_modules
//
// It points bottender's client at an in-process emulator by rewriting the base URL of the axios
// instance its MessengerClient creates (any base URL but Graph's is refused, so nothing can leave the
// machine), runs bottender's `setMessengerProfile` (the `bottender messenger profile set` command) once
// per step with a `bottender.config.js` holding the step's profile, in a temporary directory, then the
// replay on another Page, and compares every step's requests byte for byte (method, path, query,
// body; tokens and the Graph version aside: bottender calls v6.0). Exits 1 on any difference.
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { makePages, startEmulator, type Emulator, type LoggedRequest } from "../../emulator";
import { UNLIMITED } from "../limits";
import { bottenderProfileOf, runBottender } from "./bottender";
import { PROFILE_SYNC_STEPS } from "./edits";
import { runSequence } from "./sequence";

const GRAPH = "https://graph.facebook.com/";

interface AxiosLike {
  create(config: { baseURL: string } & Record<string, unknown>): unknown;
}
type SetProfile = (ctx: { argv: { _: string[] } }) => Promise<void>;

/** A request with tokens and the Graph version masked, for comparison. */
function masked(r: LoggedRequest, tokens: readonly string[]): string {
  let text = JSON.stringify([r.method, r.path, r.rawQuery, r.body]).replace(/\/v\d+\.\d+\//g, "/vX/");
  for (const t of tokens) text = text.split(t).join("TOKEN");
  return text.replace(/\[REDACTED\]/g, "TOKEN");
}

async function main(modules: string): Promise<number> {
  const pages = makePages(2, "EMULATOR-VERIFY-TOKEN");
  const emu: Emulator = await startEmulator({ port: 0, pages, rateLimit: UNLIMITED });
  const tokens = pages.map((p) => p.token);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bottender-verify-"));
  const cwd = process.cwd();
  const exit = process.exit.bind(process);
  try {
    // bottender's messaging-api-messenger resolves its own axios: rewrite the base URL it is given.
    const axiosPath = require.resolve("axios", { paths: [path.join(modules, "messaging-api-messenger")] });
    const load = createRequire(__filename);
    const axios = load(axiosPath) as AxiosLike;
    const create = axios.create.bind(axios);
    axios.create = (config) => {
      if (!config.baseURL.startsWith(GRAPH)) throw new Error(`refused base URL ${config.baseURL}`);
      return create({ ...config, baseURL: `${emu.url}/${config.baseURL.slice(GRAPH.length)}` });
    };
    const profile = load(path.join(modules, "bottender/dist/cli/providers/messenger/profile.js")) as {
      setMessengerProfile: SetProfile;
    };
    // bottender prints its errors and calls process.exit(1): make that a thrown error.
    process.exit = (code?: number | string | null): never => {
      throw new Error(`bottender exited with ${String(code)}`);
    };
    process.chdir(dir);
    const config = path.join(dir, "bottender.config.js");
    const programs = PROFILE_SYNC_STEPS.map((s) => s.args);
    const realLog = recording(emu);
    const real = await runSequence(realLog.emu, pages[0].id, programs, async (args) => {
      const channels = { messenger: { enabled: true, accessToken: pages[0].token, profile: bottenderProfileOf(args) } };
      fs.writeFileSync(config, `module.exports = ${JSON.stringify({ channels })};\n`);
      delete require.cache[config];
      await profile.setMessengerProfile({ argv: { _: ["messenger", "profile", "set"] } });
    });
    const realSteps = realLog.steps();
    const replayLog = recording(emu);
    const replay = await runBottender(replayLog.emu, pages[1], programs);
    const replaySteps = replayLog.steps();
    let same = true;
    PROFILE_SYNC_STEPS.forEach((s, i) => {
      const a = realSteps[i].map((r) => masked(r, tokens));
      const b = replaySteps[i].map((r) => masked(r, tokens));
      const ok = JSON.stringify(a) === JSON.stringify(b) && (real.errors[i] === null) === (replay.errors[i] === null);
      same &&= ok;
      console.log(`${ok ? "same" : "DIFFERENT"}  ${s.name}: bottender ${real.requests[i].join(", ")}`);
      if (!ok) console.log(`  replay ${replay.requests[i].join(", ")}`);
    });
    console.log(same ? "the replay sends what bottender sends, at every step" : "the replay differs from bottender");
    return same ? 0 : 1;
  } finally {
    process.exit = exit;
    process.chdir(cwd);
    fs.rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

/**
 * The emulator, seen through a wrapper that keeps each step's logged requests (whole, bodies included)
 * before `runSequence` clears the log for the next step; `steps()` adds the last step's.
 */
function recording(emu: Emulator): { emu: Emulator; steps: () => LoggedRequest[][] } {
  const kept: LoggedRequest[][] = [];
  let cleared = 0;
  const wrapped = new Proxy(emu, {
    get(target, key) {
      if (key === "clearRequests")
        return () => {
          if (cleared++ > 0) kept.push(target.requests());
          target.clearRequests();
        };
      const v: unknown = Reflect.get(target, key);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { emu: wrapped, steps: () => [...kept, emu.requests()] };
}

const modules = process.argv[2];
if (!modules) {
  console.error("usage: node dist/bench/profile-sync/verify-replay.js <dir-with-bottender>/node_modules");
  process.exit(2);
}
main(path.resolve(modules)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
