// Thunderbird profile for `cargo xtask bench footprint`: alice's account at the
// harness, nothing that would make Thunderbird work harder than Werkbank at idle
// (no first-run wizards, update checks, telemetry or start page).
user_pref("mail.provider.suppress_dialog_on_startup", true);
user_pref("mail.shell.checkDefaultClient", false);
user_pref("mailnews.start_page.enabled", false);
user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("mail.rights.version", 1);
user_pref("mail.accountmanager.accounts", "account1");
user_pref("mail.accountmanager.defaultaccount", "account1");
user_pref("mail.account.account1.identities", "id1");
user_pref("mail.account.account1.server", "server1");
user_pref("mail.identity.id1.fullName", "Alice");
user_pref("mail.identity.id1.useremail", "alice@example.test");
user_pref("mail.identity.id1.smtpServer", "smtp1");
user_pref("mail.server.server1.type", "imap");
user_pref("mail.server.server1.hostname", "mail.example.test");
user_pref("mail.server.server1.port", 10993);
user_pref("mail.server.server1.socketType", 3);
user_pref("mail.server.server1.userName", "alice@example.test");
user_pref("mail.server.server1.name", "alice@example.test");
user_pref("mail.server.server1.login_at_startup", true);
user_pref("mail.smtpservers", "smtp1");
user_pref("mail.smtp.defaultserver", "smtp1");
user_pref("mail.smtpserver.smtp1.hostname", "mail.example.test");
user_pref("mail.smtpserver.smtp1.port", 10465);
user_pref("mail.smtpserver.smtp1.try_ssl", 3);
user_pref("mail.smtpserver.smtp1.username", "alice@example.test");
