// bottender's webhook set-up, replayed: what `bottender messenger webhook set -w <callback>` sends for
// a bot whose `bottender.config.js` declares `channels.messenger` with `accessToken`, `appId`,
// `appSecret`, `verifyToken`, `pageId` and `fields`, the person answering yes to its confirmation.
//
// Why a replay and not bottender itself: as for the profile sync (bench/profile-sync/bottender.ts),
// bottender 1.5.5 (the latest) cannot be a dependency here (its ngrok@3 downloads a binary at
// postinstall; with `--ignore-scripts` it still adds 534 packages), and its CLI builds its client as
// `new MessengerClient({ accessToken, appId, appSecret })`, with no way to pass an `origin`.
//
// What is replayed, line for line: bottender 1.5.5, `dist/cli/providers/messenger/webhook.js`,
// function `setWebhook`, from reading the config to the Page subscription; the same library does the
// work: messaging-api-messenger's `MessengerClient` (bottender pins 1.0.6; 1.1.0's constructor,
// `debugToken`, `getPageInfo` and `createSubscription` are the same code, only recompiled), its
// `axios` instance for the Page subscription, as bottender calls it. Left out: the ngrok branch (the
// callback is given with `-w`), the printed table (only the values it reads are read: a missing
// `scopes` throws there in bottender, and here) and the prompt (answered yes). The only change: the
// client gets `origin` (the emulator). verify-replay.ts checks this against bottender's own code
// installed outside the repository: at every step the replay sends the same requests byte for byte
// (tokens aside), and fails where bottender fails.
//
// What follows from bottender's code (not from this replay): every run makes the same four calls,
// whatever changed: `GET /debug_token` (app token; its `appsecret_proof` is computed over the Page
// token, the client's own, not over the app token the call carries), `GET /me`, `POST
// /{app-id}/subscriptions` (object `page`, callback, verify token, the field list) and `POST
// /{page-id}/subscribed_apps` with the same list as `subscribed_fields`. It never reads what the app
// or the Page has, never DELETEs: a field removed from the config stays on the app wherever a POST
// merges fields into the app's subscription.
import { MessengerClient } from "messaging-api-messenger";
import type { Emulator } from "../../emulator";
import { runWebhookSequence, type WebhookSideRun, type WebhookTarget } from "./sequence";
import type { WebhookDeclaration } from "./steps";

/** bottender's `defaultFields`: what it subscribes when the config has no `fields`. */
export const BOTTENDER_DEFAULT_FIELDS = [
  "messages",
  "messaging_postbacks",
  "messaging_optins",
  "messaging_referrals",
  "messaging_handovers",
  "messaging_policy_enforcement",
] as const;

/** `channels.messenger` of a `bottender.config.js`, in the keys `webhook set` reads. */
export interface BottenderMessengerConfig {
  /** The Page access token. */
  readonly accessToken: string;
  /** The app's id. */
  readonly appId: string;
  /** The app's secret. */
  readonly appSecret: string;
  /** The token the callback expects in Graph's verification request. */
  readonly verifyToken: string;
  /** When set, the Page is subscribed to the app too. */
  readonly pageId?: string;
  /** The field list of both levels (else {@link BOTTENDER_DEFAULT_FIELDS}). */
  readonly fields?: readonly string[];
}

/** The client methods and instance `webhook set` uses. */
export type WebhookClient = Pick<MessengerClient, "debugToken" | "getPageInfo" | "createSubscription" | "axios">;

/**
 * bottender's client, as `webhook set` builds it, pointed at a Graph endpoint (the emulator). With an
 * `appSecret` and no `skipAppSecretProof`, every call carries an `appsecret_proof`.
 *
 * @param origin - e.g. `http://127.0.0.1:4567`
 * @param config - the config's messenger channel
 */
export function bottenderClient(origin: string, config: BottenderMessengerConfig): MessengerClient {
  const { accessToken, appId, appSecret } = config;
  return new MessengerClient({ accessToken, appId, appSecret, origin });
}

