// A TypeScript program on pulumi-messenger/native, the Node SDK of the provider plugin. It declares
// nothing itself: tests/e2e/native-import.test.ts runs a copy, saves the code each `pulumi import`
// prints beside it, as printed, and imports it from here.
import "pulumi-messenger/native";
