/**
 * The control API under `/__emulator/`, for processes that cannot call the library: the same
 * operations as the library API, with the same checks. Access rules live in `access.ts`.
 *
 * @packageDocumentation
 */
import type { Emulator } from "./server";
import { checkChaosSpec, checkFaultSpec, checkPageUpdate, checkRateLimit, EmulatorInputError } from "./validate";

/** The path prefix of the control API. */
export const CONTROL_PREFIX = "/__emulator/";

/** A control API answer: status and JSON body. */
export interface ControlAnswer {
  /** HTTP status. */
  readonly status: number;
  /** JSON body; errors are `{ "error": reason }`. */
  readonly body: unknown;
}

function parseBody(raw: string): unknown {
  if (raw.trim() === "") return {};
  try {
    return JSON.parse(raw);
  } catch {
    throw new EmulatorInputError("the body is not valid JSON");
  }
}

/**
 * Answers one control API call.
 *
 * @param emu - the emulator it controls
 * @param method - HTTP method
 * @param route - the path after {@link CONTROL_PREFIX}
 * @param raw - the body
 */
export function controlCall(emu: Emulator, method: string, route: string, raw: string): ControlAnswer {
  try {
    const pageMatch = /^pages\/([^/]+)$/.exec(route);
    if (method === "GET" && route === "pages") return { status: 200, body: emu.pages() };
    if (method === "PUT" && pageMatch) {
      let id: string;
      try {
        id = decodeURIComponent(pageMatch[1]);
      } catch {
        throw new EmulatorInputError("the Page id in the path is not valid percent-encoding");
      }
      const { accountLinkingUrl } = checkPageUpdate(parseBody(raw));
      if (!emu.page(id)) return { status: 404, body: { error: `no Page ${id}` } };
      emu.setAccountLinkingUrl(id, accountLinkingUrl);
      return { status: 200, body: emu.page(id) };
    }
    if (method === "POST" && route === "faults") {
      emu.injectFault(checkFaultSpec(parseBody(raw)));
      return { status: 200, body: { pending: emu.pendingFaults() } };
    }
    if (method === "DELETE" && route === "faults") {
      emu.clearFaults();
      return { status: 200, body: { pending: 0 } };
    }
    if (method === "POST" && route === "chaos") {
      emu.setChaos(checkChaosSpec(parseBody(raw)));
      return { status: 200, body: emu.chaosStats() };
    }
    if (method === "GET" && route === "requests") return { status: 200, body: emu.requests() };
    if (method === "DELETE" && route === "requests") {
      emu.clearRequests();
      return { status: 200, body: { cleared: true } };
    }
    if (method === "POST" && route === "rate-limit") {
      emu.setRateLimit(checkRateLimit(parseBody(raw)));
      emu.resetRateLimits();
      return { status: 200, body: emu.rateLimit() };
    }
    return { status: 404, body: { error: `no control route ${method} ${CONTROL_PREFIX}${route}` } };
  } catch (e) {
    if (e instanceof EmulatorInputError) return { status: 400, body: { error: e.message } };
    throw e;
  }
}
