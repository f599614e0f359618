/**
 * What every resource lifecycle shares: the provider settings in force (read in `configure`), the
 * operations layer built on them, the redactor that knows their secrets, and the guard that makes
 * whatever a step throws safe to print and adds the resource's Pulumi advice.
 *
 * A lifecycle instance lives for the whole provider process (the dynamic-provider host, see
 * `dynamic-shim.ts`, or the provider plugin), so its clients and keep-alive agents are reused by
 * every step of every resource of that kind.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import type { AttemptReport } from "../graph/client";
import { GraphApiError } from "../graph/errors";
import type { AppConnection, AppOperations } from "../graph/app-operations";
import { GraphOperations, type PageOperations } from "../graph/operations";
import { Redactor } from "../graph/redact";
import type { PageIdentity } from "../graph/wire";
import { withPulumiAdvice, type AdviceContext } from "./advice";
import { readProviderSettings, refusedSettings, tokenFingerprint, type ProviderSettings } from "./settings";
import type { EffectiveSettings } from "./effective-settings";

/** How one input changes, for a detailed diff (the provider plugin shows it per property). */
export type PropertyChange = "add" | "update" | "delete" | "add-replace" | "update-replace" | "delete-replace";

/**
 * A diff with the change of each input: what the dynamic-provider host reads (`changes`,
 * `replaces`, `stables`) plus `detailedDiff`, which the provider plugin sends to the engine.
 */
export interface DetailedDiffResult extends dynamic.DiffResult {
  /** Each changed input, and how. */
  readonly detailedDiff: Readonly<Record<string, PropertyChange>>;
}

/** What an import adopts: the resource id, its state, and the inputs that keep it unchanged. */
export interface ImportedResource<Outs> {
  /** The resource id (the Page id). */
  readonly id: string;
  /** The state. */
  readonly outs: Outs;
  /** Inputs a program declares to keep the resource as imported (no secrets). */
  readonly inputs: Readonly<Record<string, unknown>>;
}

/**
 * A resource's lifecycle: the steps of Pulumi's resource provider protocol, typed at both ends (its
 * checked inputs `In` and its state `Out`), and the adoption of an existing setting. Both front
 * doors (the dynamic-provider host and the provider plugin) drive the same lifecycle.
 */
export interface ResourceLifecycle<In, Out> {
  /** Reads provider settings from stack config (falling back to the environment). No calls. */
  configure(req: dynamic.ConfigureRequest): Promise<void>;
  /** Validates the inputs as the engine passes them, and fills in defaults. No calls. */
  check(olds: In, news: In): Promise<dynamic.CheckResult<In>>;
  /** Compares state with the new inputs, with the change of each input. */
  diff(id: string, olds: Out, news: In): Promise<DetailedDiffResult>;
  /** Creates. */
  create(inputs: In): Promise<dynamic.CreateResult<Out>>;
  /** Refreshes. */
  read(id: string, props?: Out): Promise<dynamic.ReadResult<Out>>;
  /** Updates. */
  update(id: string, olds: Out, news: In): Promise<dynamic.UpdateResult<Out>>;
  /** Deletes. */
  delete(id: string, props: Out): Promise<void>;
  /** Adopts what is on the Page (`pulumi import`), by import id. */
  importResource(id: string): Promise<ImportedResource<Out>>;
}

/** Options of a lifecycle. */
export interface LifecycleOptions {
  /** Provider-wide settings; by default read from the environment until `configure` runs. */
  readonly settings?: ProviderSettings;
  /** Observer of every HTTP attempt (no secrets); by default logs to stderr when MESSENGER_DEBUG is set. */
  readonly onAttempt?: (report: AttemptReport) => void;
}

/** The settings, operations and error handling every resource lifecycle shares. */
export abstract class LifecycleBase {
  private settings: ProviderSettings;
  private readonly onAttempt: ((report: AttemptReport) => void) | undefined;
  /** The operations layer of the settings in force (its clients are reused by every step). */
  private ops: GraphOperations;
  /** Knows the secrets of the settings in force (token and app secret from config or environment). */
  private redactor: Redactor;

  /**
   * @param advice - what the resource's errors advise in Pulumi
   * @param options - settings and observers
   */
  protected constructor(
    private readonly advice: AdviceContext,
    options: LifecycleOptions = {},
  ) {
    this.settings = options.settings ?? readProviderSettings(undefined);
    this.onAttempt = options.onAttempt;
    this.redactor = redactorOf(this.settings);
    this.ops = this.operationsFor(this.settings);
  }

  /** Reads `messenger:*` stack config (falling back to the environment). No calls. */
  configure(req: dynamic.ConfigureRequest): Promise<void> {
    this.settings = readProviderSettings((key) => req.config.get(key));
    this.redactor = redactorOf(this.settings);
    this.ops = this.operationsFor(this.settings);
    return Promise.resolve();
  }

