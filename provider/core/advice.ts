/**
 * What to do in Pulumi about a failed Graph call: the resources' advice, naming the stack config
 * keys, inputs and environment variables (`pulumi config set …`, `messenger:deadlineMs`). Transport
 * errors carry neutral facts and hints only; a resource lifecycle rethrows them with this advice
 * (see `GraphApiError.withAdvice`).
 *
 * @packageDocumentation
 */
import { GraphApiError, tokenRefusal } from "../graph/errors";
import { isRateLimitCode } from "../graph/retry-class";

/** What the advice may name about the resource: the input whose value Graph may reject (code 100). */
export interface AdviceContext {
  /** One sentence on the resource's own inputs, for a rejected parameter (Graph code 100). */
  readonly rejectedParameter: string;
  /** What the resource changes on the Page, for the permission advice, e.g. "setting the account linking URL". */
  readonly changes: string;
  /** For a resource whose calls carry the app token: what to do when Graph refuses it (code 190, 102). */
  readonly appTokenRefused?: string;
  /** For a resource that subscribes a callback: what to do when Graph could not verify it (code 2200). */
  readonly callbackVerification?: string;
  /** What to do when Graph denies the permission (codes 200-299, 10), when not the Messenger profile's advice. */
  readonly permission?: string;
  /** What to do when rate limited, when the calls are not the Messenger Profile API's. */
  readonly rateLimit?: string;
}

/**
 * The Pulumi advice for a failure, or undefined when the neutral hint already says all.
 *
 * @param e - the failure
 * @param ctx - what the resource names about its inputs
 */
export function pulumiAdviceFor(e: GraphApiError, ctx: AdviceContext): string | undefined {
  if (e.stoppedBy === "deadline") return "Wait, then run the command again, or raise messenger:deadlineMs.";
  switch (e.kind) {
    case "network":
      return "Check that graphApiUrl is reachable from this machine; the call was retried as configured (messenger:maxRetries, messenger:attemptTimeoutMs).";
    case "redirect":
      return "Set graphApiUrl (input, messenger:graphApiUrl or MESSENGER_GRAPH_API_URL) to the endpoint that answers itself: https://graph.facebook.com, or the emulator's address.";
    case "http":
      return "The Graph API or a proxy in front of it failed; run the command again later.";
    case "protocol":
      return undefined;
    case "graph":
      break;
  }
  // Graph's own phrases only: a proxy that echoes the request URL also writes "appsecret_proof".
  if (/requires? an appsecret_proof|invalid appsecret_proof/i.test(e.message)) {
    return "The app requires appsecret_proof: set the app secret with `pulumi config set --secret messenger:appSecret <secret>` (or the appSecret input / MESSENGER_APP_SECRET), and check that it is the secret of the app that issued the token.";
  }
  if (e.code === 2200 && ctx.callbackVerification !== undefined) return ctx.callbackVerification;
  switch (e.code) {
    case 190:
    case 102:
      if (ctx.appTokenRefused !== undefined) return ctx.appTokenRefused;
      return `The Page access token ${tokenRefusal(e.subcode)}. Get a new Page access token (Meta App Dashboard > Messenger > Settings > Access Tokens, or GET /{page-id}?fields=access_token with a long-lived user token) and set it with \`pulumi config set --secret messenger:pageAccessToken <token>\`.`;
    case 100:
      return ctx.rejectedParameter;
    default:
      break;
  }
  if (ctx.permission !== undefined && e.code !== undefined && ((e.code >= 200 && e.code <= 299) || e.code === 10))
    return ctx.permission;
  if (ctx.rateLimit !== undefined && isRateLimitCode(e.code)) return ctx.rateLimit;
  if (e.code !== undefined && e.code >= 200 && e.code <= 299) {
    return `Permission denied: ${ctx.changes} needs a Page access token with pages_messaging from a person with the Administrator role on the Page.`;
  }
  if (isRateLimitCode(e.code)) {
    return "Rate limited: the Messenger Profile API allows 10 calls per 10 minutes per Page. Wait for the window to pass and run `pulumi up` again (raise messenger:deadlineMs to let the provider wait for you).";
  }
  if (e.code === 10 || e.code === 3 || e.code === 368) return undefined;
  return "This is likely transient: run the command again later. If it persists, quote the fbtrace_id to Meta support.";
}

/**
 * The failure with the resource's advice, when there is any (else the failure itself).
 *
 * @param e - the failure
 * @param ctx - what the resource names about its inputs
 */
export function withPulumiAdvice(e: GraphApiError, ctx: AdviceContext): GraphApiError {
  const advice = pulumiAdviceFor(e, ctx);
  return advice === undefined ? e : e.withAdvice(advice);
}
