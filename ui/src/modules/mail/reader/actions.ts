// What the reader offers for writing about a message, by the role of its folder: a
// message in Drafts is continued, not answered or forwarded (it is the user's own,
// unsent); any other is replied to or forwarded. The toolbar shows these buttons and
// the view's shortcuts do nothing else.
import type { MailComposeRequest } from '../../../bindings/MailComposeRequest';
import type { Role } from '../../../bindings/Role';

export type WriteCommand = 'reply' | 'reply-all' | 'forward' | 'forward-attachment' | 'draft-continue';

const ANSWER: WriteCommand[] = ['reply', 'reply-all', 'forward', 'forward-attachment'];
const DRAFT: WriteCommand[] = ['draft-continue'];

/** The writing commands for a message in a folder of `role` (`null`: no special role). */
export function writeCommands(role: Role | null): WriteCommand[] {
  return role === 'drafts' ? DRAFT : ANSWER;
}

export function isWriteCommand(command: string): command is WriteCommand {
  return ANSWER.includes(command as WriteCommand) || DRAFT.includes(command as WriteCommand);
}

/** What the composer starts from for `command` on message `message`. */
export function composeRequest(command: WriteCommand, message: number): MailComposeRequest {
  switch (command) {
    case 'reply': return { kind: 'reply', message, all: false };
    case 'reply-all': return { kind: 'reply', message, all: true };
    case 'forward': return { kind: 'forward', message, attach: false };
    case 'forward-attachment': return { kind: 'forward', message, attach: true };
    case 'draft-continue': return { kind: 'draft', message };
  }
}
