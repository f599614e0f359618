// A TypeScript program on pulumi-messenger/native whose Pulumi.yaml does not say where the provider
// plugin is: it must stop when it loads the SDK, before any resource or request, with the lines to add.
import * as messenger from "pulumi-messenger/native";

export const greeting = new messenger.Profile("greeting", { greeting: "Hello" }).ownedFields;
