# Werkbank — English strings shared by the Rust crates and the UI.
# Every message id here exists in locales/de/werkbank.ftl too (a test checks).

## Errors: one message per error code (error-<code>), with a .hint saying what to do next.

error-auth-failed = The server { $host } rejected the user name or password.
    .hint = Check the password and try again. If it was changed recently, enter the new one.
error-certificate-untrusted = The certificate of { $host } is not trusted: { $reason }.
    .hint = Do not continue unless your IT department confirms the fingerprint { $fingerprint }.
error-host-not-allowed = Your organisation's policy does not allow connections to { $host }.
    .hint = Ask your IT department to add this server to the policy, or check the address.
error-setting-locked = The setting { $key } is locked by your organisation ({ $file }).
    .hint = Ask your IT department if it needs to change.
error-profile-in-use = Another Werkbank process is using this profile.
    .hint = Close the other Werkbank window or command, then try again.
error-keyring-unavailable = No password store of the operating system could be reached: { $reason }.
    .hint = Start your desktop's keyring (for example GNOME Keyring or KWallet) and unlock it, or configure a password command.
error-unreachable = The server { $host } could not be reached: { $reason }.
    .hint = Check your network connection and the server address. Werkbank will keep working offline.
error-timeout = The server { $host } did not answer in time.
    .hint = Try again later; if it keeps happening, tell your IT department.
error-starttls-unavailable = The server { $host } does not offer an encrypted connection (STARTTLS).
    .hint = Use the encrypted port (for example 993 or 465) or ask your IT department.
error-policy-invalid = The policy file { $file } cannot be used: { $reason }.
    .hint = Correct the file ({ $line ->
        [unknown] { $file }
       *[other] line { $line }, { $key }
    }) or tell your IT department.
error-setting-unknown = There is no setting named { $key }.
    .hint = Run "werkbank-cli settings get" to see all settings.
error-setting-invalid = The value { $value } does not fit the setting { $key }: { $reason }.
    .hint = Use one of the allowed values.
error-account-not-found = There is no account { $account }.
    .hint = Run "werkbank-cli account list" to see your accounts.
error-account-exists = An account { $account } exists already.
    .hint = Choose another name or remove the existing account first.
error-module-disabled = The module { $module } is switched off by your organisation.
    .hint = Ask your IT department if you need it.
error-service-not-configured = The account { $account } has no { $service } service.
    .hint = Add the service in the account settings.
error-discovery-failed = No server settings could be found for { $email }.
    .hint = Enter the server addresses by hand; your IT department can tell you them.
error-protocol-error = The server { $host } sent an answer Werkbank does not understand: { $reason }.
    .hint = Try again later; if it keeps happening, tell your IT department.
error-invalid-input = This input cannot be used: { $reason }.
    .hint = Correct the input and try again.
error-io = The file { $file } could not be read or written: { $reason }.
    .hint = Check that the disk is not full and that you may write there.
error-password-missing = No password is stored for { $account }.
    .hint = Enter the password once; Werkbank keeps it in your system's keyring.
error-password-command-failed = The password command for { $account } failed: { $reason }.
    .hint = Check the password_command in the account or policy.
error-pinning-forbidden = Your organisation does not allow trusting certificates by hand.
    .hint = Ask your IT department to install the right certificate authority.
error-connection-lost = The server { $host } closed the connection unexpectedly.
    .hint = Nothing was lost: Werkbank tries again by itself. If it keeps happening, tell your IT department.
error-not-found = { $item } was not found.
    .hint = It may have been moved or deleted in the meantime; refresh and try again.
error-store-damaged = The local database of Werkbank is damaged: { $reason }.
    .hint = Your data on the servers is safe. Ask your IT department to repair or reset the profile.
error-internal = Something went wrong inside Werkbank: { $reason }.
    .hint = Please report this, with the diagnostics bundle, to your IT department.

## Desktop app: tray icon and start-up.

tray-open = Open Werkbank
tray-quit = Quit
# The tray icon's tooltip; $unread is the number of unread messages.
tray-tooltip = Werkbank: { $unread } unread
app-start-failed = Werkbank could not start
dialog-save-attachment = Save attachment in …
dialog-attach-files = Attach files