  /** The settings in force (for tests and diagnostics; contains secrets, never log it). */
  get providerSettings(): ProviderSettings {
    return this.settings;
  }

  /** The operations on the Page that `s` reaches. */
  protected page(s: EffectiveSettings): PageOperations {
    return this.ops.page(s);
  }

  /**
   * The operations on the app that `s` names, with its app token and proof.
   *
   * @param s - endpoint, app id and secret, version
   * @param secrets - other secrets the calls carry (a verify token): removed from answers and errors too
   */
  protected appOps(s: Omit<AppConnection, "secrets">, secrets: readonly string[] = []): AppOperations {
    return this.ops.app({ ...s, secrets });
  }

  /**
   * Whether the ambient token (config or environment) may have moved to another Page since the state
   * was written: it is not the one the state's fingerprint records. (A token input is the state's own.)
   *
   * @param s - the effective settings
   * @param recorded - the state's token fingerprint
   */
  protected ambientTokenChanged(s: EffectiveSettings, recorded: string | undefined): boolean {
    return s.tokenSource !== "input" && recorded !== tokenFingerprint(s.token);
  }

  /**
   * How a change of the token input (or of the ambient token) changes a resource of a Page: not at
   * all; an update (the same Page's token, another source of it, or a value not known yet); or a
   * replacement (another Page's token). One `GET /me` when the token changed and the endpoint is known.
   *
   * @param next - the settings of the new inputs, undefined while the token is not known (preview)
   * @param recorded - what state records: the token's fingerprint and source, the Page id
   * @param endpointKnown - whether the new endpoint is known (else which Page it is, is asked later)
   */
  protected async tokenChange(
    next: EffectiveSettings | undefined,
    recorded: { readonly tokenFingerprint: string; readonly tokenSource: string; readonly pageId: string },
    endpointKnown = true,
  ): Promise<"none" | "update" | "replace"> {
    if (next === undefined) return "update";
    if (tokenFingerprint(next.token) !== recorded.tokenFingerprint) {
      if (!endpointKnown) return "update";
      return (await this.page(next).whoAmI()).id === recorded.pageId ? "update" : "replace";
    }
    return next.tokenSource !== recorded.tokenSource ? "update" : "none";
  }

  /**
   * Checks that an ambient token (config or environment) still belongs to the resource's Page: one
   * `GET /me`. A step on another Page's token would change the wrong Page.
   *
   * @param s - the effective settings
   * @param id - the resource's Page id
   * @param step - the step, for the message (`read`, `delete`)
   * @param what - what the resource owns, for the message
   */
  protected async samePage(s: EffectiveSettings, id: string, step: string, what: string): Promise<PageIdentity> {
    const page = await this.page(s).whoAmI();
    if (page.id !== id) {
      throw new Error(
        `Cannot ${step} ${what} of Page ${id}: the configured token (${s.tokenSource === "config" ? "messenger:pageAccessToken" : "MESSENGER_PAGE_ACCESS_TOKEN"}) now belongs to Page ${page.id}. ` +
          `Configure Page ${id}'s token again for this step, or pass each Page's token as the pageAccessToken input; to forget the resource without touching the Page, run \`pulumi state delete <urn>\`.`,
      );
    }
    return page;
  }

  /**
   * Runs a step so that whatever it throws is safe to print and says what to do in Pulumi:
   * GraphApiErrors (already redacted) get the resource's advice; anything else is rethrown with a
   * redacted message and stack.
   *
   * @param secrets - the step's own secrets (inputs or state), on top of the settings' secrets
   * @param step - the step
   */
  protected async guard<T>(secrets: ReadonlyArray<string | undefined>, step: () => T | Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (e) {
      if (GraphApiError.isInstance(e)) throw withPulumiAdvice(e, this.advice);
      const redactor = this.redactor.with(...secrets);
      const err = e instanceof Error ? e : new Error(String(e));
      const safe = new Error(redactor.redact(err.message));
      safe.name = err.name;
      safe.stack = redactor.redact(err.stack ?? `${err.name}: ${err.message}`);
      throw safe;
    }
  }

  private operationsFor(settings: ProviderSettings): GraphOperations {
    // check refuses these at preview; a step reached without check must not call with them either
    // (the client checks the endpoint it is given itself).
    const refused = refusedSettings(settings, true).map((p) => p.reason);
    return new GraphOperations({
      retry: settings.retry,
      onAttempt: this.onAttempt,
      refused,
      redactor: this.redactor,
    });
  }
}

/** A redactor that knows the provider settings' secrets: the token and app secret from config or environment. */
function redactorOf(settings: ProviderSettings): Redactor {
  return new Redactor([settings.pageAccessToken?.value, settings.appSecret]);
}
