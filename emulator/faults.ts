/**
 * Fault injection: make the next N matching calls fail in a chosen way.
 *
 * @packageDocumentation
 */

/** Which calls a fault applies to. Every given field must match. */
export interface FaultMatch {
  /** HTTP method, e.g. "POST". */
  readonly method?: string;
  /** A substring of the path, e.g. "messenger_profile" or "/me". */
  readonly path?: string;
  /** Only calls authenticated as this Page. */
  readonly pageId?: string;
  /**
   * Only Messenger Profile API calls on this platform (`platform=instagram`, or Messenger when the
   * call names none). Calls to other endpoints never match a fault that names a platform.
   */
  readonly platform?: "messenger" | "instagram";
}

/** What happens to a matching call. */
export type FaultKind =
  /** An answer with this status and body (JSON-encoded unless a string). */
  | {
      readonly type: "status";
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Readonly<Record<string, string>>;
    }
  /** A Graph error body. */
  | {
      readonly type: "graph";
      readonly code: number;
      readonly subcode?: number;
      readonly status?: number;
      readonly message?: string;
      readonly errorType?: string;
      readonly isTransient?: boolean;
      readonly headers?: Readonly<Record<string, string>>;
      /** Append the full request URL (token included) to the message, as some proxies do. */
      readonly echoUrl?: boolean;
    }
  /** Wait this long, then handle the call normally (or never answer when `hang`). */
  | { readonly type: "delay"; readonly ms: number; readonly hang?: boolean }
  /** Destroy the connection without an answer. */
  | { readonly type: "reset" }
  /** A 200 answer whose body is not valid JSON. */
  | { readonly type: "malformed" }
  /** An HTML error page from a proxy. */
  | { readonly type: "html"; readonly status?: number };

/** A fault as registered. */
export interface FaultSpec {
  /** Which calls. */
  readonly match?: FaultMatch;
  /** What happens. */
  readonly fault: FaultKind;
  /** How many matching calls it applies to; 0 means none (the fault never fires). @defaultValue 1 */
  readonly times?: number;
}

/**
 * Random faults: each matching call fails, with probability `rate`, in one of `faults` (picked
 * uniformly). The draw is seeded, so a run is reproducible for a given order of calls.
 */
export interface ChaosSpec {
  /** Which calls can fail. */
  readonly match?: FaultMatch;
  /** Probability that a matching call fails, 0..1. */
  readonly rate: number;
  /** Seed of the pseudo-random draw. */
  readonly seed: number;
  /** The faults to choose from. */
  readonly faults: readonly FaultKind[];
}

/** A small seeded PRNG (mulberry32): reproducible draws in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveFault {
  spec: FaultSpec;
  left: number;
}

/** The registered faults, consumed in order. */
export class FaultTable {
  private faults: ActiveFault[] = [];
  private chaos: { spec: ChaosSpec; random: () => number; drawn: number; failed: number } | undefined;

  /** Registers a fault for the next `times` matching calls (`times: 0` registers nothing: it never fires). */
  add(spec: FaultSpec): void {
    const left = spec.times ?? 1;
    if (left > 0) this.faults.push({ spec, left });
  }

  /** Removes every fault, random faults included. */
  clear(): void {
    this.faults = [];
    this.chaos = undefined;
  }

  /** Starts failing a random share of matching calls (replaces any earlier chaos). */
  setChaos(spec: ChaosSpec): void {
    if (!(spec.rate >= 0 && spec.rate <= 1)) throw new Error("chaos rate must be between 0 and 1");
    if (spec.faults.length === 0) throw new Error("chaos needs at least one fault to choose from");
    this.chaos = { spec, random: seededRandom(spec.seed), drawn: 0, failed: 0 };
  }

  /** Matching calls seen and failed since the chaos started. */
  chaosStats(): { calls: number; failed: number } | undefined {
    return this.chaos ? { calls: this.chaos.drawn, failed: this.chaos.failed } : undefined;
  }

  /** How many faulted calls are still pending. */
  pending(): number {
    return this.faults.reduce((n, f) => n + f.left, 0);
  }

  /** Takes the first fault matching a call, if any. */
  take(method: string, path: string, pageId: string | undefined, platform?: string): FaultKind | undefined {
    const call: Call = { method, path, pageId, platform };
    for (const f of this.faults) {
      if (f.left <= 0 || !matches(f.spec.match, call)) continue;
      f.left--;
      if (f.left <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f.spec.fault;
    }
    const c = this.chaos;
    if (c && matches(c.spec.match, call)) {
      c.drawn++;
      const fail = c.random() < c.spec.rate;
      const pick = c.spec.faults[Math.floor(c.random() * c.spec.faults.length)];
      if (fail) {
        c.failed++;
        return pick;
      }
    }
    return undefined;
  }
}

/** What a fault can match on. */
interface Call {
  readonly method: string;
  readonly path: string;
  readonly pageId: string | undefined;
  readonly platform: string | undefined;
}

function matches(m: FaultMatch | undefined, call: Call): boolean {
  if (!m) return true;
  if (m.method && m.method.toUpperCase() !== call.method) return false;
  if (m.path && !call.path.includes(m.path)) return false;
  if (m.pageId && m.pageId !== call.pageId) return false;
  if (m.platform && m.platform !== call.platform) return false;
  return true;
}