## Desktop app: frame

skip-to-content = Skip to content
app-loading = Opening Werkbank…
app-load-failed = Werkbank could not start
action-retry = Try again
action-back = Back
action-cancel = Cancel
rail-label = Modules
module-mail = Mail
module-calendar = Calendar
module-contacts = Contacts
module-chat = Chat
module-files = Files
module-unavailable = This module is not available
module-unavailable-hint = Your organisation has switched it off, or it does not exist. Choose another module on the left.
notice-info = Note
notice-success = Done
notice-warning = Warning
notice-error = Error
status-label = Status
status-sync-label = Synchronisation
status-online = Online
status-offline = Offline – changes are kept and sent later
status-progress = { $module } ({ $account }): { $done } of { $total }
status-downloading = { $module } ({ $account }): downloading for offline use, { $done } of { $total }
status-indexing = { $module } ({ $account }): preparing search, { $done } of { $total }
status-idle = { $module } ({ $account }): up to date
status-module-offline = { $module } ({ $account }): server not reachable

## Desktop app: modules (coming soon)

module-soon-note = This part of Werkbank is being built. Your accounts are already set up for it; nothing else needs to be done.
mail-soon-lead = Read, write and file your mail here, also without a network connection.
mail-soon-item-1 = All your mailboxes and folders in one list, searchable in an instant
mail-soon-item-2 = Messages you send wait safely in the outbox until the server has them
mail-soon-item-3 = Out-of-office replies and warnings about suspicious senders
compose-link-title = A link asked to write an e-mail to { $to }.
compose-link-title-empty = A link asked to write a new e-mail.
compose-link-subject = Subject: { $subject }
compose-link-dismiss = Dismiss
calendar-soon-lead = Plan appointments and meetings here, with the calendars of your organisation.
calendar-soon-item-1 = Day, week and month views of all your calendars
calendar-soon-item-2 = Invitations you can accept or decline with one click
calendar-soon-item-3 = Reminders, also when you are working offline
contacts-soon-lead = Find colleagues and partners here, from your address books.
contacts-soon-item-1 = Your personal and shared address books in one place
contacts-soon-item-2 = Addresses completed as you type a message or an invitation
contacts-soon-item-3 = Contacts kept in sync with the server of your organisation
chat-soon-lead = Talk to colleagues here, also in other authorities, over Matrix.
chat-soon-item-1 = Direct messages and rooms, end-to-end encrypted
chat-soon-item-2 = A clear mark on who is writing from outside your organisation
chat-soon-item-3 = Files and appointments shared straight from the other modules
files-soon-lead = Open and share the documents on your organisation's file server here.
files-soon-item-1 = Your folders and the ones shared with you
files-soon-item-2 = Share links instead of attachments, with an expiry date
files-soon-item-3 = Files you marked kept available offline

## Desktop app: services and discovery

service-imap = Incoming mail (IMAP)
service-smtp = Outgoing mail (SMTP)
service-caldav = Calendar (CalDAV)
service-carddav = Address book (CardDAV)
service-matrix = Chat (Matrix)
service-webdav = Files (WebDAV)
source-autoconfig = autoconfig
source-autoconfig_well_known = autoconfig (.well-known)
source-srv = DNS SRV record
source-well_known = .well-known address
source-dns_srv_txt = DNS SRV/TXT record
source-matrix_well_known = Matrix .well-known
source-nextcloud_status = Nextcloud status page

## Desktop app: account setup