/** bottender's `invariant`: throws the message when the condition is false. */
function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * One `bottender messenger webhook set -w <webhook>`, answered yes: reads the token's debug
 * information and the Page, subscribes the app (object `page`) to the callback with the field
 * list, then the Page to the app with the same list. Throws where bottender prints an error and
 * exits 1.
 *
 * @param client - bottender's client ({@link bottenderClient})
 * @param config - the config's messenger channel
 * @param webhook - the callback URL (`-w`)
 */
export async function bottenderWebhookSet(
  client: WebhookClient,
  config: BottenderMessengerConfig,
  webhook: string,
): Promise<void> {
  const { accessToken, appId, appSecret, verifyToken, pageId } = config;
  invariant(accessToken, "`accessToken` is not found in the `bottender.config.js` file");
  invariant(appId, "`appId` is not found in the `bottender.config.js` file");
  invariant(appSecret, "`appSecret` is not found in the `bottender.config.js` file");
  invariant(verifyToken, "`verifyToken` is not found in the `bottender.config.js` file");
  invariant(webhook, "`webhook` is required but not found.");
  const fields = [...(config.fields ?? BOTTENDER_DEFAULT_FIELDS)];
  const tokenInfo = await client.debugToken();
  invariant(tokenInfo.isValid, "Page access token is invalid");
  invariant(tokenInfo.type === "PAGE", "Access token is not a page token");
  const pageInfo = await client.getPageInfo();
  // The table bottender prints reads these (and throws on a missing `scopes`, as here).
  void [pageInfo.id, pageInfo.name, tokenInfo.application, tokenInfo.expiresAt, tokenInfo.scopes.join(",")];
  const { success } = await client.createSubscription({
    object: "page",
    callbackUrl: webhook,
    verifyToken,
    fields,
    accessToken: `${appId}|${appSecret}`,
  });
  invariant(success, "Setting for webhook is failed");
  if (pageId) {
    const { data } = await client.axios.post<{ success?: boolean }>(
      `/${pageId}/subscribed_apps?access_token=${accessToken}`,
      { subscribedFields: fields.join(",") },
    );
    invariant(data.success, "Subscribing app for page is failed");
  }
}

/** The app and Page bottender's config names, with the secrets its config holds. */
export interface BottenderTarget extends WebhookTarget {
  /** The Page access token (`accessToken`). */
  readonly pageToken: string;
  /** The app secret (`appSecret`). */
  readonly appSecret: string;
  /** The verify token (`verifyToken`) the callback accepts. */
  readonly verifyToken: string;
}

/**
 * The config of one step: the target's ids and secrets, the step's fields.
 *
 * @param target - app, Page and secrets
 * @param declared - the step's declaration
 */
export function bottenderConfigOf(target: BottenderTarget, declared: WebhookDeclaration): BottenderMessengerConfig {
  return {
    accessToken: target.pageToken,
    appId: target.appId,
    appSecret: target.appSecret,
    verifyToken: target.verifyToken,
    pageId: target.pageId,
    fields: declared.fields,
  };
}

/**
 * One step as bottender applies it: `bottender messenger webhook set -w <callback>` with the step's
 * fields in the config.
 *
 * @param emu - the emulator
 * @param target - the app, the Page and the secrets of bottender's config
 */
export function bottenderStep(emu: Emulator, target: BottenderTarget): (declared: WebhookDeclaration) => Promise<void> {
  return async (declared) => {
    const config = bottenderConfigOf(target, declared);
    await bottenderWebhookSet(bottenderClient(emu.url, config), config, declared.callbackUrl);
  };
}

/**
 * Applies the sequence as bottender would: one `webhook set` per step.
 *
 * @param emu - the emulator
 * @param target - an app and a Page with no subscription, and the secrets of bottender's config
 * @param declarations - the steps' declarations
 */
export function runBottenderWebhook(
  emu: Emulator,
  target: BottenderTarget,
  declarations: readonly WebhookDeclaration[],
): Promise<WebhookSideRun> {
  return runWebhookSequence(emu, target, declarations, bottenderStep(emu, target));
}
