/**
 * `MessengerProfile` as the resource table lists it (`provider/resources.ts`): the provider plugin
 * serves it as `messenger:index:Profile`, on the same lifecycle as the class; the export CLI prints
 * a program that declares a Page's current profile.
 *
 * @packageDocumentation
 */
import type { ResourceDefinition } from "../core/resource-definition";
import { SECRET_PROPERTIES } from "../core/secrets";
import { declaredFields } from "../graph/profile-fields";
import { PROFILE_EXPORTER } from "./export";
import { ProfileLifecycle } from "./lifecycle";
import { PROFILE_CLASS, type MessengerProfileInputs, type MessengerProfileOutputs } from "./types";

/** The Messenger profile fields a resource declares. */
export const PROFILE: ResourceDefinition<MessengerProfileInputs, MessengerProfileOutputs> = {
  name: "Profile",
  className: PROFILE_CLASS,
  outputsType: "MessengerProfileOutputs",
  secretProperties: SECRET_PROPERTIES,
  /** One lifecycle per provider process. */
  lifecycle: () => new ProfileLifecycle(),
  /** The fields it owns. */
  ownedFields: (inputs) => declaredFields(inputs),
  exporter: PROFILE_EXPORTER,
  /** What it makes Graph deliver, for the checks across a deployment. */
  delivery: {
    kind: "postbacks",
    /** The claim, from the checked inputs. */
    values: (i) => ({
      ...i,
      sends: i.getStarted !== undefined || JSON.stringify(i.persistentMenu ?? []).includes('"type":"postback"'),
    }),
  },
};
