// A Page's Messenger profile and its account linking URL, declared from Go through the messenger
// provider plugin and its generated Go SDK (sdk/go, made by scripts/build-go-example). The Page
// token comes from the stack config `messenger:pageAccessToken`, read by the provider itself.
package main

import (
	"github.com/pulumi-messenger/sdk/go/messenger"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		// Both have defaults in Pulumi.yaml.
		greeting := cfg.Require("greeting")
		linkURL := cfg.Require("linkUrl")

		// The Messenger profile: every field but the account linking URL, which the next resource owns.
		profile, err := messenger.NewProfile(ctx, "profile", &messenger.ProfileArgs{
			WhitelistedDomains: pulumi.StringArray{pulumi.String("https://shop.example.com")},
			GetStarted:         messenger.GetStartedArgs{Payload: pulumi.String("GET_STARTED")},
			Greeting: messenger.GreetingLocaleArray{
				messenger.GreetingLocaleArgs{Locale: pulumi.String("default"), Text: pulumi.String(greeting)},
				messenger.GreetingLocaleArgs{Locale: pulumi.String("fr_FR"), Text: pulumi.String("Bonjour {{user_first_name}} !")},
			},
			IceBreakers: messenger.IceBreakerArray{
				messenger.IceBreakerArgs{Question: pulumi.String("Where is my order?"), Payload: pulumi.String("ORDER_STATUS")},
			},
			PersistentMenu: messenger.PersistentMenuLocaleArray{
				messenger.PersistentMenuLocaleArgs{
					Locale: pulumi.String("default"),
					CallToActions: messenger.MenuItemArray{
						messenger.MenuItemArgs{Type: pulumi.String("postback"), Title: pulumi.String("Talk to a person"), Payload: pulumi.String("HUMAN")},
						messenger.MenuItemArgs{
							Type:               pulumi.String("web_url"),
							Title:              pulumi.String("Shop"),
							Url:                pulumi.String("https://shop.example.com/"),
							WebviewHeightRatio: pulumi.String("full"),
						},
					},
				},
			},
			Commands: messenger.CommandsLocaleArray{
				messenger.CommandsLocaleArgs{
					Locale: pulumi.String("default"),
					Commands: messenger.CommandArray{
						messenger.CommandArgs{Name: pulumi.String("order"), Description: pulumi.String("Track an order")},
					},
				},
			},
		})
		if err != nil {
			return err
		}

		// The account linking URL, owned on its own.
		link, err := messenger.NewAccountLinking(ctx, "link", &messenger.AccountLinkingArgs{
			AccountLinkingUrl: pulumi.String(linkURL),
		})
		if err != nil {
			return err
		}

		ctx.Export("pageId", profile.PageId)
		ctx.Export("pageName", profile.PageName)
		ctx.Export("messengerFields", profile.OwnedFields)
		ctx.Export("linkedUrl", link.AccountLinkingUrl)
		return nil
	})
}
