/**
 * The import id of a `MessengerProfile` (`pulumi import`): `<pageId>`, `<pageId>/<platform>` or
 * `<pageId>/<platform>/<field>,<field>…`, fields by input or wire name.
 *
 * @packageDocumentation
 */
import {
  DEFAULT_PLATFORM,
  PROFILE_FIELDS,
  inPostOrder,
  isProfilePlatform,
  type ProfilePlatform,
  type ProfileWireField,
} from "../graph/profile-fields";

/**
 * Parses a profile import id: `<pageId>[/<platform>[/<field>,<field>…]]`, fields by input or wire name.
 *
 * @param id - the import id
 */
export function parseProfileImportId(id: string): {
  pageId: string;
  platform: ProfilePlatform;
  fields?: ProfileWireField[];
} {
  const [pageId, platform = DEFAULT_PLATFORM, list, ...rest] = id.split("/");
  const usage =
    "write <pageId>, <pageId>/<platform> or <pageId>/<platform>/<field>,<field> (e.g. 1234/messenger/greeting,persistentMenu)";
  if (!/^\d+$/.test(pageId ?? "") || rest.length > 0) throw new Error(`Import id ${JSON.stringify(id)}: ${usage}.`);
  if (!isProfilePlatform(platform))
    throw new Error(`Import id ${JSON.stringify(id)}: the platform must be "messenger" or "instagram"; ${usage}.`);
  if (list === undefined) return { pageId, platform };
  const fields = list.split(",").map((name) => {
    const spec = PROFILE_FIELDS.find((f) => f.wire === name || f.input === name);
    if (spec === undefined)
      throw new Error(
        `Import id ${JSON.stringify(id)}: ${JSON.stringify(name)} is not a profile field; use one of ${PROFILE_FIELDS.map((f) => f.input).join(", ")}.`,
      );
    if (!spec.platforms.includes(platform))
      throw new Error(`Import id ${JSON.stringify(id)}: ${spec.input} does not exist on ${platform}.`);
    return spec.wire;
  });
  return { pageId, platform, fields: inPostOrder(fields) };
}
