// the MessengerProfile host module (state captured by value names it), as 0.1.x state names it.
module.exports = require("pulumi-messenger/dynamic/profile/lifecycle");
