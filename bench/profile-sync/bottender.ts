// bottender's profile sync, replayed: what `bottender messenger profile set` (without `--force`)
// sends for a declared profile.
//
// Why a replay and not bottender itself: bottender 1.5.5 (the latest) cannot be installed here. Its
// dependency ngrok@3 downloads a binary from outside the package registry at postinstall, which fails
// with no network, so `npm ci` would fail; with `--ignore-scripts` it still adds 534 packages (131 MB,
// about 20 s). Its CLI also builds its client as `new MessengerClient({ accessToken })`, with no way to
// pass an `origin`, so it could only reach the emulator by patching the client module.
//
// What is replayed, line for line: bottender 1.5.5, `dist/cli/providers/messenger/profile.js`,
// functions `setMessengerProfile` (the branch without `--force`) and `trimDomain`, with its `FIELDS`
// list; the same libraries do the work: messaging-api-messenger's `MessengerClient` (bottender pins
// 1.0.6; 1.1.0's `getMessengerProfile`, `setMessengerProfile` and `deleteMessengerProfile` are the same
// code, only recompiled) and deep-object-diff's `diff`, `addedDiff`, `deletedDiff`, `updatedDiff`.
// lodash's `pick`/`omit` and messaging-api-common's `snakecase` are written out below (same results
// on these inputs). The only change: the client gets `origin` (the emulator) and `version`.
// verify-replay.ts checks this against bottender's own code installed outside the repository: for
// every step of the sequence the replay sends the same requests byte for byte (tokens and Graph
// version aside: bottender calls v6.0), and fails where bottender fails.
//
// What follows from bottender's code (not from this replay): every run first GETs the six fields
// of `FIELDS`; `commands` is not among them, so a declared `commands` is never seen on the Page and
// is POSTed again at every run, and a removed `commands` is never deleted; a field whose value differs
// anywhere (locale order included) is POSTed whole; `whitelistedDomains` goes in a POST of its own
// before the other fields; removed fields go in one DELETE, before the POSTs.
import { addedDiff, deletedDiff, diff, updatedDiff } from "deep-object-diff";
import { MessengerClient } from "messaging-api-messenger";
import type { Emulator, PageSeed } from "../../emulator";
import { normalizeGreeting, normalizeIceBreakers } from "../../provider/profile/normalize";
import { runSequence, type SideRun } from "./sequence";
import type { DeclaredProfile } from "../../provider/profile/types";

/** bottender's `FIELDS`: what `profile set` reads first (note: no `commands`). */
export const BOTTENDER_FIELDS = [
  "account_linking_url",
  "persistent_menu",
  "get_started",
  "greeting",
  "ice_breakers",
  "whitelisted_domains",
] as const;

/** A profile as bottender's config declares it and messaging-api-messenger sends it: camelCase keys. */
export type BottenderProfile = Record<string, unknown>;

/** The messaging-api-messenger client methods the sync uses. */
export type ProfileClient = Pick<
  MessengerClient,
  "getMessengerProfile" | "setMessengerProfile" | "deleteMessengerProfile"
>;

/**
 * A messaging-api-messenger client pointed at a Graph endpoint (the emulator).
 *
 * @param origin - e.g. `http://127.0.0.1:4567`
 * @param accessToken - the Page's (fake) token
 * @param version - Graph version with or without `v`
 */
export function messagingApiClient(origin: string, accessToken: string, version = "v25.0"): MessengerClient {
  return new MessengerClient({ accessToken, origin, version, skipAppSecretProof: true });
}

/**
 * What a bottender user writes in `bottender.config.js` (`channels.messenger.profile`) for the same
 * declaration: the same camelCase fields in the same order, with this package's shorthands written out
 * (a greeting string or a flat ice breaker list is the `default` locale). Nothing is sorted or filled
 * in: bottender compares the config as written.
 *
 * @param args - a declaration of the sequence
 */
