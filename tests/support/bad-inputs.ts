/**
 * The bad-input table: each case is one invalid input among otherwise valid ones, the property
 * that must be blamed, and what the reason must say.
 */

/** A well-formed token, used by cases that are about another input (never sent anywhere). */
export const VALID_TOKEN = "EAAbadinputcasevalidtoken0123456789abcdef";

/** One invalid input. */
export interface BadInputCase {
  /** What is wrong, for the report. */
  readonly name: string;
  /** The raw inputs, as a program could pass them. */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** The property that must be named. */
  readonly property: string;
  /** What the reason must say. */
  readonly reason: RegExp;
  /** false: no token in config or environment (the case is about the missing input). */
  readonly ambientToken?: boolean;
}

const OK_URL = "https://example.com/messenger/link";
const url = (name: string, value: unknown, reason: RegExp): BadInputCase => ({
  name,
  inputs: { accountLinkingUrl: value },
  property: "accountLinkingUrl",
  reason,
});
const withUrl = (
  property: string,
  name: string,
  value: unknown,
  reason: RegExp,
  extra: Record<string, unknown> = {},
): BadInputCase => ({
  name,
  inputs: { accountLinkingUrl: OK_URL, ...extra, [property]: value },
  property,
  reason,
});

/** Every bad input of the suite (at least 25). */
export const BAD_INPUTS: readonly BadInputCase[] = [
  url("plain http: URL", "http://example.com/messenger/link", /https/),
  url("relative URL", "/messenger/link", /absolute/),
  url("empty string", "", /empty|absolute|required/),
  url("only whitespace", "   ", /whitespace|absolute|empty/),
  url("space inside the URL", "https://example.com/messenger link", /whitespace/),
  url("leading space", " https://example.com/messenger/link", /whitespace/),
  url("trailing newline", "https://example.com/messenger/link\n", /whitespace|control/),
  url("javascript: URL", "javascript:alert(document.cookie)", /https/),
  url("data: URL", "data:text/html,<b>hi</b>", /https/),
  url("ftp: URL", "ftp://example.com/link", /https/),
  url("user and password in the URL", "https://admin:hunter22@example.com/link", /user|password|credentials/),
  url("user name only in the URL", "https://admin@example.com/link", /user|password|credentials/),
  url("NUL control character", "https://example.com/link\u0000x", /control/),
  url("DEL control character", "https://example.com/li\u007fnk", /control/),
  url("over-long URL (2100 characters)", `https://example.com/${"a".repeat(2080)}`, /2000|long/),
  url("no host", "https://", /host|absolute/),
  url("a number", 42, /string/),
  url("an object", { href: OK_URL }, /string/),
  url("an array", [OK_URL], /string/),
  url("a boolean", true, /string/),
  { name: "missing", inputs: {}, property: "accountLinkingUrl", reason: /required/ },
  withUrl("api", "unknown api", "graph", /messenger_profile/),
  withUrl("api", "api of the wrong type", 2, /messenger_profile/),
  withUrl("apiVersion", "version without the v", "25.0", /v25\.0/),
  withUrl("apiVersion", "version without minor", "v25", /v25\.0/),
  withUrl("apiVersion", "version as a word", "latest", /v25\.0/),
  withUrl("apiVersion", "version as a number", 25, /v25\.0/),
  withUrl("graphApiUrl", "plain http to a non-loopback host", "http://graph.example.com", /https|loopback/),
  withUrl("graphApiUrl", "not a URL", "graph facebook com", /URL|absolute|https/),
  withUrl("graphApiUrl", "ftp endpoint", "ftp://graph.facebook.com", /https/),
  withUrl("pageAccessToken", "empty token", "", /empty/),
  withUrl(
    "pageAccessToken",
    "token with a zero-width space inside",
    `${VALID_TOKEN.slice(0, 12)}\u200b${VALID_TOKEN.slice(12)}`,
    /invisible/,
  ),
  withUrl("pageAccessToken", "token with a Bearer prefix", `Bearer ${VALID_TOKEN}`, /whitespace/),
  withUrl("pageAccessToken", "token with a line break", `${VALID_TOKEN}\n`, /whitespace/),
  withUrl("pageAccessToken", "token with a DEL control character", `${VALID_TOKEN}\u007f`, /control/),
  withUrl("pageAccessToken", "token as a number", 1234567890123456, /string/),
  {
    name: "no token anywhere",
    inputs: { accountLinkingUrl: OK_URL },
    property: "pageAccessToken",
    reason: /messenger:pageAccessToken/,
    ambientToken: false,
  },
  withUrl("appSecret", "app secret with spaces", "not the app secret", /App Dashboard/, {
    pageAccessToken: VALID_TOKEN,
  }),
  withUrl("appSecret", "empty app secret", "", /App Dashboard/, { pageAccessToken: VALID_TOKEN }),
];
