/**
 * `MessengerProfile`'s lifecycle: check, diff, create, read, update and delete of the profile fields a
 * resource declares, on the Page operations (`graph/operations.ts`) and the pure planning of
 * `plan.ts`. The Messenger Profile API allows 10 calls per 10 minutes per Page:
 *
 * | step    | calls |
 * |---------|-------|
 * | check   | 0 (every limit, the deprecated fields, the dependencies the program alone decides) |
 * | diff    | 0, or 1 `GET /me` when the token changed |
 * | create  | `GET /me` (carrying the Page's Get Started and domains when a dependency needs them) + 1 POST |
 * | update  | 1 POST of the changed fields, +1 DELETE of the fields no longer declared; 0 for a cosmetic change |
 * | read    | 1 GET of the owned fields |
 * | delete  | 1 DELETE of the owned fields (0 when a refresh found them all unset) |
 *
 * The resource owns exactly the fields it declares: others are never sent, deleted or reported.
 *
 * This module is the resource's host module: the dynamic-provider host loads it by a real `require`
 * (see `shim.ts`), so its module state lives for the whole process.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AdviceContext } from "../core/advice";
import { connectionOutputs, validateConnection, type InputFailure } from "../core/connection";
import { forDynamicHost } from "../core/dynamic-host";
import {
  LifecycleBase,
  type DetailedDiffResult,
  type ImportedResource,
  type LifecycleOptions,
  type PropertyChange,
  type ResourceLifecycle,
} from "../core/lifecycle-base";
import { withPartialState } from "../core/partial-state";
import { tokenFingerprint } from "../core/settings";
import { effectiveSettings, type EffectiveSettings } from "../core/effective-settings";
import { isUnknown } from "../core/unknown";
import { DEFAULT_GRAPH_API_VERSION } from "../graph/endpoint";
import {
  DEFAULT_PLATFORM,
  PROFILE_FIELDS,
  declaredFields,
  inPostOrder,
  isProfilePlatform,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";
import type { PageIdentity } from "../graph/wire";
import { dependencyProblems, pageStateNeeded, pageStateOf, type PageProfileState } from "./dependencies";
import { parseProfileImportId } from "./import-id";
import { normalizeProfileArgs, profileFields, unknownFields } from "./normalize";
import {
  detectDrift,
  diffOf,
  planCreate,
  planDelete,
  planUpdate,
  requestsOf,
  type DesiredProfile,
  type OwnedProfileState,
  type ProfileRequest,
} from "./plan";
import type { MessengerProfileInputs, MessengerProfileOutputs, NormalizedProfile } from "./types";
import { validateProfile } from "./validate";
import { fromWire } from "./wire-form";
import { printable } from "../graph/printable";

/** What this resource's errors advise in Pulumi. */
const ADVICE: AdviceContext = {
  rejectedParameter:
    "Graph rejected a field of the profile (its message names it): check the field against the limits in docs/profile.md, and apiVersion (e.g. v25.0). A persistentMenu needs a Get Started button on the Page: declare getStarted in this resource (or make it depend on the resource that sets it).",
  changes: "changing the Messenger profile",
};

/** An update's requests, what state holds after them, and what it holds when only the POST went through. */
interface UpdateStep {
  readonly s: EffectiveSettings;
  readonly requests: readonly ProfileRequest[];
  readonly outs: MessengerProfileOutputs;
  /** When the update also DELETEs: the state after its POST alone, and what to do next. */
  readonly afterPost?: { readonly outs: MessengerProfileOutputs; readonly reason: string };
}

/**
 * The lifecycle of `MessengerProfile`, typed at both ends.
 *
 * @example
 * ```ts
 * const lifecycle = new ProfileLifecycle({ settings: readProviderSettings(undefined) });
 * const { id, outs } = await lifecycle.create({ platform: "messenger", apiVersion: "v25.0", greeting: "Hi!" });
 * ```
 */