export function bottenderProfileOf(args: DeclaredProfile): BottenderProfile {
  const out: BottenderProfile = {};
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined || key === "platform") continue;
    if (key === "greeting" && typeof value === "string") out.greeting = normalizeGreeting(value);
    else if (key === "iceBreakers" && Array.isArray(value) && value.some((e) => !("locale" in (e as object))))
      out.iceBreakers = normalizeIceBreakers(value as DeclaredProfile["iceBreakers"] & object);
    else out[key] = JSON.parse(JSON.stringify(value)) as unknown;
  }
  return out;
}

/** bottender's `trimDomain`: the profile with each whitelisted domain's trailing `/` removed. */
export function trimDomain(profile: BottenderProfile | undefined): BottenderProfile {
  const clone: BottenderProfile = { ...profile };
  if (Array.isArray(clone.whitelistedDomains))
    clone.whitelistedDomains = (clone.whitelistedDomains as string[]).map((domain) => domain.replace(/\/$/, ""));
  return clone;
}

/** lodash `pick` on own keys, in the order of `keys`. */
function pick(obj: BottenderProfile, keys: readonly string[]): BottenderProfile {
  const out: BottenderProfile = {};
  for (const k of keys) if (k in obj) out[k] = obj[k];
  return out;
}

/** lodash `omit` of one key. */
function omit(obj: BottenderProfile, key: string): BottenderProfile {
  const out: BottenderProfile = { ...obj };
  delete out[key];
  return out;
}

/** messaging-api-common's `snakecase` on a field name (`whitelistedDomains` → `whitelisted_domains`). */
function snakecase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** What one run did, in bottender's terms. */
export interface BottenderRunReport {
  /** Fields deleted (camelCase), in one DELETE. */
  readonly deleted: readonly string[];
  /** Fields set (camelCase), in one POST, or two when `whitelistedDomains` is among them. */
  readonly set: readonly string[];
}

/**
 * One `bottender messenger profile set` (no `--force`): GET the six `FIELDS`, diff against the config,
 * DELETE the fields the config no longer has, POST the added and updated ones (`whitelistedDomains`
 * alone first). Throws what the client throws (bottender then prints it and exits 1).
 *
 * @param client - a messaging-api-messenger client
 * @param configProfile - the profile in bottender's config
 */
export async function bottenderProfileSet(
  client: ProfileClient,
  configProfile: BottenderProfile,
): Promise<BottenderRunReport> {
  const [existed] = (await client.getMessengerProfile([...BOTTENDER_FIELDS])) as (BottenderProfile | undefined)[];
  const profile = trimDomain(configProfile);
  const existedProfile = trimDomain(existed);
  const diffResult = diff(existedProfile, profile);
  if (Object.keys(diffResult).length === 0) return { deleted: [], set: [] };
  const shouldDeleteFields = Object.keys(deletedDiff(existedProfile, profile));
  const shouldSetFields = [
    ...Object.keys(addedDiff(existedProfile, profile)),
    ...Object.keys(updatedDiff(existedProfile, profile)),
  ];
  if (shouldDeleteFields.length > 0) await client.deleteMessengerProfile(shouldDeleteFields.map(snakecase));
  if (shouldSetFields.length > 0) {
    const shouldSetProfile = pick(profile, shouldSetFields);
    if (shouldSetFields.includes("whitelistedDomains")) {
      await client.setMessengerProfile(pick(shouldSetProfile, ["whitelistedDomains"]));
      await client.setMessengerProfile(omit(shouldSetProfile, "whitelistedDomains"));
    } else {
      await client.setMessengerProfile(shouldSetProfile);
    }
  }
  return { deleted: shouldDeleteFields, set: shouldSetFields };
}

/**
 * Applies the sequence as bottender would: one `bottender messenger profile set` per step, with the
 * step's declaration as the config's profile.
 *
 * @param emu - the emulator
 * @param page - a Page whose profile is empty
 * @param programs - the declarations
 */
export function runBottender(emu: Emulator, page: PageSeed, programs: readonly DeclaredProfile[]): Promise<SideRun> {
  const client = messagingApiClient(emu.url, page.token);
  return runSequence(emu, page.id, programs, async (args) => {
    await bottenderProfileSet(client, bottenderProfileOf(args));
  });
}
