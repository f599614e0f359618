/**
 * The pure planning of a `MessengerProfile`'s lifecycle on normalized values: which fields each step
 * POSTs, DELETEs and GETs, and which differences a refresh reports as drift. No I/O: the operations
 * layer sends what the plan says.
 *
 * Call goals (issue 10): create = `GET /me` + 1 POST of every declared field; update = 1 POST of only
 * the changed fields, +1 DELETE only when fields were removed; refresh = 1 GET of the owned fields;
 * delete = 1 DELETE of the owned fields; a cosmetic change = 0 calls. A resource owns exactly the
 * fields it declares: other fields of the Page are never sent, deleted or reported.
 *
 * @packageDocumentation
 */
import {
  fieldByWire,
  inPostOrder,
  type ProfileInputField,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";
import type { WireProfile } from "../graph/profile-wire";
import { fieldEquals, fieldValue, profileFields } from "./normalize";
import type { NormalizedProfile } from "./types";
import { toWire } from "./wire-form";

/** What state holds of a profile resource. */
export interface OwnedProfileState {
  /** The Page the fields were set on. */
  readonly pageId: string;
  /** The platform of the profile. */
  readonly platform: ProfilePlatform;
  /** The fields the resource owns (declared at its last update), wire names. */
  readonly ownedFields: readonly ProfileWireField[];
  /**
   * The owned fields' values as last written or refreshed. An owned field is absent here when the last
   * refresh found it unset on the Page.
   */
  readonly profile: NormalizedProfile;
}

/** What the program declares now. */
export interface DesiredProfile {
  /** The Page the token resolves to, when it was resolved (a changed token); undefined: unchanged. */
  readonly pageId?: string;
  /** The platform. */
  readonly platform: ProfilePlatform;
  /** The declared fields whose values are known, normalized. */
  readonly profile: NormalizedProfile;
  /** Declared fields whose values are not known yet (preview); they count as changing. */
  readonly unknownFields?: readonly ProfileWireField[];
}

/** How one field changes. */
export type FieldChangeKind = "add" | "update" | "delete";

/** One field's change, for the detailed diff. */
export interface FieldChange {
  /** Wire name. */
  readonly field: ProfileWireField;
  /** Input name (what the diff shows). */
  readonly input: ProfileInputField;
  /** `add`: newly declared; `update`: value differs; `delete`: no longer declared. */
  readonly kind: FieldChangeKind;
}

/** Why a resource is replaced. */
export type ReplaceReason = "pageId" | "platform";

/** The calls of one lifecycle step, and what it changes. */
export interface ProfilePlan {
  /** Fields the step POSTs, in POST order (empty: no POST). */
  readonly post: readonly ProfileWireField[];
  /** Fields the step DELETEs, in POST order (empty: no DELETE). */
  readonly delete: readonly ProfileWireField[];
  /** Per-field changes, in POST order. */
  readonly changes: readonly FieldChange[];
  /**
   * Why the resource is replaced (empty: not replaced). On replace, `post` is for the new Page or
   * platform and `delete` for the old one.
   */
  readonly replaceReasons: readonly ReplaceReason[];
  /** The fields owned after the step. */
  readonly ownedFields: readonly ProfileWireField[];
}

function declaredFields(desired: DesiredProfile): ProfileWireField[] {
  return inPostOrder([...profileFields(desired.profile), ...(desired.unknownFields ?? [])]);
}

function change(field: ProfileWireField, kind: FieldChangeKind): FieldChange {
  return { field, input: fieldByWire(field).input, kind };
}

/**
 * Create: one POST with every declared field.
 *
 * @param desired - the declared profile
 */
export function planCreate(desired: DesiredProfile): ProfilePlan {
  const fields = declaredFields(desired);
  return {
    post: fields,
    delete: [],
    changes: fields.map((f) => change(f, "add")),
    replaceReasons: [],
    ownedFields: fields,
  };
}

/**
 * Delete: one DELETE of the owned fields that state knows to be set (a field the last refresh found
 * unset needs no call). Fields the resource does not own are never named.
 *
 * @param old - the state
 */
export function planDelete(old: OwnedProfileState): ProfilePlan {
  const fields = inPostOrder(old.ownedFields.filter((f) => fieldValue(old.profile, f) !== undefined));
  return {
    post: [],
    delete: fields,
    changes: inPostOrder(old.ownedFields).map((f) => change(f, "delete")),
    replaceReasons: [],
    ownedFields: [],
  };
}

/**
 * Update (and diff, which reports the same changes): POST only the fields whose normalized value
 * changed or that are newly declared; DELETE only the owned fields no longer declared (and still set).
 * A change of Page or platform replaces the resource: everything declared is POSTed to the new
 * profile and everything owned is deleted from the old one.
 *
 * @param old - the state
 * @param desired - the declared profile
 */
export function planUpdate(old: OwnedProfileState, desired: DesiredProfile): ProfilePlan {
  const replaceReasons: ReplaceReason[] = [];
  if (desired.pageId !== undefined && desired.pageId !== old.pageId) replaceReasons.push("pageId");
  if (desired.platform !== old.platform) replaceReasons.push("platform");
  const declared = declaredFields(desired);
  if (replaceReasons.length > 0) {
    const created = planCreate(desired);
    return { ...created, delete: planDelete(old).delete, replaceReasons };
  }
  const owned = new Set(old.ownedFields);
  const unknown = new Set(desired.unknownFields ?? []);
  const changes: FieldChange[] = [];
  const post: ProfileWireField[] = [];
  const del: ProfileWireField[] = [];
  for (const f of inPostOrder([...declared, ...owned])) {
    const isDeclared = declared.includes(f);
    if (!isDeclared) {
      changes.push(change(f, "delete"));
      if (fieldValue(old.profile, f) !== undefined) del.push(f);
    } else if (!owned.has(f)) {
      changes.push(change(f, "add"));
      post.push(f);
    } else if (unknown.has(f) || !fieldEquals(old.profile, desired.profile, f)) {
      changes.push(change(f, "update"));
      post.push(f);
    }
  }
  return { post, delete: del, changes, replaceReasons: [], ownedFields: declared };
}

/**
 * The `fields` of the refresh GET: the owned fields only, in POST order, comma-separated.
 *
 * @param old - the state
 */
export function refreshFieldsParam(old: Pick<OwnedProfileState, "ownedFields">): string {
  return inPostOrder(old.ownedFields).join(",");
}

/** A difference between state and the Page found by a refresh. */
export interface FieldDrift {
  /** Wire name. */
  readonly field: ProfileWireField;
  /** Input name. */
  readonly input: ProfileInputField;
  /** `changed`: another value; `removed`: unset on the Page; `restored`: set again after a refresh found it unset. */
  readonly kind: "changed" | "removed" | "restored";
}

/** The outcome of a refresh. */
export interface RefreshOutcome {
  /** The owned fields' values as the Page has them now (unowned fields left out). */
  readonly profile: NormalizedProfile;
  /** Owned fields that differ from state. */
  readonly drift: readonly FieldDrift[];
}

/**
 * Compares what a refresh GET returned with state, for the owned fields only: a field the resource
 * does not own is neither kept nor reported, even when the answer carries it.
 *
 * @param old - the state
 * @param observed - the GET answer, normalized (`fromWire`)
 */
export function detectDrift(old: OwnedProfileState, observed: NormalizedProfile): RefreshOutcome {
  const owned = inPostOrder(old.ownedFields);
  const kept = new Set(owned.filter((f) => fieldValue(observed, f) !== undefined));
  const profile = Object.fromEntries(
    owned.filter((f) => kept.has(f)).map((f) => [fieldByWire(f).input, fieldValue(observed, f)]),
  ) as NormalizedProfile;
  const drift: FieldDrift[] = [];
  for (const f of owned) {
    const before = fieldValue(old.profile, f) !== undefined;
    const now = kept.has(f);
    const input = fieldByWire(f).input;
    if (before && !now) drift.push({ field: f, input, kind: "removed" });
    else if (!before && now) drift.push({ field: f, input, kind: "restored" });
    else if (before && now && !fieldEquals(old.profile, observed, f)) drift.push({ field: f, input, kind: "changed" });
  }
  return { profile, drift };
}

/** One request a plan turns into (the operations layer adds the URL, token and platform). */
export type ProfileRequest =
  | { readonly method: "POST"; readonly body: WireProfile }
  | { readonly method: "DELETE"; readonly body: { readonly fields: readonly ProfileWireField[] } };

/**
 * The requests of a plan, in the order to send them: the POST first (new values, including any Get
 * Started a kept menu needs), then the DELETE. At most one of each.
 *
 * @param plan - the plan
 * @param desired - the declared profile (the POST's values)
 */
export function requestsOf(plan: ProfilePlan, desired: NormalizedProfile): ProfileRequest[] {
  const out: ProfileRequest[] = [];
  if (plan.post.length > 0) out.push({ method: "POST", body: toWire(desired, plan.post) });
  if (plan.delete.length > 0) out.push({ method: "DELETE", body: { fields: [...plan.delete] } });
  return out;
}

/** What a plan means for Pulumi's `diff` (the dynamic-provider `DiffResult` shape, without `any`). */
export interface ProfileDiff {
  /** Whether an update (or replacement) is needed: false for a cosmetic change. */
  readonly changes: boolean;
  /** The inputs that trigger a replacement: `platform`, or `pageAccessToken` when the token's Page changed. */
  readonly replaces: readonly string[];
  /** The inputs whose field is added, updated or deleted, for messages and the detailed diff. */
  readonly changedInputs: readonly ProfileInputField[];
}

/**
 * The `diff` answer of a plan from {@link planUpdate}.
 *
 * @param plan - the plan
 */
export function diffOf(plan: ProfilePlan): ProfileDiff {
  const replaces = plan.replaceReasons.map((r) => (r === "platform" ? "platform" : "pageAccessToken"));
  return {
    changes: plan.changes.length > 0 || replaces.length > 0,
    replaces,
    changedInputs: plan.changes.map((c) => c.input),
  };
}