setup-welcome-title = Welcome to Werkbank
setup-welcome-lead = Set up your work account: enter your e-mail address and password, and Werkbank finds the servers of your organisation.
setup-add-title = Add an account
setup-add-lead = Enter the e-mail address and password of the account. Werkbank looks for its servers and tests them before anything is saved.
setup-step-credentials = Your account
setup-step-review = Server settings
setup-step-saved = All set
setup-email = E-mail address
setup-password = Password
setup-password-hint = Werkbank keeps it in your system's keyring, never in a file.
setup-discover = Find settings
setup-manual = Enter server addresses by hand
setup-discovering = Looking for the servers of { $email }…
setup-review-for = Settings for { $email }
setup-found-label = Services found
setup-found-by = found by { $source }
setup-nothing-found = No server settings were found for this address.
setup-nothing-found-hint = Enter the server addresses below; your IT department can tell you them.
setup-advanced = Server addresses (advanced)
setup-advanced-hint = Change an address only if your IT department gave you a different one. Leave a field empty if you do not use the service.
setup-field-id = Account name
setup-field-id-hint = Short, lowercase letters, digits and hyphens, for example "work".
setup-field-display-name = Display name
setup-field-imap = Incoming mail server (IMAP)
setup-field-imap-hint = imaps://host:993 (encrypted) or imap://host:143 (STARTTLS)
setup-field-smtp = Outgoing mail server (SMTP)
setup-field-smtp-hint = submissions://host:465 (encrypted) or submission://host:587 (STARTTLS)
setup-field-mail-user = Mail login
setup-field-caldav = Calendar address (CalDAV)
setup-field-carddav = Address book address (CardDAV)
setup-field-webdav = Files address (WebDAV)
setup-field-matrix = Chat server (Matrix)
setup-field-dav-user = Login for calendar, address book, files and chat
setup-field-dav-user-hint = Usually the part of your address before the @.
setup-test = Test connection
setup-testing = Testing the connection to each server…
setup-test-ok = Every service works.
setup-test-failed = Some services do not work yet. See below what to do.
setup-test-offline = Some servers cannot be reached right now. You can save the account; Werkbank connects when they are back.
setup-save = Save account
setup-save-needs-test = Test the connection first; the account can be saved once it works.
setup-saved = The account { $name } is ready.
setup-saved-hint = Werkbank now synchronises it in the background; the status bar at the bottom shows the progress.
setup-finish = Start working
setup-privacy = Werkbank connects only to the servers shown here and those your organisation allows. Nothing is sent anywhere else.
setup-invalid-email = Enter an e-mail address such as name@example.org.
setup-password-required = Enter your password.
setup-invalid-id = Use lowercase letters, digits and hyphens, starting with a letter or digit.
setup-invalid-imap = Use imaps://host or imap://host, optionally with :port.
setup-invalid-smtp = Use submissions://host or submission://host, optionally with :port.
setup-missing-imap = Incoming mail needs an IMAP server as well.
setup-missing-smtp = Outgoing mail needs an SMTP server as well.
setup-invalid-https = Use an https:// address.
setup-no-services = Enter at least one server.
check-ok = Works
check-failed = Does not work
checks-label = Test results per service
check-fingerprint = Fingerprint of the certificate (SHA-256):
trust-button = Trust this certificate…
trust-dialog-title = Trust this certificate?
trust-dialog-body = Compare this fingerprint with the one your IT department gave you, character by character:
trust-dialog-warning = Only continue if they match. A wrong certificate lets others read your mail and password.
trust-confirm = Trust this certificate
trust-forbidden-title = Trusting certificates by hand is not allowed here.
trust-forbidden-body = Your organisation does not allow trusting certificates by hand. Ask your IT department to install the right certificate authority; then test again.
trust-not-allowed-title = Your IT department must install this certificate.
trust-not-allowed-body = Your organisation does not allow trusting certificates by hand in Werkbank. Give your IT department the fingerprint above: they install the certificate, or the authority that issued it, on this computer. Then test again.
pending-title = Prepared by your organisation
pending-lead = Your IT department has set up these accounts for you. Enter your password to start using them.
pending-account = Account { $id }
pending-store = Save password
pending-stored = The password is stored in your system's keyring.

## Desktop app: settings

