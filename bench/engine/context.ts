// What every engine run gets: the engine, the in-process emulator, its Pages and a progress log;
// and the stack config of the benchmark program (bench/program/index.ts).
import type { Emulator, LoggedRequest, PageSeed } from "../../emulator";
import type { BenchEngine, StackConfig } from "./driver";

/** The context of an engine run. */
export interface EngineContext {
  /** The engine. */
  readonly engine: BenchEngine;
  /** The emulator every stack talks to. */
  readonly emu: Emulator;
  /** The emulator's Pages; resource i of the program uses Page i. */
  readonly pages: readonly PageSeed[];
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/** What the benchmark program declares. */
export interface ProgramChoice {
  /** How many resources. */
  readonly n: number;
  /**
   * `real`: MessengerAccountLinking; `noop`: a dynamic resource whose provider does nothing;
   * `profile`: a full MessengerProfile per Page; `profile-json`: one MessengerProfile of `profile`;
   * `webhook`: one MessengerWebhook and the MessengerPageSubscription of Page `page` (default 1);
   * `bot`: the same with that Page's full profile; `bot-profile`: the profile alone;
   * `subscriptions`: one MessengerWebhook and a MessengerPageSubscription on each of N Pages.
   */
  readonly mode: "real" | "noop" | "profile" | "profile-json" | "webhook" | "bot" | "bot-profile" | "subscriptions";
  /** The args of the one MessengerProfile of `profile-json` mode. */
  readonly profile?: unknown;
  /** The webhook's callback and the field list of the app and the Pages (`webhook`, `bot`, `subscriptions`). */
  readonly webhook?: { readonly callbackUrl: string; readonly fields: readonly string[] };
  /** Base URL; resource i gets `<url>?page=<i>`. */
  readonly url?: string;
  /** When set, every resource uses this (1-based) Page's token. */
  readonly page?: number;
  /** When set, resource i uses the token at index `tokenOffset + i - 1` of the run's Pages. */
  readonly tokenOffset?: number;
}

/** The stack config that makes the benchmark program declare `choice`. */
export function programConfig(choice: ProgramChoice): StackConfig {
  return {
    "bench:n": String(choice.n),
    "bench:mode": choice.mode,
    ...(choice.url === undefined ? {} : { "bench:url": choice.url }),
    ...(choice.page === undefined ? {} : { "bench:page": String(choice.page) }),
    ...(choice.tokenOffset === undefined ? {} : { "bench:tokenOffset": String(choice.tokenOffset) }),
    ...(choice.profile === undefined ? {} : { "bench:profile": JSON.stringify(choice.profile) }),
    ...(choice.webhook === undefined ? {} : { "bench:webhook": JSON.stringify(choice.webhook) }),
  };
}

/** Each request as `METHOD path status`. */
export function describeRequests(reqs: readonly LoggedRequest[]): string[] {
  return reqs.map((r) => `${r.method} ${r.path} ${r.status ?? "-"}`);
}
