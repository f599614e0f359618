#!/usr/bin/env node
/**
 * `messenger-profile-export`: reads a Page's current Messenger profile (a live Page, or the
 * emulator) and prints a ready-to-paste TypeScript program that declares it as a
 * `MessengerProfile`. See `--help` and docs/profile.md ("Adopting an existing profile"). The work
 * is the profile's exporter, found in the resource table; this is the command line around it.
 *
 * The token comes from an environment variable (`--token-env`), never from the command line, and
 * is never printed: every line written to stderr goes through a {@link Redactor} that knows it.
 *
 * Exit codes: 0 printed; 1 a Graph call failed; 2 usage error; 3 nothing set on the Page.
 *
 * @packageDocumentation
 */
import { ArgumentError } from "../core/argument-error";
import { appSecretProblem, tokenProblem } from "../core/connection";
import { readProviderSettings, refusedSettings } from "../core/settings";
import { DEFAULT_GRAPH_API_URL, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { GraphOperations, type PageOperations } from "../graph/operations";
import { Redactor } from "../graph/redact";
import { RESOURCES } from "../resources";
import { EXPORT_USAGE, ExportUsageError, parseExportArgs, type ExportCliArgs } from "./export-args";

/** Exit codes of the bin. */
export const EXIT = { ok: 0, graph: 1, usage: 2, nothingSet: 3 } as const;

/** What a run printed and how it ended (for {@link runExport}'s callers). */
export interface ExportRun {
  /** The exit code (see {@link EXIT}). */
  readonly code: number;
  /** The program (empty on failure). */
  readonly stdout: string;
  /** One line: a summary, or the error. */
  readonly stderr: string;
}

/**
 * The Page's operations for an export: token and app secret from the environment variables the
 * command line names, endpoint from the flag, else the environment. Each is checked before any call.
 *
 * @param args - the command line
 * @param env - the environment
 * @param know - registers a secret with the run's redactor
 */
function connect(
  args: ExportCliArgs,
  env: NodeJS.ProcessEnv,
  know: (secret: string | undefined) => void,
): PageOperations {
  const token = env[args.tokenEnv];
  if (token === undefined || token === "")
    throw new ExportUsageError(
      `no Page access token: the environment variable ${args.tokenEnv} is not set (set it, or name the variable that holds the token with --token-env)`,
    );
  know(token);
  const badToken = tokenProblem(token);
  if (badToken) throw new ExportUsageError(`the token in ${args.tokenEnv} ${badToken}`);
  const appSecret = env[args.appSecretEnv] === "" ? undefined : env[args.appSecretEnv];
  know(appSecret);
  const badSecret = appSecret === undefined ? undefined : appSecretProblem(appSecret);
  if (badSecret) throw new ExportUsageError(`the app secret in ${args.appSecretEnv} ${badSecret}`);
  const settings = readProviderSettings(undefined, env);
  let graphApiUrl: string;
  if (args.graphApiUrl !== undefined) {
    const bad = graphApiUrlProblem(args.graphApiUrl);
    if (bad) throw new ExportUsageError(`--graph-api-url ${bad}`);
    graphApiUrl = endpointOf(args.graphApiUrl);
  } else graphApiUrl = settings.graphApiUrl ?? DEFAULT_GRAPH_API_URL;
  for (const p of refusedSettings(settings, args.graphApiUrl !== undefined)) throw new ExportUsageError(p.reason);
  return new GraphOperations({ retry: settings.retry }).page({
    graphApiUrl,
    token,
    appSecret,
    apiVersion: args.apiVersion,
  });
}

/**
 * Runs an export: checks the command line and the environment (no call when one is refused), reads
 * the Page with one `GET /me` and one `GET /me/messenger_profile`, and renders the program.
 *
 * @param argv - the arguments after the script name
 * @param env - the environment (token, app secret, endpoint, retry tunables)
 * @returns the exit code and what to print; never throws
 */
export async function runExport(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<ExportRun> {
  let redactor = new Redactor();
  const line = (text: string) => `messenger-profile-export: ${redactor.redact(text)}\n`;
  let args: ExportCliArgs;
  try {
    args = parseExportArgs(argv);
  } catch (e) {
    return { code: EXIT.usage, stdout: "", stderr: `${line((e as Error).message)}${EXPORT_USAGE}` };
  }
  if (args.help) return { code: EXIT.ok, stdout: EXPORT_USAGE, stderr: "" };
  const exporter = RESOURCES.find((r) => r.exporter !== undefined)?.exporter;
  if (exporter === undefined) return { code: EXIT.usage, stdout: "", stderr: line("no resource can be exported") };
  try {
    const result = await exporter.exportProgram({
      platform: args.platform,
      fields: args.fields,
      resourceName: args.name,
      apiVersion: args.apiVersion,
      connect: () => connect(args, env, (secret) => (redactor = redactor.with(secret))),
    });
    return { code: result.empty ? EXIT.nothingSet : EXIT.ok, stdout: result.program, stderr: line(result.summary) };
  } catch (e) {
    if (e instanceof ArgumentError) return { code: EXIT.usage, stdout: "", stderr: line(e.message) };
    return { code: EXIT.graph, stdout: "", stderr: line(e instanceof Error ? e.message : String(e)) };
  }
}

function main(): void {
  void runExport(process.argv.slice(2), process.env).then((r) => {
    if (r.stdout !== "") process.stdout.write(r.stdout);
    if (r.stderr !== "") process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}

if (require.main === module) main();