settings-title = Settings
settings-sections = Settings sections
settings-accounts = Accounts
settings-language = Language
settings-theme = Appearance
settings-notifications = Notifications
settings-identities = Identities and signatures
settings-locked = Locked by your organisation.
settings-locked-by = Locked by your organisation ({ $file }).
settings-policy-in-force = Some settings are managed by your organisation ({ $file }).
settings-saved-automatically = Changes are saved automatically.
settings-language-legend = Language of Werkbank
settings-language-hint = By default Werkbank follows the language of your operating system.
settings-language-system = As the operating system
settings-language-de = Deutsch
settings-language-en = English
settings-theme-legend = Colour scheme
settings-theme-hint = "As the operating system" switches between light and dark with your desktop.
settings-theme-system = As the operating system
settings-theme-light = Light
settings-theme-dark = Dark
settings-theme-high-contrast = High contrast
settings-notifications-enabled = Show notifications
settings-notifications-enabled-hint = New mail, invitations and chat messages appear as desktop notifications.
settings-notifications-sound = Play a sound
settings-notifications-sound-hint = A short sound with each notification.
accounts-lead = The accounts Werkbank uses for mail, calendar, contacts, chat and files.
accounts-add = Add account
accounts-empty = No accounts yet
accounts-empty-hint = Add your work account to start with mail, calendar and the other modules.
accounts-services = Services
accounts-provisioned = Provided by your organisation
accounts-provisioned-cannot-remove = This account is managed by your organisation: its servers cannot be changed and it cannot be removed here.
accounts-password-command = The password comes from a password command set up for this account.
accounts-edit = Edit
accounts-edit-label = Edit the server settings of { $name }
edit-title = Server settings of { $name }
edit-lead = Change addresses and user names, test them, then save. The stored password stays as it is.
edit-save = Save changes
edit-unchanged = Nothing has been changed yet.
edit-saved = The new settings of { $name } are saved.
accounts-test = Test
accounts-test-label = Test: { $name }
accounts-password = Change password
accounts-password-label = Change password: { $name }
accounts-password-stored = The new password is stored. Test the account to check it.
accounts-remove = Remove
accounts-remove-label = Remove: { $name }
accounts-removed = The account { $id } was removed.
accounts-removed-with-warnings = The account { $id } was removed. { $count ->
        [one] One server could not be told about it; nothing is left on this computer.
       *[other] { $count } servers could not be told about it; nothing is left on this computer.
    }
remove-title = Remove { $name }?
remove-body = Werkbank signs out of every service of { $email } and deletes the stored password.
remove-body-local = Your mail, appointments and files stay on the servers; only this computer forgets them.
remove-confirm = Remove account
password-title = New password for { $name }
password-hint = Werkbank keeps it in your system's keyring.
password-store = Save password
identities-lead = The names and addresses you send mail as, and the signature below your messages. The default identity is used for new messages; in the composer you can choose another one under “From”.
identities-empty = No account with mail yet
identities-empty-hint = Add an account with mail under Accounts.
identities-loading = Loading identities …
identities-list-label = Identities of { $name }
identities-default = Default
identities-reply-to-shown = Replies go to { $address }
identities-signature = Signature
identities-no-signature = No signature.
identities-edit = Edit
identities-edit-label = Edit: { $identity }
identities-make-default = Make default
identities-make-default-label = Make default: { $identity }
identities-remove = Remove
identities-remove-label = Remove: { $identity }
identities-add = Add identity
identities-add-label = Add identity: { $name }
identities-last-stays = An account needs at least one identity, so the last one cannot be removed.
identities-add-title = New identity
identities-edit-title = Edit { $address }
identities-field-name = Display name
identities-field-name-hint = Recipients see this name next to the address.
identities-field-email = Sender address
identities-field-reply-to = Reply address (Reply-To, optional)
identities-field-reply-to-hint = Only if replies should go to another address than the sender address.
identities-field-signature = Signature
identities-field-signature-hint = Plain text, added below your message after a line “-- ”. Leave it empty for no signature.
identities-save = Save identity
identities-problem-name-line-break = The name must fit on one line.
identities-problem-email-empty = Enter the sender address, such as name@example.org.
identities-problem-email-invalid = This is not a valid e-mail address. Enter one such as name@example.org.
identities-problem-email-duplicate = This account already has an identity with this address.
identities-problem-reply-to-invalid = This is not a valid e-mail address. Enter one such as name@example.org, or leave the field empty.
identities-saved = The identity { $address } is saved.
identities-added = The identity { $address } is added.
identities-default-set = { $address } is now the default identity.
identities-removed = The identity { $address } was removed.
identities-remove-title = Remove { $address }?
identities-remove-body = New messages can no longer be sent as this identity. Messages already sent are not affected.
identities-remove-confirm = Remove identity
identities-error-invalid = The identities could not be saved: an entry cannot be used.
identities-error-account-gone = This account no longer exists. It may have been removed in the meantime.
identities-error-no-mail = This account cannot send mail, so it has no identities.
identities-error-store = The identities could not be stored on this computer.
identities-error-other = The identities could not be saved.
identities-error-kept = Nothing was changed; your input is still in the form.

