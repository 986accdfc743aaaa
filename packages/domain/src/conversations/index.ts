export {
  type AppendedMessage,
  type AppendMessagesResult,
  appendCaseMessages,
} from './append-messages.ts';
export {
  type AttachmentLinkCheck,
  type AttachmentLinkClaims,
  attachmentStorageKey,
  signAttachmentLink,
  verifyAttachmentLink,
} from './attachment-links.ts';
export { DEFAULT_REOPEN_WINDOW_MS, decideFollowUp, type FollowUp } from './follow-up.ts';
export {
  type AppendMessagesInput,
  MAX_MESSAGE_BODY,
  MAX_MESSAGES_PER_CALL,
} from './message-schema.ts';
export {
  type AttachmentView,
  type CaseMessageRow,
  type CaseNoteRow,
  listCaseMessages,
  listCaseNotes,
  type ThreadPage,
} from './read-thread.ts';
export { GATEWAY_MESSAGE_SOURCE, type ReplyResult, replyToUser } from './reply-to-user.ts';
