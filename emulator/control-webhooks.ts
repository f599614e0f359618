/**
 * The control API's webhook calls, for processes that cannot call the library: apps and their
 * subscriptions, Pages' subscribed apps, the subscription POST mode and event delivery. Same
 * operations and checks as the library; the access rules are `access.ts`'s, applied before.
 *
 * @packageDocumentation
 */
import type { Emulator } from "./emulator";
import { EmulatorInputError } from "./validate";
import { checkPageSubscriptionBody, checkSubscriptionPostBody } from "./webhook-inputs";

/** A control answer: status and JSON body. */
interface Answer {
  readonly status: number;
  readonly body: unknown;
}

function segment(encoded: string, what: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new EmulatorInputError(`the ${what} in the path is not valid percent-encoding`);
  }
}

/** `POST /__emulator/deliver`: the report, or 400 for a spec, Page or app the library refuses. */
async function deliverCall(emu: Emulator, body: unknown): Promise<Answer> {
  try {
    return { status: 200, body: await emu.deliverEvent(body as Parameters<Emulator["deliverEvent"]>[0]) };
  } catch (e) {
    if (e instanceof EmulatorInputError) return { status: 400, body: { error: e.message } };
    throw e;
  }
}

/**
 * Answers a webhook control call, or undefined when the route is not one. Throws an
 * {@link EmulatorInputError} for a malformed body (the caller answers 400).
 *
 * @param emu - the emulator it controls
 * @param method - HTTP method
 * @param route - the path after `/__emulator/`
 * @param body - reads the JSON body (throws on one that is not JSON)
 */
export function webhookControlCall(
  emu: Emulator,
  method: string,
  route: string,
  body: () => unknown,
): Answer | Promise<Answer> | undefined {
  if (method === "GET" && route === "apps") return { status: 200, body: emu.apps() };
  if (method === "POST" && route === "deliver") return deliverCall(emu, body());
  if (method === "POST" && route === "subscription-post") {
    const mode = checkSubscriptionPostBody(body());
    emu.setSubscriptionPost(mode);
    return { status: 200, body: { mode } };
  }
  const appSub = /^apps\/([^/]+)\/subscriptions(?:\/([^/]+))?$/.exec(route);
  if (appSub) {
    const appId = segment(appSub[1], "app id");
    if (!emu.app(appId)) return { status: 404, body: { error: `no app ${appId}` } };
    if (method === "PUT" && appSub[2] === undefined)
      emu.setAppSubscription(appId, body() as Parameters<Emulator["setAppSubscription"]>[1]);
    else if (method === "DELETE" && appSub[2] !== undefined)
      emu.deleteAppSubscription(appId, segment(appSub[2], "object"));
    else
      return {
        status: 405,
        body: {
          error: `${method} is not a method of this route (PUT …/subscriptions, DELETE …/subscriptions/{object})`,
        },
      };
    return { status: 200, body: emu.app(appId) };
  }
  const pageSub = /^pages\/([^/]+)\/subscribed_apps\/([^/]+)$/.exec(route);
  if (pageSub) {
    const pageId = segment(pageSub[1], "Page id");
    const appId = segment(pageSub[2], "app id");
    if (!emu.page(pageId)) return { status: 404, body: { error: `no Page ${pageId}` } };
    if (!emu.app(appId)) return { status: 404, body: { error: `no app ${appId}` } };
    if (method !== "PUT" && method !== "DELETE")
      return { status: 405, body: { error: `${method} is not a method of this route (PUT or DELETE)` } };
    emu.setPageSubscription(pageId, appId, method === "PUT" ? checkPageSubscriptionBody(body()) : undefined);
    return { status: 200, body: emu.pageSubscriptions(pageId) };
  }
  return undefined;
}
