// the provider object of MessengerAccountLinking state (captured by reference), as 0.1.x state names it.
module.exports = require("pulumi-messenger/dynamic/account-linking");