## Why a certificate is refused (the reason in error-certificate-untrusted).

cert-reason-unknown-issuer = it was issued by an unknown certificate authority
cert-reason-expired = it has expired
cert-reason-not-valid-yet = it is not valid yet
cert-reason-wrong-host = it was issued for another server name
cert-reason-revoked = it has been revoked
cert-reason-bad-signature = its signature is invalid

## Writing mail: quoting, forwarding, the outbox
mail-quote-attribution = On { $date } at { $time }, { $name } wrote:
mail-forward-header = -------- Forwarded message --------
mail-forward-subject = Subject
mail-forward-date = Date
mail-forward-from = From
mail-forward-to = To
mail-forward-cc = Cc
mail-outbox-queued = Waiting to be sent
mail-outbox-submitting = Sending…
mail-outbox-accepted = Sent; being filed in Sent
mail-outbox-filed = Sent
mail-outbox-uncertain = Delivery uncertain
mail-outbox-uncertain-hint = Werkbank stopped while sending and cannot tell whether the server got the message. Look at the recipient's answer or your Sent folder, then send it again or discard it.
mail-outbox-rejected = Refused by the server
mail-outbox-retry = Send again
mail-outbox-discard = Discard

## Mail view: folders, message list, reader, search, shortcuts.

mailview-folders = Folders
mailview-messages = Messages
mailview-reader = Message
mailview-folder-unread = { $unread } unread
mailview-role-inbox = Inbox
mailview-role-drafts = Drafts
mailview-role-sent = Sent
mailview-role-trash = Trash
mailview-role-junk = Junk
mailview-role-archive = Archive
mailview-no-account = No account with mail yet.
mailview-no-account-hint = Add one under Settings → Accounts.
mailview-empty-folder = This folder is empty.
mailview-empty-folder-hint = New messages appear here as soon as they arrive.
mailview-loading = Loading messages…
mailview-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
mailview-row-unread = unread
mailview-row-flagged = flagged
mailview-row-attachment = with attachment
mailview-no-subject = (no subject)
mailview-nothing-open = No message selected.
mailview-nothing-open-hint = Choose a message from the list, or use the arrow keys and Enter.
reader-cc = Cc
reader-reply-to = Reply to
reader-body-title = Text of the message
reader-body-empty = This message has no text.
reader-body-truncated = The text is very long and was cut off; the end is missing here.
reader-phishing-title = Be careful: this message may be a fraud attempt
reader-phishing-advice = Do not open its links or attachments and do not send personal data until you have checked another way (for example by phone) that it is genuine.
reader-hint-name-contains-other-address = The sender's name shows the address { $shown }, but the message comes from { $actual }.
reader-hint-impersonates-contact = The sender uses the name { $name } of one of your contacts, but writes from { $actual } instead of { $known }.
reader-hint-lookalike-domain = The sender's domain { $domain } looks like { $resembles }, but it is a different one.
reader-hint-mixed-script-domain = The sender's domain { $domain } mixes letters of different alphabets, a common trick to imitate a known name.
reader-hint-reply-to-other-domain = Replies would go to { $replyTo }, not to the sender's domain { $from }.
reader-hint-first-message = This is the first message you have received from { $address }.
reader-link-deceptive = The link text shows “{ $text }” but leads to { $host }.
reader-remote-blocked = { $trackers ->
    [0] Images from the internet are blocked to protect your privacy ({ $count }).
    [one] Images from the internet are blocked to protect your privacy ({ $count }, of which 1 looks like a tracking pixel).
   *[other] Images from the internet are blocked to protect your privacy ({ $count }, of which { $trackers } look like tracking pixels).
}
reader-remote-load-message = Load for this message
reader-remote-always-sender = Always for { $sender }
reader-remote-locked = Your organisation does not allow images from the internet in messages.
reader-remote-allowed-setting = Images from the internet are shown, as set in Settings.
reader-remote-allowed-sender = Images from the internet are shown because you allowed them for { $sender }.
reader-remote-allowed-message = Images from the internet are shown for this message until you quit Werkbank.
reader-links-title = Links in this message ({ $count })
reader-link-target = leads to
reader-link-no-text = (no text)
reader-link-blocked = not opened (file or system link)
reader-link-deceptive-short = the text names another address
reader-attachments = Attachments ({ $count })
reader-attachment-open = Open
reader-attachment-open-label = Open { $name }
reader-attachment-save = Save…
reader-attachment-save-label = Save { $name }…
reader-attachment-saved = Saved as { $path }
reader-attachment-confirm-title = Open this file?
reader-attachment-confirm-body = { $name } could harm your computer when it is opened.
reader-attachment-confirm-question = Open it only if you expected this file and trust the sender.
reader-attachment-confirm-open = Open anyway
reader-risk-executable = This is a program (.{ $extension }). A program from an e-mail can take control of your computer.
reader-risk-executable-type = This file is a program. A program from an e-mail can take control of your computer.
reader-risk-double-extension = The name ends in .{ $shown } to look like a document, but the file is a .{ $real } program.
reader-risk-macros = This document (.{ $extension }) contains macros that can run programs when it is opened.
reader-risk-disk-image = This is a disk image (.{ $extension }); opening it can bypass your computer's protection against downloaded programs.
reader-size-bytes = { $count ->
    [one] { $size } byte
   *[other] { $size } bytes
}
reader-size-kb = { $size } KB
reader-size-mb = { $size } MB
reader-size-gb = { $size } GB
reader-invitation-title = Invitation: { $summary }
reader-invitation-cancel-title = Cancelled: { $summary }
reader-invitation-reply-title = Answer to an invitation: { $summary }
reader-invitation-untitled = (no title)
reader-invitation-when = When
reader-invitation-where = Where
reader-invitation-organizer = Organiser
reader-invitation-later = Accepting or declining will be possible here once the calendar is ready.
reader-attached-title = Attached messages ({ $count })
reader-attached-from = from { $from }
reader-problem-encoding = Part of this message uses a character encoding that could not be read cleanly; some characters may be wrong.
reader-problem-nesting = Messages nested too deeply inside each other are listed as attachments only.
reader-problem-too-large = This message is very large; only its beginning is shown.
reader-problem-styles = The message's layout could not be applied; it is shown without it.
mailview-from = From
mailview-to = To
mailview-date = Date
mailview-attachments = Attachments
mailview-opening = Opening the message…
mailview-text-missing = The text of this message is not available offline yet.
mailview-conversation = Conversation ({ $count })
mailview-search-label = Search mail
mailview-search-placeholder = Search: words, from:, subject:, is:unread …
search-suggest-label = Search suggestions
search-suggest-from = Messages from a person
search-suggest-to = Messages to a person
search-suggest-subject = A word in the subject
search-suggest-folder = Messages in a folder
search-suggest-unread = Unread messages
search-suggest-read = Read messages
search-suggest-flagged = Flagged messages
search-suggest-attachment = Messages with attachments
search-suggest-before = Messages before a day, such as { $today }
search-suggest-after = Messages on or after a day, such as { $today }
search-suggest-before-day = Messages before { $day }
search-suggest-after-day = Messages on or after { $day }
search-suggest-in-folder = Messages in { $folder }
search-suggest-from-person = Messages from { $person }
search-suggest-to-person = Messages to { $person }
search-suggest-recent = Recent search
mailview-search-results = { $count ->
    [0] Nothing found for “{ $query }”.
    [one] 1 result for “{ $query }”
   *[other] { $count } results for “{ $query }”
}
mailview-search-clear = Clear search
mailview-search-server = found on the server
mailview-search-help = Search terms
mailview-search-help-words = words and "exact phrases"; Muller also finds Müller
mailview-search-help-from = from:name or address
mailview-search-help-subject = subject:word
mailview-search-help-state = is:unread, is:flagged, has:attachment
mailview-search-help-date = after:2026-01-31, before:2026-12-31
mailview-search-help-folder = folder:Archive
mailview-action-read = Mark as read
mailview-action-unread = Mark as unread
mailview-action-flag = Flag
mailview-action-unflag = Remove flag
mailview-action-archive = Archive
mailview-action-delete = Delete
mailview-action-refresh = Check for new mail
mailview-action-reply = Reply
mailview-action-reply-all = Reply all
mailview-action-forward = Forward
mailview-action-forward-attachment = Forward as attachment
mailview-action-draft-continue = Continue writing
mailview-action-compose = New message
mailview-action-shortcuts = Keyboard shortcuts
mailview-done-archived = Archived.
mailview-done-deleted = Moved to Trash.
mailview-done-deleted-for-good = Deleted for good.
mailview-undo = Undo
mailview-confirm-delete-title = Delete for good?
mailview-confirm-delete-body = { $count ->
    [one] This message is deleted for good; it cannot be restored.
   *[other] These { $count } messages are deleted for good; they cannot be restored.
}
mailview-confirm-delete = Delete for good
mailview-cancel = Cancel
mailview-shortcuts-title = Keyboard shortcuts
mailview-shortcut-next = Next message
mailview-shortcut-previous = Previous message
mailview-shortcut-open = Open message
mailview-shortcut-reply = Reply
mailview-shortcut-reply-all = Reply all
mailview-shortcut-forward = Forward
mailview-shortcut-draft-continue = Continue writing a draft
mailview-shortcut-delete = Delete
mailview-shortcut-archive = Archive
mailview-shortcut-unread = Mark as read or unread
mailview-shortcut-flag = Flag or remove flag
mailview-shortcut-search = Search
mailview-shortcut-compose = New message
mailview-shortcut-help = Show these shortcuts
mailview-close = Close