export class ProfileLifecycle
  extends LifecycleBase
  implements ResourceLifecycle<MessengerProfileInputs, MessengerProfileOutputs>
{
  /** @param options - settings and observers */
  constructor(options: LifecycleOptions = {}) {
    super(ADVICE, options);
  }

  /**
   * Validates every field (each failure names its exact path), the connection inputs, and the
   * dependencies the program alone decides (a menu kept while its Get Started is removed; a
   * Messenger Extensions URL outside the declared domains). Fills in `platform` and `apiVersion`.
   * No calls.
   */
  async check(
    olds: MessengerProfileInputs,
    news: MessengerProfileInputs,
  ): Promise<dynamic.CheckResult<MessengerProfileInputs>> {
    return this.guard([news?.pageAccessToken, news?.appSecret], () => {
      const raw = (news ?? {}) as unknown as Readonly<Record<string, unknown>>;
      const platform = raw.platform === undefined || raw.platform === null ? DEFAULT_PLATFORM : raw.platform;
      const apiVersion =
        raw.apiVersion === undefined || raw.apiVersion === null ? DEFAULT_GRAPH_API_VERSION : raw.apiVersion;
      const failures: InputFailure[] = validateProfile(raw, platform).map((f) => ({
        property: f.property,
        reason: f.reason,
      }));
      const connection = validateConnection(raw, apiVersion, this.providerSettings);
      failures.push(...connection.failures);
      if (failures.length === 0 && isProfilePlatform(platform)) failures.push(...removalProblems(olds, news, platform));
      const inputs: Record<string, unknown> = { platform };
      for (const f of PROFILE_FIELDS)
        if (raw[f.input] !== undefined && raw[f.input] !== null) inputs[f.input] = raw[f.input];
      Object.assign(inputs, connection.inputs);
      return { inputs: inputs as unknown as MessengerProfileInputs, failures };
    });
  }

  /**
   * Compares state with the new inputs on normalized values: a cosmetic change (locale order, a
   * shorthand) is no change. A new platform, or a token of another Page, replaces the resource. No
   * calls, except one `GET /me` when the token changed.
   */
  async diff(_id: string, olds: MessengerProfileOutputs, news: MessengerProfileInputs): Promise<DetailedDiffResult> {
    return this.guard([olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret], async () => {
      const changes: string[] = [];
      const replaces: string[] = [];
      let pageId: string | undefined;
      if (isUnknown(news.pageAccessToken)) changes.push("pageAccessToken");
      else {
        const next = effectiveSettings(news, this.providerSettings);
        if (tokenFingerprint(next.token) !== olds.tokenFingerprint && isUnknown(news.graphApiUrl))
          changes.push("pageAccessToken"); // which Page it belongs to is asked once the endpoint is known
        else if (tokenFingerprint(next.token) !== olds.tokenFingerprint) {
          pageId = (await this.page(next).whoAmI()).id;
          if (pageId === olds.pageId) changes.push("pageAccessToken");
        } else if (next.tokenSource !== olds.tokenSource) changes.push("pageAccessToken");
        if (next.graphApiUrl !== olds.graphApiUrl) changes.push("graphApiUrl");
      }
      const fieldChanges: Record<string, PropertyChange> = {};
      if (isUnknown(news.platform)) replaces.push("platform");
      else {
        const plan = planUpdate(stateOf(olds), desiredOf(news, pageId));
        const diff = diffOf(plan);
        replaces.push(...diff.replaces);
        changes.push(...diff.changedInputs);
        for (const c of plan.changes) fieldChanges[c.input] = c.kind;
      }
      if (olds.apiVersion !== news.apiVersion) changes.push("apiVersion");
      if (olds.appSecret !== news.appSecret) changes.push("appSecret");
      return {
        changes: changes.length + replaces.length > 0,
        replaces,
        stables: replaces.length === 0 ? ["pageId", "platform"] : [],
        deleteBeforeReplace: false,
        detailedDiff: {
          ...Object.fromEntries(changes.map((k) => [k, "update" as const])),
          ...fieldChanges,
          ...Object.fromEntries(replaces.map((k) => [k, "update-replace" as const])),
        },
      };
    });
  }

  /**
   * `GET /me` and one POST of every declared field. When a dependency needs the Page's state (a
   * menu with no Get Started declared here, a Messenger Extensions URL with no domains declared
   * here), the same `GET /me` reads it by field expansion, and a broken dependency fails before
   * anything is sent.
   */
  async create(inputs: MessengerProfileInputs): Promise<dynamic.CreateResult<MessengerProfileOutputs>> {
    return this.guard([inputs?.pageAccessToken, inputs?.appSecret], async () => {
      const s = effectiveSettings(inputs, this.providerSettings);
      const platform = inputs.platform;
      const { page, pageState } = await this.pageWithState(s, inputs);
      const broken = dependencyProblems(inputs, platform, pageState).filter((p) => p.severity === "error");
      if (broken.length > 0)
        throw new Error(
          `Nothing was sent to Page ${page.id}: ${broken.map((p) => p.message).join("; ")}. ` +
            "If another resource of this program sets it, add that resource to this one's dependsOn.",
        );
      const desired = desiredOf(inputs);
      const plan = planCreate(desired);
      await this.send(s, platform, requestsOf(plan, desired.profile));
      return { id: page.id, outs: outputsOf(s, page, platform, plan.ownedFields, desired.profile, inputs) };
    });
  }

  /**
   * One GET of the owned fields (unowned fields are neither asked for nor kept). A field changed,
   * removed or restored outside Pulumi shows as drift; the next `up` repairs it with one POST.
   */
  async read(id: string, props?: MessengerProfileOutputs): Promise<dynamic.ReadResult<MessengerProfileOutputs>> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      if (props?.ownedFields === undefined || props.platform === undefined)
        throw new Error(
          `A MessengerProfile cannot be imported into a program's state (Pulumi cannot import dynamic resources, pulumi#16175). ` +
            `Run \`messenger-profile-export\` to print a program that declares Page ${id}'s current profile, and run \`pulumi up\` with it.`,
        );
      const s = effectiveSettings(props, this.providerSettings);
      let page: PageIdentity = { id: props.pageId ?? id, name: props.pageName ?? "" };
      if (this.ambientTokenChanged(s, props.tokenFingerprint))
        page = await this.samePage(s, id, "read", "the Messenger profile");
      const old = stateOf(props);
      let profile: NormalizedProfile = {};
      if (old.ownedFields.length > 0) {
        const answer = await this.page(s).getFields(old.ownedFields, old.platform);
        profile = detectDrift(old, fromWire(answer, old.platform)).profile;
      }
      return { id, props: outputsOf(s, page, old.platform, old.ownedFields, profile, props) };
    });
  }

  /**
   * One POST of the fields whose normalized value changed or that are newly declared, then one
   * DELETE of the owned fields no longer declared. A new endpoint gets every declared field. No
   * call when only credentials or the version changed.
   *
   * When the DELETE fails after the POST went through, the error carries the state the Page now has
   * (the new values, and the fields still to delete, still owned): the engine records it, and the
   * next `up` makes only the DELETE (see `core/partial-state.ts`).
   */
  async update(
    id: string,
    olds: MessengerProfileOutputs,
    news: MessengerProfileInputs,
  ): Promise<dynamic.UpdateResult<MessengerProfileOutputs>> {
    let partial: UpdateStep["afterPost"];
    try {
      return await this.guard(
        [olds?.pageAccessToken, olds?.appSecret, news?.pageAccessToken, news?.appSecret],
        async () => {
          const step = this.updateStep(olds, news);
          for (const r of step.requests) {
            await this.send(step.s, news.platform, [r]);
            if (r.method === "POST") partial = step.afterPost;
          }
          return { outs: step.outs };
        },
      );
    } catch (e) {
      if (partial === undefined) throw e;
      // The engine prints the reasons, not the message, of a step that left partial state: the
      // failure itself (already safe to print) comes first.
      const failure = e instanceof Error ? e : new Error(String(e));
      throw withPartialState(failure, id, partial.outs, [failure.message, partial.reason]);
    }
  }

  /** One DELETE of the owned fields that are set. Fields already gone count as deleted. */
  async delete(id: string, props: MessengerProfileOutputs): Promise<void> {
    return this.guard([props?.pageAccessToken, props?.appSecret], async () => {
      const s = effectiveSettings(props, this.providerSettings);
      const plan = planDelete(stateOf(props));
      if (plan.delete.length === 0) return;
      if (this.ambientTokenChanged(s, props.tokenFingerprint))
        await this.samePage(s, id, "delete", "the Messenger profile");
      await this.send(s, props.platform, requestsOf(plan, {}));
    });
  }

  /**
   * Adopts a Page's current profile (`pulumi import` through the provider plugin): one
   * `GET /me?fields=id,name,messenger_profile{…}` proves that the token (stack config or
   * environment) belongs to the Page and reads the fields.
   *
   * The import id is `<pageId>`, `<pageId>/<platform>` or `<pageId>/<platform>/<field>,<field>…`
   * (input or wire names). Without a field list the resource owns every field set on the Page for
   * that platform; with one, exactly those.
   *
   * @param id - the import id
   * @returns the resource id, its state, and the inputs a program declares to keep it as it is
   */
  async importResource(id: string): Promise<ImportedResource<MessengerProfileOutputs>> {
    return this.guard([], async () => {
      const { pageId, platform, fields } = parseProfileImportId(id);
      const s = effectiveSettings({}, this.providerSettings);
      const asked = fields ?? PROFILE_FIELDS.filter((f) => f.platforms.includes(platform)).map((f) => f.wire);
      const answer = await this.page(s).whoAmIWithProfile(asked, platform);
      if (answer.id !== pageId)
        throw new Error(
          `Cannot import the Messenger profile of Page ${pageId}: the configured token belongs to Page ${answer.id} (${printable(answer.name)}). Set Page ${pageId}'s token with \`pulumi config set --secret messenger:pageAccessToken <token>\` and import again.`,
        );
      const raw = answer.profile ?? (await this.page(s).getFields(asked, platform));
      const profile = fromWire(raw, platform);
      const owned = fields ?? profileFields(profile);
      if (owned.length === 0)
        throw new Error(
          `Page ${pageId} has no ${platform} profile field set: there is nothing to import. Declare a MessengerProfile in the program and run \`pulumi up\` instead.`,
        );
      const outs = outputsOf(s, { id: answer.id, name: answer.name }, platform, owned, profile, {});
      const inputs: Record<string, unknown> = { platform };
      for (const f of PROFILE_FIELDS)
        if (owned.includes(f.wire) && profile[f.input] !== undefined) inputs[f.input] = profile[f.input];
      return { id: answer.id, outs, inputs };
    });
  }

  /** The Page of create's token, and what the dependency rules need of its profile (same `GET /me`). */
  private async pageWithState(
    s: EffectiveSettings,
    inputs: MessengerProfileInputs,
  ): Promise<{ page: PageIdentity; pageState: PageProfileState }> {
    const asked = pageStateNeeded(inputs, inputs.platform === "messenger");
    if (asked.length === 0) return { page: await this.page(s).whoAmI(), pageState: {} };
    const answer = await this.page(s).whoAmIWithProfile(asked);
    const page = { id: answer.id, name: answer.name };
    if (answer.profile === undefined) return { page, pageState: {} };
    return { page, pageState: pageStateOf(fromWire(answer.profile, inputs.platform), asked) };
  }

  /** What an update sends, and the state after it (and after its POST alone, when it also DELETEs). */
  private updateStep(olds: MessengerProfileOutputs, news: MessengerProfileInputs): UpdateStep {
    const s = effectiveSettings(news, this.providerSettings);
    const old = stateOf(olds);
    const wanted = desiredOf(news);
    const desired = wanted.profile;
    const page = { id: olds.pageId, name: olds.pageName };
    // Another endpoint is another Graph: everything declared is set there.
    const plan = s.graphApiUrl !== olds.graphApiUrl ? planCreate(wanted) : planUpdate(old, wanted);
    const outs = outputsOf(s, page, news.platform, plan.ownedFields, desired, news);
    if (plan.delete.length === 0 || plan.post.length === 0) return { s, requests: requestsOf(plan, desired), outs };
    // The fields still to delete stay owned, with the values the Page still has.
    const owned = inPostOrder([...plan.ownedFields, ...plan.delete]);
    return {
      s,
      requests: requestsOf(plan, desired),
      outs,
      afterPost: {
        outs: outputsOf(s, page, news.platform, owned, { ...old.profile, ...desired }, news),
        reason: `The POST of ${plan.post.join(", ")} went through; the DELETE of ${plan.delete.join(", ")} did not: run \`pulumi up\` again to delete them.`,
      },
    };
  }

  /** Sends a plan's requests in order: the POST, then the DELETE. */
  private async send(
    s: EffectiveSettings,
    platform: ProfilePlatform,
    requests: readonly ProfileRequest[],
  ): Promise<void> {
    const page = this.page(s);
    for (const r of requests) {
      if (r.method === "POST") await page.setFields(r.body, platform);
      else await page.deleteFields(r.body.fields, platform);
    }
  }
}

