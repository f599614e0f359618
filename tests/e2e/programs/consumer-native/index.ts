// A user's TypeScript program on the provider plugin: the Node SDK from the installed package.
import * as messenger from "pulumi-messenger/native";

const bot = new messenger.Profile("bot", {
  greeting: [{ locale: "default", text: "Hello from the Node SDK" }],
  iceBreakers: [{ question: "Where is my order?", payload: "ORDER_STATUS" }],
});

export const pageId = bot.pageId;
export const ownedFields = bot.ownedFields;
