/**
 * Validation of a Messenger profile at `check`, with no network call: every documented limit, each
 * failure naming the exact path of the offending value (e.g. `persistentMenu[0].callToActions[2].title`)
 * and saying what to do. Values not known yet (preview) pass. One check per field of the field
 * table, in {@link FIELD_CHECKS}: a field added to the table without its check does not compile.
 *
 * @packageDocumentation
 */
import { isUnknown } from "../core/unknown";
import { typeOf } from "../graph/url-rules";
import {
  DEFAULT_PLATFORM,
  DEPRECATED_FIELDS,
  PROFILE_FIELDS,
  PROFILE_PLATFORMS,
  isProfilePlatform,
  type ProfileInputField,
  type ProfilePlatform,
} from "../graph/profile-fields";
import { Checker, isAbsent, isObj, quote, type ProfileFailure } from "./checker";
import { PROFILE_LIMITS } from "./limits";
import { MAX_LOCALE_ENTRIES } from "./locales";
import { checkPersistentMenu } from "./menu-checks";
import { normalizeDomain } from "./normalize";
import { whitelistedDomainProblem } from "./urls";
import { checkPayload, checkUrl } from "./value-checks";

function checkGetStarted(c: Checker, v: unknown): void {
  if (c.object("getStarted", v, ["payload"], "Get Started ({ payload })")) {
    if (isAbsent(v.payload)) c.fail("getStarted.payload", 'is required: the postback payload, e.g. "GET_STARTED"');
    else checkPayload(c, "getStarted.payload", v.payload);
  }
}

