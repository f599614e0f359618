/**
 * The command line of `messenger-graph-emulator`, parsed strictly with `util.parseArgs`: an
 * unknown flag, a missing value or a value out of range is a {@link UsageError}.
 *
 * @packageDocumentation
 */
import { parseArgs } from "util";
import { EMULATOR_CONNECTION_LIMITS, EMULATOR_LIMITS } from "./server";
import { MAX_TIMER_MS } from "./validate";

/** The usage text. */
export const USAGE = `usage: messenger-graph-emulator [options]

  --port N                  TCP port, 0-65535; 0 picks a free one (default 0)
  --host H                  interface to listen on (default 127.0.0.1; others draw a warning)
  --pages FILE              JSON array of Page seeds (default: two demo Pages)
  --apps FILE               JSON array of app seeds {id, name, secret} (default: one demo app)
  --subscription-post M     merge|replace: how POST /{app-id}/subscriptions combines fields (default merge)
  --verify-timeout-ms MS    time a callback has to answer its verification or a delivery (default 5000)
  --no-verify-callbacks     set app subscriptions without the callback verification request
  --rate-limit-calls N      Messenger Profile calls per window per Page (default 10)
  --rate-limit-window-ms MS rate limit window (default 600000)
  --latency-ms MS           added latency per Graph call (default 0)
  --max-body-bytes N        largest request body; longer ones get 413 (default ${EMULATOR_LIMITS.maxBodyBytes})
  --max-log-entries N       requests kept in the log (default ${EMULATOR_LIMITS.maxLogEntries})
  --log-body-bytes N        bytes of each body kept in the log (default ${EMULATOR_LIMITS.logBodyBytes})
  --max-connections N       open connections at most; then the oldest idle one closes (default ${EMULATOR_CONNECTION_LIMITS.maxConnections})
  --headers-timeout-ms MS   time to send a request's headers, then 408 (default ${EMULATOR_CONNECTION_LIMITS.headersTimeoutMs})
  --request-timeout-ms MS   time to send a whole request, then 408 (default ${EMULATOR_CONNECTION_LIMITS.requestTimeoutMs})
  --keep-alive-timeout-ms MS idle keep-alive connections close after (default ${EMULATOR_CONNECTION_LIMITS.keepAliveTimeoutMs})
  --idle-timeout-ms MS      silent connections close after, unless answered (default ${EMULATOR_CONNECTION_LIMITS.idleTimeoutMs})
  --control-token T         require this token on the control API (generated when --host is not loopback)
  --show-tokens             print the Pages' (fake) tokens
  -h, --help                print this help
`;

