/**
 * The connection inputs every resource (and `getMessengerProfile`) takes, documented once: the Page
 * token, the app secret, the Graph version and the endpoint. Each comes from the input, else stack
 * config, else the environment.
 *
 * @packageDocumentation
 */
import type * as pulumi from "@pulumi/pulumi";

/** How a program reaches a Page: token, app secret, Graph version and endpoint, each optional. */
export interface ConnectionArgs {
  /**
   * Page access token (with `pages_messaging`, from a Page Administrator). As an input, stored
   * encrypted in state. When absent: stack config `messenger:pageAccessToken`, then the environment
   * variable `MESSENGER_PAGE_ACCESS_TOKEN`; those are never written to state.
   */
  readonly pageAccessToken?: pulumi.Input<string>;
  /**
   * App secret: every call then carries `appsecret_proof`. As an input, stored encrypted in state.
   * When absent: stack config `messenger:appSecret`, then `MESSENGER_APP_SECRET`.
   */
  readonly appSecret?: pulumi.Input<string>;
  /**
   * Graph API version.
   *
   * @defaultValue "v25.0"
   */
  readonly apiVersion?: pulumi.Input<string>;
  /**
   * Graph endpoint; plain `http:` only for loopback hosts (the emulator). When absent: stack config
   * `messenger:graphApiUrl`, then `MESSENGER_GRAPH_API_URL`.
   *
   * @defaultValue "https://graph.facebook.com"
   */
  readonly graphApiUrl?: pulumi.Input<string>;
}
