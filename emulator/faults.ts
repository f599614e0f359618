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
}

/** What happens to a matching call. */
export type FaultKind =
  /** An answer with this status and body (JSON-encoded unless a string). */
  | { readonly type: "status"; readonly status: number; readonly body?: unknown; readonly headers?: Readonly<Record<string, string>> }
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
  /** How many matching calls it applies to. @default 1 */
  readonly times?: number;
}

interface ActiveFault {
  spec: FaultSpec;
  left: number;
}

/** The registered faults, consumed in order. */
export class FaultTable {
  private faults: ActiveFault[] = [];

  /** Registers a fault for the next `times` matching calls. */
  add(spec: FaultSpec): void {
    this.faults.push({ spec, left: spec.times ?? 1 });
  }

  /** Removes every fault. */
  clear(): void {
    this.faults = [];
  }

  /** How many faulted calls are still pending. */
  pending(): number {
    return this.faults.reduce((n, f) => n + f.left, 0);
  }

  /** Takes the first fault matching a call, if any. */
  take(method: string, path: string, pageId: string | undefined): FaultKind | undefined {
    for (const f of this.faults) {
      const m = f.spec.match ?? {};
      if (m.method && m.method.toUpperCase() !== method) continue;
      if (m.path && !path.includes(m.path)) continue;
      if (m.pageId && m.pageId !== pageId) continue;
      f.left--;
      if (f.left <= 0) this.faults = this.faults.filter((x) => x !== f);
      return f.spec.fault;
    }
    return undefined;
  }
}
