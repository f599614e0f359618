/**
 * The Messenger Profile API route, `GET|POST|DELETE /{v}/me/messenger_profile`: one document per
 * Page and platform (`platform=instagram` selects the Instagram one), read by field, changed field
 * by field, refused as the live API refuses (Graph code 100 naming the field). Authentication, the
 * permission checks and the rate limit happen before, in `graph.ts`.
 *
 * @packageDocumentation
 */
import type { GraphAnswer, GraphRequest } from "./graph-messages";
import type { Page, PageStore } from "./pages";
import {
  checkDeleteDependencies,
  checkFieldName,
  checkFieldValue,
  checkPostDependencies,
  ProfileRuleError,
  type ProfileDocument,
  type ProfilePlatform,
} from "./profile-rules";

/** Builds a Graph error answer. */
type ErrorOf = (code: number, message: string, type: string) => GraphAnswer;

/** Body parameters that are not profile fields. */
const NOT_FIELDS = ["access_token", "appsecret_proof", "platform"];

/**
 * The platform a request names (query or body parameter `platform`; Messenger when absent), or a
 * refusal message when it names another one or two different ones.
 */
export function platformOf(req: GraphRequest): ProfilePlatform | { refusal: string } {
  const given = [req.query.get("platform") ?? undefined, req.body.platform].filter((p) => p !== undefined);
  const names = given.map((p) => (typeof p === "string" ? p.toLowerCase() : p));
  if (names.some((p) => p !== "messenger" && p !== "instagram"))
    return { refusal: `(#100) Param platform must be one of {messenger, instagram} (got ${JSON.stringify(given[0])})` };
  if (names.length === 2 && names[0] !== names[1])
    return { refusal: "(#100) Param platform is given twice with two different values (query and body)" };
  return names.length > 0 ? (names[0] as ProfilePlatform) : "messenger";
}

/**
 * A field's value as sent: form bodies carry JSON-encoded values for the structured fields
 * (as Graph reads them); JSON bodies carry them as they are.
 */
function decoded(name: string, value: unknown): unknown {
  if (typeof value !== "string" || name === "account_linking_url") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The field names of a DELETE body: a JSON array, or in a form body a JSON array or a comma list. */
function deletedFields(v: unknown): string[] | undefined {
  let names = v;
  if (typeof v === "string") {
    try {
      names = JSON.parse(v) as unknown;
    } catch {
      names = v.split(",").map((f) => f.trim());
    }
  }
  if (!Array.isArray(names) || names.length === 0 || names.some((n) => typeof n !== "string" || n === ""))
    return undefined;
  return names as string[];
}

/**
 * Answers a Messenger Profile API call for an authenticated Page.
 *
 * @param req - the request
 * @param page - the Page the token authenticates as
 * @param store - the world, changed on success only (a refused call changes nothing)
 * @param error - builds a Graph error answer
 */
export function messengerProfile(req: GraphRequest, page: Page, store: PageStore, error: ErrorOf): GraphAnswer {
  const platform = platformOf(req);
  if (typeof platform !== "string") return error(100, platform.refusal, "OAuthException");
  try {
    switch (req.method) {
      case "GET":
        return get(req, page, platform, error);
      case "POST":
        return post(req, page, platform, store, error);
      case "DELETE":
        return del(req, page, platform, store, error);
      default:
        return error(100, `(#100) Unsupported method ${req.method}`, "GraphMethodException");
    }
  } catch (e) {
    if (e instanceof ProfileRuleError) return error(100, e.message, e.errorType);
    throw e;
  }
}

function get(req: GraphRequest, page: Page, platform: ProfilePlatform, error: ErrorOf): GraphAnswer {
  const fields = req.query.get("fields");
  if (!fields) return error(100, "(#100) The parameter fields is required", "GraphMethodException");
  const wanted = fields.split(",").map((f) => f.trim());
  for (const f of wanted) checkFieldName(f, platform, true);
  const doc = page.profiles[platform];
  const entry: ProfileDocument = {};
  for (const f of wanted) if (doc[f] !== undefined) entry[f] = structuredClone(doc[f]);
  return { status: 200, body: { data: Object.keys(entry).length > 0 ? [entry] : [] } };
}

function post(req: GraphRequest, page: Page, platform: ProfilePlatform, store: PageStore, error: ErrorOf): GraphAnswer {
  const keys = Object.keys(req.body).filter((k) => !NOT_FIELDS.includes(k));
  if (keys.length === 0)
    return error(100, "(#100) You must set at least one of the profile properties", "GraphMethodException");
  for (const k of keys) checkFieldName(k, platform);
  const fields: ProfileDocument = {};
  for (const k of keys) {
    fields[k] = decoded(k, req.body[k]);
    checkFieldValue(k, fields[k], platform);
  }
  if (platform === "messenger") checkPostDependencies(page.profiles.messenger, fields);
  store.setFields(page.seed.id, platform, fields);
  return { status: 200, body: { result: "success" } };
}

function del(req: GraphRequest, page: Page, platform: ProfilePlatform, store: PageStore, error: ErrorOf): GraphAnswer {
  const fields = deletedFields(req.body.fields);
  if (!fields) return error(100, "(#100) The parameter fields is required", "GraphMethodException");
  for (const f of fields) checkFieldName(f, platform);
  if (platform === "messenger") checkDeleteDependencies(page.profiles.messenger, fields);
  store.deleteFields(page.seed.id, platform, fields);
  return { status: 200, body: { result: "success" } };
}
