/**
 * The names this package goes by, written once: its npm name (what programs import, and what the
 * dynamic-provider host requires by name), and its Pulumi package name (the plugin's name, the
 * config namespace `messenger:`, the type tokens `messenger:index:*` and the dynamic resources'
 * module `messenger`).
 *
 * @packageDocumentation
 */

/** The npm package name. */
export const NPM_PACKAGE = "pulumi-messenger";

/** The Pulumi package name: the provider plugin, the config namespace, the type tokens' first part. */
export const PULUMI_PACKAGE = "messenger";
