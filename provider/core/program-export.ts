/**
 * What the export CLI (`messenger-profile-export`) asks of a resource that can print a program
 * declaring what a Page has now: the way Pulumi users adopt a setting the engine cannot import into
 * a dynamic resource (pulumi#16175). The CLI finds the resource through the resource table.
 *
 * @packageDocumentation
 */
import type { PageOperations } from "../graph/operations";

/** What the CLI was asked to export, as given on the command line (checked by the exporter). */
export interface ExportRequest {
  /** `--platform`, as given. */
  readonly platform?: string;
  /** `--fields`, as given. */
  readonly fields?: readonly string[];
  /** The resource's name in the printed program. */
  readonly resourceName: string;
  /** The Graph version of the calls (printed into the program too). */
  readonly apiVersion: string;
  /**
   * The Page's operations, opened once the request is checked (it checks the token and endpoint:
   * no call is made, and no credential read, while the request itself is refused).
   */
  readonly connect: () => PageOperations;
}

/** An export's outcome. */
export interface ExportResult {
  /** The program (TypeScript), printed even when nothing is set (it then says so). */
  readonly program: string;
  /** One line for stderr: what was exported from which Page, or that nothing was. */
  readonly summary: string;
  /** Whether nothing of what was read is set on the Page. */
  readonly empty: boolean;
}

/** A resource's exporter. */
export interface ProgramExporter {
  /**
   * Reads what the request selects from the Page and prints the program.
   *
   * @throws ArgumentError when the request is refused (before any call)
   * @throws GraphApiError when a call fails
   */
  exportProgram(request: ExportRequest): Promise<ExportResult>;
}
