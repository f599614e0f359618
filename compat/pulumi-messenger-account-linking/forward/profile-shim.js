// the provider object of MessengerProfile state (captured by reference), as 0.1.x state names it.
module.exports = require("pulumi-messenger/dynamic/profile");
