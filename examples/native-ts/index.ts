// A Page's whole Messenger profile, owned by Pulumi from TypeScript through the provider plugin: the
// same profile as examples/full-profile (every field, in two locales, and the Page's Instagram
// messaging profile beside it), declared with the Node SDK generated from the plugin's schema.
//
// What this door gives over the dynamic classes: a per-field diff in preview, a checkpoint without
// serialized code, `pulumi import` that prints this kind of TypeScript, and less time per resource.
// What it asks: the `plugins:` entry in Pulumi.yaml (see there).
//
// The Page token comes from stack config (`pulumi config set --secret messenger:pageAccessToken …`)
// or MESSENGER_PAGE_ACCESS_TOKEN; the endpoint from messenger:graphApiUrl or MESSENGER_GRAPH_API_URL.
//
// `pulumi up` makes GET /me + 1 POST per resource; edit a field and the next `up` POSTs only it;
// remove one and the next `up` DELETEs only it; reorder the locales and nothing is sent.
import * as messenger from "pulumi-messenger/native";

const shop = "https://shop.example.com";

const profile = new messenger.Profile("messenger-profile", {
  whitelistedDomains: [shop],
  getStarted: { payload: "GET_STARTED" },
  greeting: [
    { locale: "default", text: "Hi {{user_first_name}}! Ask us about your order." },
    { locale: "fr_FR", text: "Bonjour {{user_first_name}} ! Posez-nous vos questions." },
  ],
  iceBreakers: [
    {
      locale: "default",
      callToActions: [
        { question: "Where is my order?", payload: "ORDER_STATUS" },
        { question: "What are your opening hours?", payload: "HOURS" },
      ],
    },
    {
      locale: "fr_FR",
      callToActions: [
        { question: "Où est ma commande ?", payload: "ORDER_STATUS" },
        { question: "Quels sont vos horaires ?", payload: "HOURS" },
      ],
    },
  ],
  persistentMenu: [
    {
      locale: "default",
      composerInputDisabled: false,
      callToActions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: `${shop}/`, webviewHeightRatio: "full" },
        {
          type: "web_url",
          title: "Track an order",
          url: `${shop}/orders`,
          webviewHeightRatio: "tall",
          messengerExtensions: true,
        },
      ],
    },
    {
      locale: "fr_FR",
      callToActions: [
        { type: "postback", title: "Parler à quelqu'un", payload: "HUMAN" },
        { type: "web_url", title: "Boutique", url: `${shop}/fr/` },
      ],
    },
  ],
  commands: [
    {
      locale: "default",
      commands: [
        { name: "order", description: "Track an order" },
        { name: "hours", description: "Opening hours" },
      ],
    },
    { locale: "fr_FR", commands: [{ name: "commande", description: "Suivre une commande" }] },
  ],
  accountLinkingUrl: `${shop}/messenger/link`,
});

const instagram = new messenger.Profile("instagram-profile", {
  platform: "instagram",
  iceBreakers: [
    { question: "Where is my order?", payload: "ORDER_STATUS" },
    { question: "Do you ship abroad?", payload: "SHIPPING" },
  ],
  persistentMenu: [
    {
      locale: "default",
      callToActions: [
        { type: "postback", title: "Talk to a person", payload: "HUMAN" },
        { type: "web_url", title: "Shop", url: `${shop}/` },
      ],
    },
  ],
});

export const pageId = profile.pageId;
export const pageName = profile.pageName;
export const messengerFields = profile.ownedFields;
export const instagramFields = instagram.ownedFields;