/** A malformed command line: the message is one line. */
export class UsageError extends Error {
  /** @param message - what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** What the command line asks for. */
export interface CliArgs {
  /** `--help` was given. */
  readonly help: boolean;
  /** TCP port. */
  readonly port: number;
  /** Interface. */
  readonly host: string;
  /** Path of a Page seeds file. */
  readonly pagesFile?: string;
  /** Path of an app seeds file. */
  readonly appsFile?: string;
  /** How `POST /{app-id}/subscriptions` combines fields. */
  readonly subscriptionPost?: "merge" | "replace";
  /** Deadline of a verification or a delivery, ms. */
  readonly verifyTimeoutMs?: number;
  /** Whether subscriptions are set without verifying the callback. */
  readonly noVerifyCallbacks: boolean;
  /** Rate limit calls per window. */
  readonly rateLimitCalls?: number;
  /** Rate limit window, ms. */
  readonly rateLimitWindowMs?: number;
  /** Added latency, ms. */
  readonly latencyMs?: number;
  /** Body cap, bytes. */
  readonly maxBodyBytes?: number;
  /** Log capacity. */
  readonly maxLogEntries?: number;
  /** Body prefix kept in the log, bytes. */
  readonly logBodyBytes?: number;
  /** Open connections at most. */
  readonly maxConnections?: number;
  /** Headers timeout, ms. */
  readonly headersTimeoutMs?: number;
  /** Request timeout, ms. */
  readonly requestTimeoutMs?: number;
  /** Keep-alive timeout, ms. */
  readonly keepAliveTimeoutMs?: number;
  /** Idle timeout, ms. */
  readonly idleTimeoutMs?: number;
  /** Control token. */
  readonly controlToken?: string;
  /** Print the Pages' tokens. */
  readonly showTokens: boolean;
}

function int(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= min && n <= max))
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max} (got ${JSON.stringify(value)})`);
  return n;
}

/** The flags the command line accepts. */
const CLI_OPTIONS = {
  port: { type: "string" },
  host: { type: "string" },
  pages: { type: "string" },
  apps: { type: "string" },
  "subscription-post": { type: "string" },
  "verify-timeout-ms": { type: "string" },
  "no-verify-callbacks": { type: "boolean" },
  "rate-limit-calls": { type: "string" },
  "rate-limit-window-ms": { type: "string" },
  "latency-ms": { type: "string" },
  "max-body-bytes": { type: "string" },
  "max-log-entries": { type: "string" },
  "log-body-bytes": { type: "string" },
  "max-connections": { type: "string" },
  "headers-timeout-ms": { type: "string" },
  "request-timeout-ms": { type: "string" },
  "keep-alive-timeout-ms": { type: "string" },
  "idle-timeout-ms": { type: "string" },
  "control-token": { type: "string" },
  "show-tokens": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

/**
 * Parses the arguments after the script name.
 *
 * @throws {@link UsageError} on an unknown flag, a positional argument or a bad value
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: CLI_OPTIONS,
    }));
  } catch (e) {
    throw new UsageError((e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " "));
  }
  const host = values.host ?? "127.0.0.1";
  if (host === "") throw new UsageError("--host must not be empty");
  const token = values["control-token"];
  if (token !== undefined && !/^[\x21-\x7e]{1,1024}$/.test(token))
    throw new UsageError("--control-token must be 1 to 1024 visible ASCII characters");
  if (values.pages === "") throw new UsageError("--pages must name a file");
  if (values.apps === "") throw new UsageError("--apps must name a file");
  const mode = values["subscription-post"];
  if (mode !== undefined && mode !== "merge" && mode !== "replace")
    throw new UsageError(`--subscription-post must be merge or replace (got ${JSON.stringify(mode)})`);
  return {
    help: values.help ?? false,
    port: int("port", values.port, 0, 65535) ?? 0,
    host,
    pagesFile: values.pages,
    appsFile: values.apps,
    subscriptionPost: mode,
    verifyTimeoutMs: int("verify-timeout-ms", values["verify-timeout-ms"], 1, MAX_TIMER_MS),
    noVerifyCallbacks: values["no-verify-callbacks"] ?? false,
    rateLimitCalls: int("rate-limit-calls", values["rate-limit-calls"], 1, Number.MAX_SAFE_INTEGER),
    rateLimitWindowMs: int("rate-limit-window-ms", values["rate-limit-window-ms"], 1, Number.MAX_SAFE_INTEGER),
    latencyMs: int("latency-ms", values["latency-ms"], 0, MAX_TIMER_MS),
    maxBodyBytes: int("max-body-bytes", values["max-body-bytes"], 1, 2 ** 31),
    maxLogEntries: int("max-log-entries", values["max-log-entries"], 1, 10_000_000),
    logBodyBytes: int("log-body-bytes", values["log-body-bytes"], 0, 2 ** 31),
    maxConnections: int("max-connections", values["max-connections"], 1, 1_000_000),
    headersTimeoutMs: int("headers-timeout-ms", values["headers-timeout-ms"], 1, MAX_TIMER_MS),
    requestTimeoutMs: int("request-timeout-ms", values["request-timeout-ms"], 1, MAX_TIMER_MS),
    keepAliveTimeoutMs: int("keep-alive-timeout-ms", values["keep-alive-timeout-ms"], 1, MAX_TIMER_MS),
    idleTimeoutMs: int("idle-timeout-ms", values["idle-timeout-ms"], 1, MAX_TIMER_MS),
    controlToken: token,
    showTokens: values["show-tokens"] ?? false,
  };
}
