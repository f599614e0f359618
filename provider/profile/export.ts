/**
 * The profile's exporter for `messenger-profile-export`: reads a Page's current profile (one
 * `GET /me` and one `GET /me/messenger_profile`) and prints a `MessengerProfile` program that
 * declares it (`export-program.ts`).
 *
 * @packageDocumentation
 */
import type { ExportRequest, ExportResult, ProgramExporter } from "../core/program-export";
import { isEmptyExport, renderProfileProgram } from "./export-program";
import { checkReadSelection, readPageProfile, type ReadArgNames } from "./read";

/** How the command line's flags are named in messages. */
const CLI_NAMES: ReadArgNames = { fields: "--fields", platform: "--platform", entry: () => "--fields", prefix: "" };

/** Exports a Page's Messenger profile as a `MessengerProfile` program. */
export const PROFILE_EXPORTER: ProgramExporter = {
  /** Checks the selection, reads the Page (2 calls) and renders the program. */
  async exportProgram(request: ExportRequest): Promise<ExportResult> {
    const selection = checkReadSelection(request.fields, request.platform, CLI_NAMES);
    const snapshot = await readPageProfile(request.connect(), { ...selection, identify: true });
    const exported = {
      name: request.resourceName,
      pageId: snapshot.pageId ?? "",
      pageName: snapshot.pageName ?? "",
      platform: snapshot.platform,
      apiVersion: request.apiVersion,
      fieldsRead: selection.fields,
      profile: snapshot.profile,
    };
    const program = renderProfileProgram(exported);
    if (isEmptyExport(exported))
      return {
        program,
        empty: true,
        summary: `nothing to export: none of ${selection.fields.join(", ")} is set on Page ${exported.pageId} (${selection.platform})`,
      };
    return {
      program,
      empty: false,
      summary: `exported ${snapshot.fields.join(", ")} of Page ${exported.pageId} (${selection.platform}); 2 calls made`,
    };
  },
};
