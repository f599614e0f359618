#!/usr/bin/env node
/**
 * `messenger-profile-export`: reads a Page's current Messenger profile (a live Page, or the
 * emulator) and prints a ready-to-paste TypeScript program that declares it as a
 * `MessengerProfile`. See `--help` and docs/profile.md ("Adopting an existing profile"). The work
 * is the profile's exporter, found in the resource table; this is the command line around it.
 *
 * The token comes from an environment variable (`--token-env`), never from the command line, and
 * is never printed: the run's {@link Redactor} knows it, the app secret and the appsecret_proof.
 * Every answer from Graph goes through it before anything reads it (a secret echoed in a profile
 * value, in any encoding the redactor knows, prints as `[REDACTED]`, and the summary says how many
 * values held one), and so does everything written, stdout and stderr. The program loses only the
 * secrets the run knows, as state does: a value that merely looks like a secret (someone else's
 * `access_token=` in a menu URL) is exported as it is on the Page. Text on stderr is also made
 * printable (`printable()`): a Page name, id or Graph message with ESC, CR or LF cannot forge a line.
 *
 * Exit codes: 0 printed; 1 a Graph call failed; 2 usage error; 3 nothing set on the Page.
 *
 * @packageDocumentation
 */
import { ArgumentError } from "../core/argument-error";
import { appSecretProblem, tokenProblem } from "../core/connection";
import { readProviderSettings, refusedSettings } from "../core/settings";
import { appSecretProof } from "../graph/client";
import { DEFAULT_GRAPH_API_URL, endpointOf, graphApiUrlProblem } from "../graph/endpoint";
import { GraphOperations, PageOperations } from "../graph/operations";
import { printable } from "../graph/printable";
import { REDACTED, Redactor } from "../graph/redact";
import type { WireRequest } from "../graph/wire";
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

/** How many strings (values and keys) of a parsed answer read {@link REDACTED}; iterative, for any depth. */
function redactedStrings(value: unknown): number {
  let found = 0;
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const v = todo.pop();
    if (typeof v === "string") found += v.includes(REDACTED) ? 1 : 0;
    else if (Array.isArray(v)) for (const x of v as unknown[]) todo.push(x);
    else if (typeof v === "object" && v !== null)
      for (const [k, x] of Object.entries(v)) {
        if (k.includes(REDACTED)) found++;
        todo.push(x);
      }
  }
  return found;
}

/**
 * A Page's operations that count the redacted values of every answer. The client has already
 * removed the run's secrets from each answer (its redactor knows the token, the app secret and the
 * proof: a value that held one reads {@link REDACTED}); this tells the summary how many. Every
 * operation goes through {@link PageOperations.send}, which this delegates to the real operations.
 */
class RedactionCountingPage extends PageOperations {
  /**
   * @param inner - the real operations
   * @param found - told how many strings of each answer read {@link REDACTED}
   */
  constructor(
    private readonly inner: PageOperations,
    private readonly found: (strings: number) => void,
  ) {
    super(() => {
      throw new Error("RedactionCountingPage calls through the operations it wraps");
    }, inner.version);
  }

  /** The wrapped operations' call, its redacted values counted before `parse` reads the answer. */
  override send<T>(req: WireRequest, parse: (body: unknown) => T): Promise<T> {
    return this.inner.send(req, (body) => {
      this.found(redactedStrings(body));
      return parse(body);
    });
  }
}

/** What a run knows so far: its redactor (more secrets as they are read) and what the answers held. */
interface RunState {
  redactor: Redactor;
  /** Strings of the answers that read {@link REDACTED}. */
  redactedValues: number;
}

/**
 * The Page's operations for an export: token and app secret from the environment variables the
 * command line names, endpoint from the flag, else the environment. Each is checked before any call.
 * The run's redactor learns the token, the app secret and the appsecret_proof, and every answer goes
 * through it: the client's redactor, which has the same secrets ({@link RedactionCountingPage} counts).
 *
 * @param args - the command line
 * @param env - the environment
 * @param run - the run's redactor and counts
 */
function connect(args: ExportCliArgs, env: NodeJS.ProcessEnv, run: RunState): PageOperations {
  const know = (secret: string | undefined): void => void (run.redactor = run.redactor.with(secret));
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
  if (appSecret !== undefined) know(appSecretProof(token, appSecret));
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
  const page = new GraphOperations({ retry: settings.retry, redactor: run.redactor }).page({
    graphApiUrl,
    token,
    appSecret,
    apiVersion: args.apiVersion,
  });
  return new RedactionCountingPage(page, (n) => (run.redactedValues += n));
}

/**
 * What the summary adds when values held a secret: how many, and what to do before `pulumi up`.
 *
 * @param n - strings of the answers that read {@link REDACTED}
 */
function redactedNote(n: number): string {
  if (n === 0) return "";
  const values = n === 1 ? "1 value read from the Page held a secret" : `${n} values read from the Page held a secret`;
  return `; ${values} (the token, the app secret or the appsecret_proof), printed as ${REDACTED}: write the values you want in their place before \`pulumi up\`, which would set that text`;
}

/**
 * The program with a warning above its import when values were redacted: `pulumi up` of it as
 * printed would set the text {@link REDACTED} on the Page.
 *
 * @param program - the program as rendered
 * @param n - strings of the answers that read {@link REDACTED}
 */
function withRedactionWarning(program: string, n: number): string {
  const at = program.indexOf("\nimport ");
  if (n === 0 || at === -1) return program;
  const warning = [
    "//",
    `// WARNING: ${n === 1 ? "1 value" : `${n} values`} read from the Page held a secret (the token, the app secret or the`,
    `// appsecret_proof), printed here as ${REDACTED}, never in clear: write the values you want in their`,
    "// place before `pulumi up`, which would set that text on the Page.",
  ];
  return `${program.slice(0, at)}\n${warning.join("\n")}${program.slice(at)}`;
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
  const run: RunState = { redactor: new Redactor(), redactedValues: 0 };
  // Redacted first (a secret is found as written), then made printable (no control acts on the terminal).
  const line = (text: string) => `messenger-profile-export: ${printable(run.redactor.redact(text))}\n`;
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
      connect: () => connect(args, env, run),
    });
    const n = run.redactedValues;
    return {
      code: result.empty ? EXIT.nothingSet : EXIT.ok,
      stdout: run.redactor.redactKnown(withRedactionWarning(result.program, n)),
      stderr: line(`${result.summary}${redactedNote(n)}`),
    };
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