function checkGreeting(c: Checker, v: unknown): void {
  if (typeof v === "string") {
    c.text("greeting", v, PROFILE_LIMITS.greetingText, "the greeting text");
    return;
  }
  if (!c.array("greeting", v, 1, MAX_LOCALE_ENTRIES, "greetings ({ locale, text })")) return;
  v.forEach((g, i) => {
    const p = `greeting[${i}]`;
    if (!c.object(p, g, ["locale", "text"], "a greeting ({ locale, text })")) return;
    if (isAbsent(g.text)) c.fail(`${p}.text`, "is required: the greeting shown on the welcome screen");
    else c.text(`${p}.text`, g.text, PROFILE_LIMITS.greetingText, "the greeting text");
    if (isAbsent(g.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
  });
  c.locales("greeting", v);
}

function checkQuestions(c: Checker, path: string, v: unknown): void {
  if (!c.array(path, v, 1, PROFILE_LIMITS.iceBreakersPerLocale, "ice breaker questions ({ question, payload })"))
    return;
  v.forEach((q, i) => {
    const p = `${path}[${i}]`;
    if (!c.object(p, q, ["question", "payload"], "an ice breaker ({ question, payload })")) return;
    if (isAbsent(q.question)) c.fail(`${p}.question`, "is required: the question shown to the person");
    else c.text(`${p}.question`, q.question, PROFILE_LIMITS.iceBreakerQuestion, "the question shown to the person");
    if (isAbsent(q.payload)) c.fail(`${p}.payload`, "is required: the postback payload sent to your webhook");
    else checkPayload(c, `${p}.payload`, q.payload);
  });
}

function checkIceBreakers(c: Checker, v: unknown): void {
  if (!c.array("iceBreakers", v, 1, MAX_LOCALE_ENTRIES, "ice breakers")) return;
  const localized = v.map((e) => isObj(e) && ("locale" in e || "callToActions" in e || "call_to_actions" in e));
  const flat = v.map((e, i) => isObj(e) && !localized[i] && ("question" in e || "payload" in e));
  if (localized.some(Boolean) && flat.some(Boolean)) {
    const i = flat.findIndex(Boolean);
    c.fail(
      `iceBreakers[${i}]`,
      "mixes a flat question with per-locale entries: use either a flat list of questions (the default locale) or a list of { locale, callToActions }",
    );
    return;
  }
  if (!localized.some(Boolean)) {
    checkQuestions(c, "iceBreakers", v);
    return;
  }
  v.forEach((l, i) => {
    const p = `iceBreakers[${i}]`;
    if (!c.object(p, l, ["locale", "callToActions"], "ice breakers of one locale ({ locale, callToActions })")) return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    if (isAbsent(l.callToActions)) c.fail(`${p}.callToActions`, "is required: 1 to 4 questions");
    else checkQuestions(c, `${p}.callToActions`, l.callToActions);
  });
  c.locales("iceBreakers", v);
}

function checkCommands(c: Checker, v: unknown): void {
  if (!c.array("commands", v, 1, MAX_LOCALE_ENTRIES, "command lists ({ locale, commands })")) return;
  v.forEach((l, i) => {
    const p = `commands[${i}]`;
    if (!c.object(p, l, ["locale", "commands"], "the commands of one locale ({ locale, commands })")) return;
    if (isAbsent(l.locale)) c.fail(`${p}.locale`, 'is required: "default" or a locale such as "fr_FR"');
    if (isAbsent(l.commands)) {
      c.fail(`${p}.commands`, "is required: 1 to 100 commands ({ name, description })");
      return;
    }
    if (!c.array(`${p}.commands`, l.commands, 1, PROFILE_LIMITS.commandsPerLocale, "commands ({ name, description })"))
      return;
    const names = new Map<string, number>();
    l.commands.forEach((cmd, j) => {
      const q = `${p}.commands[${j}]`;
      if (!c.object(q, cmd, ["name", "description"], "a command ({ name, description })")) return;
      if (isAbsent(cmd.name)) c.fail(`${q}.name`, "is required: the command's name, e.g. order");
      else if (c.text(`${q}.name`, cmd.name, PROFILE_LIMITS.commandName, "the command's name")) {
        if (cmd.name.startsWith("/"))
          c.fail(`${q}.name`, `must not start with "/" (Messenger adds it): write "${cmd.name.replace(/^\/+/, "")}"`);
        const first = names.get(cmd.name);
        if (first !== undefined)
          c.fail(`${q}.name`, `repeats "${cmd.name}" (already at ${p}.commands[${first}]): keep one`);
        else names.set(cmd.name, j);
      }
      if (isAbsent(cmd.description)) c.fail(`${q}.description`, "is required: what the command does");
      else c.text(`${q}.description`, cmd.description, PROFILE_LIMITS.commandDescription, "what the command does");
    });
  });
  c.locales("commands", v);
}

function checkWhitelistedDomains(c: Checker, v: unknown): void {
  if (!c.array("whitelistedDomains", v, 1, PROFILE_LIMITS.whitelistedDomains, "https domains")) return;
  const seen = new Map<string, number>();
  v.forEach((d, i) => {
    const p = `whitelistedDomains[${i}]`;
    if (isUnknown(d)) return;
    const problem = whitelistedDomainProblem(d);
    if (problem) {
      c.fail(p, problem);
      return;
    }
    const canonical = normalizeDomain(d as string);
    const first = seen.get(canonical);
    if (first !== undefined)
      c.fail(p, `repeats ${canonical} (already at whitelistedDomains[${first}]): list each domain once`);
    else seen.set(canonical, i);
  });
}

/** The check of one field's declared value (known, on a platform the field exists on). */
type FieldCheck = (c: Checker, v: unknown, platform: ProfilePlatform | undefined) => void;

/** Each field's check, by input name. */
const FIELD_CHECKS: { readonly [K in ProfileInputField]: FieldCheck } = {
  whitelistedDomains: (c, v) => checkWhitelistedDomains(c, v),
  getStarted: (c, v) => checkGetStarted(c, v),
  greeting: (c, v) => checkGreeting(c, v),
  iceBreakers: (c, v) => checkIceBreakers(c, v),
  persistentMenu: (c, v, platform) => checkPersistentMenu(c, v, platform),
  commands: (c, v) => checkCommands(c, v),
  accountLinkingUrl: (c, v) => checkUrl(c, "accountLinkingUrl", v, "accountLinking"),
};

/**
 * Validates a profile's args: every field, every documented limit, the platform's restrictions, the
 * deprecated fields. Values not known yet pass. Keys that are not profile fields (the token, the API
 * version and the other settings shared with `MessengerAccountLinking`) are left to their own checks.
 *
 * @param args - the inputs as the engine passes them
 * @param platform - the platform to validate for (default: `args.platform`, else `"messenger"`)
 * @returns every failure found, in field order
 */
export function validateProfile(args: Readonly<Record<string, unknown>>, platform?: unknown): ProfileFailure[] {
  const c = new Checker();
  const chosen = platform ?? (isAbsent(args.platform) ? DEFAULT_PLATFORM : args.platform);
  let known: ProfilePlatform | undefined;
  if (isProfilePlatform(chosen)) known = chosen;
  else if (!isUnknown(chosen))
    c.fail(
      "platform",
      `must be ${PROFILE_PLATFORMS.map((p) => `"${p}"`).join(" or ")}, got ${typeof chosen === "string" ? quote(chosen) : typeOf(chosen)}`,
    );

  for (const d of DEPRECATED_FIELDS)
    for (const key of [d.input, d.wire]) if (!isAbsent(args[key])) c.fail(key, d.message);
  for (const f of PROFILE_FIELDS)
    if (f.wire !== f.input && !isAbsent(args[f.wire]))
      c.fail(f.wire, `is the wire name: write ${f.input} (camelCase) in the program`);

  const declared = PROFILE_FIELDS.filter((f) => !isAbsent(args[f.input]));
  if (declared.length === 0) {
    const names = PROFILE_FIELDS.filter((f) => known === undefined || f.platforms.includes(known)).map((f) => f.input);
    c.fail("", `a MessengerProfile must declare at least one field: set one of ${names.join(", ")}`);
  }
  for (const f of declared) {
    const v = args[f.input];
    if (known !== undefined && !f.platforms.includes(known)) {
      c.fail(
        f.input,
        `does not exist on ${known === "instagram" ? "Instagram" : known}: with platform "instagram" only iceBreakers and persistentMenu can be set. Move ${f.input} to a MessengerProfile with platform "messenger"`,
      );
      continue;
    }
    if (isUnknown(v)) continue;
    FIELD_CHECKS[f.input](c, v, known);
  }
  checkSize(c, args, declared);
  return c.failures;
}

/** The declared fields' size as JSON, against {@link PROFILE_LIMITS.profileBytes}, naming the largest. */
function checkSize(c: Checker, args: Readonly<Record<string, unknown>>, declared: ReadonlyArray<{ input: string }>) {
  const sizes = declared.map((f) => ({
    input: f.input,
    bytes: Buffer.byteLength(JSON.stringify(args[f.input]) ?? ""),
  }));
  const total = sizes.reduce((sum, s) => sum + s.bytes, 0);
  if (total <= PROFILE_LIMITS.profileBytes) return;
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  const largest = [...sizes].sort((a, b) => b.bytes - a.bytes).slice(0, 3);
  c.fail(
    "",
    `the profile's fields total ${mb(total)} as JSON (${largest.map((s) => `${s.input} ${mb(s.bytes)}`).join(", ")}); the limit is ${mb(PROFILE_LIMITS.profileBytes)}, far above any real profile: shorten the largest fields`,
  );
}
