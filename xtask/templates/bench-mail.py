"""The Python side of `cargo xtask bench mail`: the protocol floor with imaplib, and
delivery through Postfix's inbound port with smtplib. Standard library only.

  bench-mail.py fetch-all    HOST PORT USER PASSWORD_FILE CA ITEMS
  bench-mail.py fetch-newest HOST PORT USER PASSWORD_FILE CA ITEMS N
  bench-mail.py list-status  HOST PORT USER PASSWORD_FILE CA
  bench-mail.py list-status-open HOST PORT USER PASSWORD_FILE CA N
  bench-mail.py deliver      HOST PORT FROM TO SUBJECT

The fetch commands print one JSON line: how many FETCH responses carried a header;
list-status asks what a no-change sync asks (ENABLE QRESYNC, then LIST with
SPECIAL-USE, SUBSCRIBED and STATUS of every folder) and prints how many folders
answered; list-status-open logs in once, selects INBOX (as the app's connection has it for
IDLE) and times the same LIST N times on the open connection (what a pass on an open
connection cannot go below); deliver prints when Postfix accepted the message (Unix time, seconds).
"""

import imaplib
import json
import smtplib
import ssl
import sys
import time


def login(host, port, user, password_file, ca):
    with open(password_file, encoding="utf-8") as f:
        password = f.read().strip()
    context = ssl.create_default_context(cafile=ca)
    imap = imaplib.IMAP4_SSL(host, int(port), ssl_context=context)
    imap.login(user, password)
    return imap


def headers_in(data):
    # A header FETCH answer arrives as (b'1 (UID … BODY[…] {n}', b'<header>'), b')'.
    return sum(1 for part in data if isinstance(part, tuple))


def fetch(args, newest):
    host, port, user, password_file, ca, items = args[:6]
    imap = login(host, port, user, password_file, ca)
    status, _ = imap.select("INBOX", readonly=True)
    if status != "OK":
        raise SystemExit("SELECT INBOX failed")
    if newest is None:
        uids = "1:*"
    else:
        uidnext = int(imap.response("UIDNEXT")[1][0])
        uids = "%d:%d" % (max(1, uidnext - newest), uidnext - 1)
    status, data = imap.uid("FETCH", uids, items)
    if status != "OK":
        raise SystemExit("UID FETCH failed: %r" % (data,))
    count = headers_in(data)
    imap.logout()
    print(json.dumps({"headers": count}))


def ask_list_status(imap):
    status, data = imap._simple_command(
        "LIST",
        '""',
        '"*"',
        "RETURN",
        "(SUBSCRIBED SPECIAL-USE STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))",
    )
    if status != "OK":
        raise SystemExit("LIST-STATUS failed: %r" % (data,))
    _, statuses = imap._untagged_response(status, data, "STATUS")
    return len(statuses or [])


def open_with_qresync(args):
    host, port, user, password_file, ca = args[:5]
    imap = login(host, port, user, password_file, ca)
    status, data = imap._simple_command("ENABLE", "QRESYNC")
    if status != "OK":
        raise SystemExit("ENABLE QRESYNC failed: %r" % (data,))
    return imap


def list_status(args):
    imap = open_with_qresync(args)
    folders = ask_list_status(imap)
    imap.logout()
    print(json.dumps({"folders": folders}))


def list_status_open(args):
    imap = open_with_qresync(args)
    # The state of the app's connection between passes: INBOX selected for IDLE.
    # Dovecot answers the STATUS of the selected mailbox from the open session; for
    # an unselected 100,000-message Maildir it opens the mailbox each time (~50 ms).
    status, data = imap.select("INBOX")
    if status != "OK":
        raise SystemExit("SELECT INBOX failed: %r" % (data,))
    seconds = []
    for _ in range(int(args[5])):
        start = time.perf_counter()
        ask_list_status(imap)
        seconds.append(time.perf_counter() - start)
    imap.logout()
    print(json.dumps({"seconds": seconds}))


def deliver(args):
    host, port, sender, recipient, subject = args[:5]
    message = (
        "From: Benchmark <%s>\r\nTo: %s\r\nSubject: %s\r\n"
        "Message-ID: <%s@example.test>\r\nDate: %s\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "Neue Nachricht für die IDLE-Messung.\r\n"
        % (
            sender,
            recipient,
            subject,
            subject,
            time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime()),
        )
    )
    with smtplib.SMTP(host, int(port)) as smtp:
        smtp.sendmail(sender, [recipient], message.encode("utf-8"))
        # Postfix has accepted (queued) the message: the clock of the IDLE measure.
        accepted = time.time()
    print(json.dumps({"subject": subject, "accepted": accepted}))


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "fetch-all":
        fetch(args, None)
    elif command == "fetch-newest":
        fetch(args, int(args[6]))
    elif command == "list-status":
        list_status(args)
    elif command == "list-status-open":
        list_status_open(args)
    elif command == "deliver":
        deliver(args)
    else:
        raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main()
