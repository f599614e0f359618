/**
 * The control API under `/__emulator/`, for processes that cannot call the library: the same
 * operations as the library API, with the same checks. Access rules live in `access.ts`; the
 * webhook calls (apps, subscriptions, delivery) in `control-webhooks.ts`.
 *
 * @packageDocumentation
 */
import { webhookControlCall } from "./control-webhooks";
import type { Emulator } from "./emulator";
import {
  checkChaosSpec,
  checkFaultSpec,
  checkFieldNames,
  checkPageUpdate,
  checkPlatform,
  checkRateLimit,
  EmulatorInputError,
} from "./validate";

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

function pageId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new EmulatorInputError("the Page id in the path is not valid percent-encoding");
  }
}

/** `GET|POST|DELETE /__emulator/pages/{id}/profile[/{platform}]`: a Page's profile document. */
function profileCall(emu: Emulator, method: string, id: string, platformName: string | undefined, raw: string) {
  const platform = checkPlatform(platformName, "the platform in the path");
  if (method !== "GET" && method !== "POST" && method !== "DELETE")
    return { status: 405, body: { error: `${method} is not a method of the profile route (GET, POST or DELETE)` } };
  if (!emu.page(id)) return { status: 404, body: { error: `no Page ${id}` } };
  if (method === "POST") emu.setProfileFields(id, parseBody(raw) as Record<string, unknown>, platform);
  if (method === "DELETE") {
    const body = parseBody(raw);
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new EmulatorInputError("profile delete must be a JSON object");
    const keys = Object.keys(body);
    if (keys.some((k) => k !== "fields"))
      throw new EmulatorInputError(
        `profile delete has an unknown field "${keys.find((k) => k !== "fields")}" (allowed: fields)`,
      );
    emu.deleteProfileFields(
      id,
      checkFieldNames((body as { fields?: unknown }).fields, "profile delete.fields"),
      platform,
    );
  }
  return { status: 200, body: emu.profile(id, platform) };
}

/**
 * Answers one control API call (a delivery answers once the callback has).
 *
 * @param emu - the emulator it controls
 * @param method - HTTP method
 * @param route - the path after {@link CONTROL_PREFIX}
 * @param raw - the body
 */
export function controlCall(
  emu: Emulator,
  method: string,
  route: string,
  raw: string,
): ControlAnswer | Promise<ControlAnswer> {
  try {
    const webhooks = webhookControlCall(emu, method, route, () => parseBody(raw));
    if (webhooks) return webhooks;
    const pageMatch = /^pages\/([^/]+)$/.exec(route);
    const profileMatch = /^pages\/([^/]+)\/profile(?:\/([^/]+))?$/.exec(route);
    if (method === "GET" && route === "pages") return { status: 200, body: emu.pages() };
    if (profileMatch) return profileCall(emu, method, pageId(profileMatch[1]), profileMatch[2], raw);
    if (method === "PUT" && pageMatch) {
      const id = pageId(pageMatch[1]);
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
