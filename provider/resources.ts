/**
 * The resource table: every resource of the package, once. The provider plugin serves these, the
 * schema generator describes these, the export CLI finds its exporter here, and the package tests
 * check each one. Adding a resource is its folder (class, shim, lifecycle, definition) and one
 * entry here.
 *
 * @packageDocumentation
 */
import { ACCOUNT_LINKING } from "./account-linking/definition";
import { registerResource, type RegisteredResource } from "./core/resource-definition";
import { PAGE_SUBSCRIPTION } from "./page-subscription/definition";
import { PROFILE } from "./profile/definition";
import { WEBHOOK } from "./webhook/definition";

/** Every resource, in the order the schema lists them. */
export const RESOURCES: readonly RegisteredResource[] = [
  registerResource(ACCOUNT_LINKING),
  registerResource(PROFILE),
  registerResource(WEBHOOK),
  registerResource(PAGE_SUBSCRIPTION),
];