## Composer and outbox
compose-link-no-account = Add a mail account in Settings to write this message. Nothing has been sent.
compose-open-failed = The message could not be prepared: { $reason }
compose-title-new = New message
compose-title-reply = Reply
compose-title-reply-all = Reply to all
compose-title-forward = Forward
compose-title-draft = Draft
compose-close = Close
compose-from = From
compose-to = To
compose-cc = Cc
compose-bcc = Bcc
compose-add-cc = Add Cc
compose-add-bcc = Add Bcc
compose-subject = Subject
compose-body = Text of the message
compose-forward-as = Forward
compose-forward-inline = In the text
compose-forward-attachment = As attachment
compose-forward-fixed = Can be changed only before the text is edited.
compose-attachments = Attachments
compose-attach-files = Attach files…
compose-attach-drop-hint = or drop files onto this window
compose-attachment-message = The original message (as attachment)
compose-attachment-originals = The attachments of the original message
compose-attachment-draft = The attachments saved with the draft
compose-attachment-remove = Remove { $name }
compose-address-edit = Edit { $address }
compose-address-edit-invalid = Edit { $address }, not a valid e-mail address
compose-address-remove = Remove { $address }
compose-address-invalid = { $count ->
    [one] Not a valid e-mail address: { $addresses }
   *[other] Not valid e-mail addresses: { $addresses }
}
compose-problem-no-recipient = Add at least one recipient.
compose-problem-invalid = Correct or remove these addresses before sending: { $addresses }
compose-close-failed = The draft could not be saved, so the window stays open. Copy your text somewhere safe or discard the message.
compose-status-saving = Saving…
compose-status-saved = Saved at { $time }
compose-status-failed = Not saved: { $reason }
compose-status-local-only = Saved on this computer, not on the server yet.
compose-discard = Discard
compose-save = Save draft
compose-send = Send
compose-keys-hint = Ctrl+Enter sends · Escape closes and keeps the draft
compose-ask-subject-title = Send without a subject?
compose-ask-subject-body = The recipients will see the message without a subject line.
compose-ask-subject-back = Add a subject
compose-ask-attachment-title = Nothing attached
compose-ask-attachment-body = Your text mentions an attachment, but no file is attached.
compose-send-anyway = Send anyway
compose-discard-title = Discard this message?
compose-discard-body = The text and its draft are deleted, here and on the server.
compose-keep-writing = Keep writing
compose-draft-kept = The message was kept in Drafts.
compose-draft-kept-local = The message was kept as a draft on this computer; it goes to the server's Drafts folder when the server can be reached.
compose-discarded = The message was discarded.
compose-sent = Sent.
compose-sent-filing = Sent; it is being filed in Sent.
compose-sent-queued = Waiting to be sent: { $reason }. It goes out when the server can be reached.
compose-sent-queued-plain = Waiting to be sent. It goes out when the server can be reached.
compose-sent-rejected = The server refused the message: { $reason }. It stays in the outbox.
compose-sent-uncertain = Werkbank could not confirm that the message was delivered. Look at it in the outbox.
compose-open-outbox = Open outbox
compose-notice-dismiss = Dismiss
compose-shortcut-forward-attachment = Forward as attachment
compose-rich-mode = Text format
compose-rich-plain = Plain text
compose-rich-formatted = Formatted
compose-rich-toolbar = Formatting
compose-rich-bold = Bold
compose-rich-bold-short = B
compose-rich-italic = Italic
compose-rich-italic-short = I
compose-rich-underline = Underline
compose-rich-underline-short = U
compose-rich-bullets = • List
compose-rich-numbers = 1. List
compose-rich-quote = Quote
compose-rich-link = Link
compose-rich-clear = Clear formatting
compose-rich-link-label = Link address
compose-rich-link-add = Add link
compose-rich-link-cancel = Cancel
compose-rich-link-invalid = Only addresses starting with https://, http:// or mailto: can be linked.
compose-rich-to-plain-title = Switch to plain text?
compose-rich-to-plain-body = Bold, italics, underlining, lists and links are removed. The text stays.
compose-rich-to-plain-keep = Keep formatting
compose-rich-to-plain-confirm = Switch to plain text
outbox-title = Outbox
outbox-count = { $count ->
    [one] 1 message
   *[other] { $count } messages
}
outbox-count-waiting = not sent yet
outbox-empty = The outbox is empty.
outbox-empty-hint = Messages wait here until the server has accepted them.
outbox-no-subject = (no subject)
outbox-state-queued = Waiting
outbox-state-submitting = Sending…
outbox-state-accepted = Sent, filing in Sent
outbox-state-filed = Sent
outbox-state-uncertain = Delivery uncertain
outbox-state-rejected = Refused by the server
outbox-to = To
outbox-written = Written
outbox-attempts-label = Attempts
outbox-attempts = { $count ->
    [0] not tried yet
    [one] 1 attempt
   *[other] { $count } attempts
}
outbox-last-error = Last error
outbox-queued-explain = Werkbank sends this message by itself as soon as the server can be reached.
outbox-uncertain-explain = Werkbank could not confirm whether this message was delivered. It was not found in Sent. Send it again only if the recipient did not receive it.
outbox-rejected-explain = The server did not accept this message. Check the addresses and the reason above, then send it again or discard it.
outbox-retry = Send again
outbox-discard = Discard
outbox-cancel = Cancel
outbox-confirm-retry-title = Send this message again?
outbox-confirm-retry-uncertain = “{ $subject }” may already have arrived. If it did, the recipients get it twice.
outbox-confirm-retry-body = “{ $subject }” is sent to the server once more.
outbox-confirm-discard-title = Discard this message?
outbox-confirm-discard-body = “{ $subject }” is removed from the outbox and will not be sent. This cannot be undone.
