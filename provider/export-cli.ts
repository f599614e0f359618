#!/usr/bin/env node
/**
 * `messenger-profile-export`: reads a Page's current Messenger profile (a live Page, or the
 * emulator) and prints a ready-to-paste TypeScript program that declares it as a
 * `MessengerProfile`. See `--help` and docs/profile.md ("Adopting an existing profile").
 *
 * The token comes from an environment variable (`--token-env`), never from the command line, and
 * is never printed: every line written to stderr goes through a {@link Redactor} that knows it.
 *
 * Exit codes: 0 printed; 1 a Graph call failed; 2 usage error; 3 nothing set on the Page.
 *
 * @packageDocumentation
 */
import { GraphApiError } from "./errors";
import { EXPORT_USAGE, ExportUsageError, parseExportArgs, type ExportCliArgs } from "./export-cli-args";
import { isEmptyExport, renderProfileProgram } from "./export-program";
import { ProfileOperations } from "./operations";
import { checkReadSelection, ProfileReadArgsError, readPageProfile, type ReadArgNames } from "./profile-read";
import { Redactor } from "./redact";
import { readProviderSettings } from "./settings";
import { appSecretProblem, graphApiUrlProblem, tokenProblem } from "./validate";
import { DEFAULT_GRAPH_API_URL } from "./wire";

/** Exit codes of the bin. */
export const EXIT = { ok: 0, graph: 1, usage: 2, nothingSet: 3 } as const;

const CLI_NAMES: ReadArgNames = { fields: "--fields", platform: "--platform", entry: () => "--fields", prefix: "" };

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
  try {
    const selection = checkReadSelection(args.fields, args.platform, CLI_NAMES);
    const token = env[args.tokenEnv];
    if (token === undefined || token === "")
      throw new ExportUsageError(
        `no Page access token: the environment variable ${args.tokenEnv} is not set (set it, or name the variable that holds the token with --token-env)`,
      );
    redactor = redactor.with(token);
    const badToken = tokenProblem(token);
    if (badToken) throw new ExportUsageError(`the token in ${args.tokenEnv} ${badToken}`);
    const appSecret = env[args.appSecretEnv] === "" ? undefined : env[args.appSecretEnv];
    redactor = redactor.with(appSecret);
    const badSecret = appSecret === undefined ? undefined : appSecretProblem(appSecret);
    if (badSecret) throw new ExportUsageError(`the app secret in ${args.appSecretEnv} ${badSecret}`);
    const settings = readProviderSettings(undefined, env);
    let graphApiUrl: string;
    if (args.graphApiUrl !== undefined) {
      const bad = graphApiUrlProblem(args.graphApiUrl);
      if (bad) throw new ExportUsageError(`--graph-api-url ${bad}`);
      graphApiUrl = args.graphApiUrl.replace(/\/+$/, "");
    } else graphApiUrl = settings.graphApiUrl ?? DEFAULT_GRAPH_API_URL;
    for (const p of settings.problems ?? [])
      if (!(p.setting === "graphApiUrl" && args.graphApiUrl !== undefined)) throw new ExportUsageError(p.reason);

    const page = new ProfileOperations({ retry: settings.retry }).page({
      graphApiUrl,
      token,
      appSecret,
      apiVersion: args.apiVersion,
    });
    const snapshot = await readPageProfile(page, { ...selection, identify: true });
    const exported = {
      name: args.name,
      pageId: snapshot.pageId ?? "",
      pageName: snapshot.pageName ?? "",
      platform: snapshot.platform,
      apiVersion: args.apiVersion,
      fieldsRead: selection.fields,
      profile: snapshot.profile,
    };
    const program = renderProfileProgram(exported);
    if (isEmptyExport(exported))
      return {
        code: EXIT.nothingSet,
        stdout: program,
        stderr: line(
          `nothing to export: none of ${selection.fields.join(", ")} is set on Page ${exported.pageId} (${selection.platform})`,
        ),
      };
    return {
      code: EXIT.ok,
      stdout: program,
      stderr: line(
        `exported ${snapshot.fields.join(", ")} of Page ${exported.pageId} (${selection.platform}); 2 calls made`,
      ),
    };
  } catch (e) {
    if (e instanceof ExportUsageError || e instanceof ProfileReadArgsError)
      return { code: EXIT.usage, stdout: "", stderr: line(e.message) };
    if (GraphApiError.isInstance(e)) return { code: EXIT.graph, stdout: "", stderr: line(e.message) };
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
