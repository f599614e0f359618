// Shared helpers of the unit and integration tests: an emulator on a loopback port and a lifecycle
// wired to it through the environment the provider would read.
import { spawn } from "child_process";
import * as fs from "fs";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator";
import { retryEnv, type RetryPreset } from "../../harness/retry";
import { AccountLinkingLifecycle } from "../../provider/account-linking/lifecycle";
import { readProviderSettings } from "../../provider/core/settings";
import type { AttemptReport } from "../../provider/graph/client";
import type { AccountLinkingInputs } from "../../provider/account-linking/types";
import { DEFAULT_API_VERSION, type ApiKind } from "../../provider/account-linking/apis";

/** The fake tokens of the emulator's two default Pages. */
export const TOKEN_1 = "EMULATOR-PAGE-TOKEN-1-not-a-real-token";
export const TOKEN_2 = "EMULATOR-PAGE-TOKEN-2-not-a-real-token";
export const PAGE_1 = "1000000000000001";
export const PAGE_2 = "1000000000000002";

/**
 * In-process retries, rendered by the harness's one preset mechanism: backoffs of milliseconds, so
 * that retry tests take milliseconds (the engine runs use the harness's own FAST_RETRY).
 */
export const IN_PROCESS_RETRY: RetryPreset = {
  maxRetries: 3,
  backoffBaseMs: 5,
  backoffMaxMs: 20,
  attemptTimeoutMs: 500,
  deadlineMs: 3000,
};

/** Starts an emulator for one test file and closes it afterwards. */
export function useEmulator(options: EmulatorOptions = {}): () => Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    emu = await startEmulator({ port: 0, ...options });
  });
  afterAll(async () => {
    await emu?.close();
  });
  beforeEach(() => {
    emu?.clearFaults();
    emu?.clearRequests();
    emu?.resetRateLimits();
  });
  return () => {
    if (!emu) throw new Error("emulator not started");
    return emu;
  };
}

/** A lifecycle whose settings come from an environment pointing at `emu`. */
export function lifecycleFor(
  emu: Emulator,
  env: Record<string, string> = {},
  attempts?: AttemptReport[],
): AccountLinkingLifecycle {
  return new AccountLinkingLifecycle({
    settings: readProviderSettings(undefined, {
      MESSENGER_GRAPH_API_URL: emu.url,
      ...retryEnv(IN_PROCESS_RETRY),
      ...env,
    }),
    onAttempt: (r) => attempts?.push(r),
  });
}

/** Inputs as `check` would produce them. */
export function inputs(
  url: string,
  extra: Partial<AccountLinkingInputs> & { api?: ApiKind } = {},
): AccountLinkingInputs {
  const api = extra.api ?? "messenger_profile";
  return { accountLinkingUrl: url, api, apiVersion: extra.apiVersion ?? DEFAULT_API_VERSION[api], ...extra };
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a rejection, got a result");
}

/** What a finished script run printed. */
export interface ScriptRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a built script with this Node to its end, as a child process; fails when it has not exited
 * within the timeout (it is killed then).
 *
 * @param script - the built script (must exist: run `npm run build` first)
 * @param args - its arguments
 * @param o - its environment (default: this process's) and timeout
 */
export function runNodeScript(
  script: string,
  args: readonly string[],
  o: { readonly env?: NodeJS.ProcessEnv; readonly timeoutMs: number },
): Promise<ScriptRun> {
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: o.env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not exit within ${o.timeoutMs} ms (args ${args.join(" ")})`));
    }, o.timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
