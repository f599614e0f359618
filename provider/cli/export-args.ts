/**
 * The command line of `messenger-profile-export`, parsed strictly with `util.parseArgs`: an unknown
 * flag, a positional argument or a malformed value is an {@link ExportUsageError} (exit code 2).
 *
 * @packageDocumentation
 */
import { parseArgs } from "util";
import { ArgumentError } from "../core/argument-error";
import { ENV_VARS } from "../core/settings";
import { DEFAULT_GRAPH_API_URL, DEFAULT_GRAPH_API_VERSION, apiVersionProblem } from "../graph/endpoint";
import { PROFILE_PLATFORMS } from "../graph/profile-fields";

/** The usage text. */
export const EXPORT_USAGE = `usage: messenger-profile-export [options] > index.ts

Reads a Page's current Messenger profile (one GET of the profile, one GET /me) and prints a
TypeScript Pulumi program that declares it as a MessengerProfile, ready to paste. Pulumi cannot
import a dynamic resource (pulumi#16175): \`pulumi up\` of the printed program re-sets the same
values with 1 POST, and the resource owns those fields from then on.

  --token-env NAME       environment variable that holds the Page access token
                         (default ${ENV_VARS.pageAccessToken})
  --app-secret-env NAME  environment variable that holds the app secret, used when set: every call
                         then carries appsecret_proof (default ${ENV_VARS.appSecret})
  --graph-api-url URL    Graph endpoint; plain http only on a loopback host, e.g. the emulator
                         (default: $${ENV_VARS.graphApiUrl}, else ${DEFAULT_GRAPH_API_URL})
  --api-version V        Graph version (default ${DEFAULT_GRAPH_API_VERSION})
  --platform P           ${PROFILE_PLATFORMS.join(" or ")} (default messenger; instagram has only
                         iceBreakers and persistentMenu)
  --fields A,B           fields to export, by input name, comma-separated (default: all of the platform)
  --name NAME            the resource's name in the program (default "profile")
  -h, --help             print this help

The token is never taken as a command-line value: command lines are visible to other users of the
machine (ps), kept in shell history and printed in CI logs. Put it in an environment variable
and name the variable. The token is never printed, not even in errors.

Exit codes: 0 the program was printed; 1 a Graph call failed (the error says why); 2 usage error
(bad flag, no token); 3 none of the fields read is set on the Page (a program that declares nothing,
with a comment saying so, is printed).
`;

/** A malformed command line: the message is one line. */
export class ExportUsageError extends ArgumentError {
  /** @param message - what is wrong */
  constructor(message: string) {
    super("", message);
    this.name = "ExportUsageError";
  }
}

/** What the command line asks for. */
export interface ExportCliArgs {
  /** `--help` was given. */
  readonly help: boolean;
  /** The environment variable holding the token. */
  readonly tokenEnv: string;
  /** The environment variable holding the app secret. */
  readonly appSecretEnv: string;
  /** `--graph-api-url`, when given. */
  readonly graphApiUrl?: string;
  /** The Graph version. */
  readonly apiVersion: string;
  /** `--platform`, as given (checked with the fields). */
  readonly platform?: string;
  /** `--fields`, split on commas, when given. */
  readonly fields?: readonly string[];
  /** The resource's name. */
  readonly name: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** The flags, as `util.parseArgs` reads them. */
const OPTIONS = {
  "token-env": { type: "string" },
  "app-secret-env": { type: "string" },
  "graph-api-url": { type: "string" },
  "api-version": { type: "string" },
  platform: { type: "string" },
  fields: { type: "string" },
  name: { type: "string" },
  // Declared only to refuse them with the reason (never echoing their value).
  token: { type: "string" },
  "access-token": { type: "string" },
  "page-access-token": { type: "string" },
  "app-secret": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** The flags given, strictly: an unknown flag or a positional argument is refused, never quoted. */
function readFlags(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], strict: true, allowPositionals: false, options: OPTIONS }).values;
  } catch (e) {
    // parseArgs quotes the argument it refuses, which may be a token pasted in the wrong place.
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
    throw new ExportUsageError(message.replace(/'[^']*'/g, (q) => (q.startsWith("'-") ? q : "'…'")));
  }
}

/** The environment variable a flag names (default `dflt`), checked. */
function envName(flag: string, v: string | undefined, dflt: string): string {
  if (v === undefined) return dflt;
  if (!ENV_NAME.test(v))
    throw new ExportUsageError(
      `--${flag} must name an environment variable (letters, digits and _, not starting with a digit), e.g. ${dflt}`,
    );
  return v;
}

/** `--fields`, split on commas, when given. */
function fieldList(v: string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  const fields = v.split(",").map((f) => f.trim());
  if (fields.some((f) => f === ""))
    throw new ExportUsageError('--fields must be field names separated by commas, e.g. "greeting,persistentMenu"');
  return fields;
}

/**
 * Parses the arguments after the script name.
 *
 * @param argv - the arguments
 * @throws {@link ExportUsageError} on an unknown flag, a positional argument, a token given as a value, or a malformed value
 */
export function parseExportArgs(argv: readonly string[]): ExportCliArgs {
  const values = readFlags(argv);
  for (const flag of ["token", "access-token", "page-access-token", "app-secret"] as const)
    if (values[flag] !== undefined)
      throw new ExportUsageError(
        `--${flag} is not accepted: a secret on the command line is visible to other users (ps), kept in shell history and CI logs. Put it in an environment variable and pass its name with --${flag === "app-secret" ? "app-secret-env" : "token-env"}`,
      );
  const version = values["api-version"] ?? DEFAULT_GRAPH_API_VERSION;
  if (apiVersionProblem(version) !== undefined)
    throw new ExportUsageError(`--api-version must look like "v25.0" (got ${JSON.stringify(version.slice(0, 40))})`);
  const name = values.name ?? "profile";
  if (name === "" || name.length > 200 || /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name))
    throw new ExportUsageError("--name must be 1 to 200 printable characters (the resource's name in the program)");
  const fields = fieldList(values.fields);
  return {
    help: values.help ?? false,
    tokenEnv: envName("token-env", values["token-env"], ENV_VARS.pageAccessToken),
    appSecretEnv: envName("app-secret-env", values["app-secret-env"], ENV_VARS.appSecret),
    graphApiUrl: values["graph-api-url"],
    apiVersion: version,
    platform: values.platform,
    fields,
    name,
  };
}