/**
 * The dependency errors of fields removed by this step: a menu kept while the Get Started it needs
 * is removed from this resource (which deletes it from the Page).
 */
function removalProblems(
  olds: MessengerProfileInputs,
  news: MessengerProfileInputs,
  platform: ProfilePlatform,
): InputFailure[] {
  const declared = declaredFields(news);
  const removing = declaredFields(olds).filter((f) => !declared.includes(f));
  return dependencyProblems(news, platform, {}, { removing })
    .filter((p) => p.severity === "error")
    .map((p) => ({ property: p.path.split(/[.[]/)[0], reason: p.message }));
}

/** What state says the resource owns. */
function stateOf(outs: MessengerProfileOutputs): OwnedProfileState {
  const profile: Record<string, unknown> = {};
  for (const f of PROFILE_FIELDS)
    if (outs[f.input] !== undefined && outs[f.input] !== null) profile[f.input] = outs[f.input];
  return {
    pageId: outs.pageId,
    platform: outs.platform ?? DEFAULT_PLATFORM,
    ownedFields: outs.ownedFields ?? [],
    profile: profile,
  };
}

/** What the inputs declare, normalized; values unknown at preview count as changing. */
function desiredOf(news: MessengerProfileInputs, pageId?: string): DesiredProfile {
  return {
    ...(pageId !== undefined ? { pageId } : {}),
    platform: news.platform,
    profile: normalizeProfileArgs(news, news.platform),
    unknownFields: unknownFields(news),
  };
}

function outputsOf(
  s: EffectiveSettings,
  page: PageIdentity,
  platform: ProfilePlatform,
  ownedFields: readonly ProfileWireField[],
  profile: NormalizedProfile,
  own: { appSecret?: string },
): MessengerProfileOutputs {
  const owned = new Set(ownedFields);
  const values = Object.fromEntries(
    PROFILE_FIELDS.filter((f) => owned.has(f.wire) && profile[f.input] !== undefined).map((f) => [
      f.input,
      profile[f.input],
    ]),
  ) as NormalizedProfile;
  return { ...values, platform, ownedFields: inPostOrder(ownedFields), ...connectionOutputs(s, page, own) };
}

/** The lifecycle the dynamic-provider host uses (one per process; see `shim.ts`). */
export const lifecycle = forDynamicHost(new ProfileLifecycle());
