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
error-internal = Something went wrong inside Werkbank: { $reason }.
    .hint = Please report this, with the diagnostics bundle, to your IT department.
