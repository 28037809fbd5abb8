/** The messages domain's public entry: what the dashboard uses of it. */
export { unreadReplies, type UnreadConversation } from "./unread";
