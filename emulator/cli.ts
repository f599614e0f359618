#!/usr/bin/env node
/**
 * `messenger-graph-emulator`: runs the Graph API emulator until interrupted. See `--help` and
 * docs/emulator.md.
 *
 * Prints the URL, the Pages and the apps (ids and names; their tokens are fake and listed only
 * with --show-tokens) and, when one is set, the control token. A malformed command line prints one line
 * of error and the usage on stderr and exits 2.
 *
 * @packageDocumentation
 */
import * as fs from "fs";
import { isLoopbackAddress, CONTROL_TOKEN_HEADER, newControlToken } from "./access";
import { parseCliArgs, UsageError, USAGE, type CliArgs } from "./cli-args";
import { appAccessToken, DEFAULT_APPS } from "./apps";
import { DEFAULT_PAGES } from "./pages";
import { startEmulator } from "./server";
import { checkPageSeeds, EmulatorInputError } from "./validate";
import { checkAppSeeds } from "./webhook-inputs";

/** Reads a JSON seeds file given to `--<flag>` and checks it. */
function readSeeds<T>(flag: string, file: string, check: (v: unknown) => T): T {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new UsageError(`--${flag} ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  try {
    return check(JSON.parse(text));
  } catch (e) {
    throw new UsageError(`--${flag} ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/** A host given as a name or literal that is loopback (the bound address decides the warning). */
function isLoopbackHostArg(host: string): boolean {
  return host === "localhost" || isLoopbackAddress(host.replace(/^\[(.*)\]$/, "$1"));
}

async function run(args: CliArgs): Promise<void> {
  const pages = args.pagesFile ? readSeeds("pages", args.pagesFile, checkPageSeeds) : undefined;
  const apps = args.appsFile ? readSeeds("apps", args.appsFile, checkAppSeeds) : undefined;
  const controlToken = args.controlToken ?? (isLoopbackHostArg(args.host) ? undefined : newControlToken());
  const emu = await startEmulator({
    port: args.port,
    host: args.host,
    pages,
    apps,
    subscriptionPost: args.subscriptionPost,
    verifyTimeoutMs: args.verifyTimeoutMs,
    verifyCallbacks: !args.noVerifyCallbacks,
    rateLimit: {
      ...(args.rateLimitCalls !== undefined ? { calls: args.rateLimitCalls } : {}),
      ...(args.rateLimitWindowMs !== undefined ? { windowMs: args.rateLimitWindowMs } : {}),
    },
    latencyMs: args.latencyMs,
    maxBodyBytes: args.maxBodyBytes,
    maxLogEntries: args.maxLogEntries,
    logBodyBytes: args.logBodyBytes,
    maxConnections: args.maxConnections,
    headersTimeoutMs: args.headersTimeoutMs,
    requestTimeoutMs: args.requestTimeoutMs,
    keepAliveTimeoutMs: args.keepAliveTimeoutMs,
    idleTimeoutMs: args.idleTimeoutMs,
    controlToken,
    onWarning: (m) => process.stderr.write(`messenger-graph-emulator: warning: ${m}\n`),
  });
  const out: string[] = [`Graph API emulator listening on ${emu.url}`];
  for (const p of emu.pages()) {
    const seed = (pages ?? DEFAULT_PAGES).find((s) => s.id === p.id);
    out.push(`  Page ${p.id} "${p.name}"${args.showTokens && seed ? ` token ${seed.token}` : ""}`);
  }
  for (const a of apps ?? DEFAULT_APPS)
    out.push(`  App ${a.id} "${a.name}"${args.showTokens ? ` app token ${appAccessToken(a)}` : ""}`);
  out.push(
    controlToken
      ? `Control API token: ${controlToken} (send it as ${CONTROL_TOKEN_HEADER} or Authorization: Bearer)`
      : "Control API: loopback peers only (no control token)",
  );
  process.stdout.write(`${out.join("\n")}\n`);
  const stop = () => void emu.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

function main(): void {
  let args: CliArgs;
  try {
    args = parseCliArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`messenger-graph-emulator: ${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return;
  }
  run(args).catch((e: unknown) => {
    const usage = e instanceof UsageError || e instanceof EmulatorInputError;
    process.stderr.write(`messenger-graph-emulator: ${(e as Error).message}\n${usage ? USAGE : ""}`);
    process.exit(usage ? 2 : 1);
  });
}

main();
