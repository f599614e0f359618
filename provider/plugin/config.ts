/**
 * The provider's own configuration through the plugin: stack config as the lifecycles read it
 * (`messenger:pageAccessToken`, …), and `DiffConfig`.
 *
 * @packageDocumentation
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import { PULUMI_PACKAGE } from "../core/package-names";
import { fromStruct } from "./properties";

/**
 * Stack config as the lifecycles read it (`messenger:pageAccessToken`, …).
 *
 * @param req - the engine's `Configure` request
 */
export function configOf(req: provproto.ConfigureRequest): dynamic.ConfigureRequest {
  const values = new Map<string, string>();
  req.getVariablesMap().forEach((value, key) => {
    // Older engines send `messenger:config:key`; newer ones `messenger:key`.
    values.set(key.replace(`${PULUMI_PACKAGE}:config:`, `${PULUMI_PACKAGE}:`), value);
  });
  for (const [key, value] of Object.entries(fromStruct(req.getArgs())))
    if (value !== undefined && value !== null && !values.has(`${PULUMI_PACKAGE}:${key}`))
      values.set(`${PULUMI_PACKAGE}:${key}`, typeof value === "string" ? value : JSON.stringify(value));
  return { config: { get: (key: string) => values.get(key) } } as unknown as dynamic.ConfigureRequest;
}

/**
 * DiffConfig: the provider settings that changed, each an in-place update. Answering "no change"
 * when a setting did change makes the engine keep the provider configured with its old settings (a
 * rotated `messenger:pageAccessToken` would never reach the resources' Diff); an update makes it
 * configure the provider with the new ones, and each resource's own Diff then decides (a token of
 * another Page replaces the resource there). Secrets are compared unwrapped.
 *
 * @param req - the engine's `DiffConfig` request
 */
export function configDiff(req: provproto.DiffRequest): provproto.DiffResponse {
  const olds = fromStruct(req.getOldInputs() ?? req.getOlds());
  const news = fromStruct(req.getNews());
  const res = new provproto.DiffResponse().setHasdetaileddiff(true);
  const detailed = res.getDetaileddiffMap();
  const changed: string[] = [];
  for (const key of [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort()) {
    const [a, b] = [olds[key], news[key]];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    const kind =
      a === undefined
        ? provproto.PropertyDiff.Kind.ADD
        : b === undefined
          ? provproto.PropertyDiff.Kind.DELETE
          : provproto.PropertyDiff.Kind.UPDATE;
    changed.push(key);
    detailed.set(key, new provproto.PropertyDiff().setKind(kind).setInputdiff(true));
  }
  return res
    .setChanges(
      changed.length > 0 ? provproto.DiffResponse.DiffChanges.DIFF_SOME : provproto.DiffResponse.DiffChanges.DIFF_NONE,
    )
    .setDiffsList(changed);
}
