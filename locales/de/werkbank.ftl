# Werkbank — deutsche Texte, gemeinsam für die Rust-Crates und die Oberfläche.
# Jede Nachrichten-ID hier gibt es auch in locales/en/werkbank.ftl (ein Test prüft das).

## Fehler: eine Nachricht je Fehlercode (error-<code>), mit .hint für den nächsten Schritt.

error-auth-failed = Der Server { $host } hat Benutzername oder Passwort abgelehnt.
    .hint = Prüfen Sie das Passwort und versuchen Sie es erneut. Wurde es kürzlich geändert, geben Sie das neue ein.
error-certificate-untrusted = Dem Zertifikat von { $host } wird nicht vertraut: { $reason }.
    .hint = Fahren Sie nur fort, wenn Ihre IT-Abteilung den Fingerabdruck { $fingerprint } bestätigt.
error-host-not-allowed = Die Richtlinie Ihrer Organisation erlaubt keine Verbindung zu { $host }.
    .hint = Bitten Sie Ihre IT-Abteilung, diesen Server in die Richtlinie aufzunehmen, oder prüfen Sie die Adresse.
error-setting-locked = Die Einstellung { $key } ist von Ihrer Organisation gesperrt ({ $file }).
    .hint = Wenden Sie sich an Ihre IT-Abteilung, wenn sie geändert werden muss.
error-profile-in-use = Ein anderer Werkbank-Prozess verwendet dieses Profil.
    .hint = Schließen Sie das andere Werkbank-Fenster oder den anderen Befehl und versuchen Sie es erneut.
error-keyring-unavailable = Kein Passwortspeicher des Betriebssystems war erreichbar: { $reason }.
    .hint = Starten und entsperren Sie den Schlüsselbund Ihres Desktops (zum Beispiel GNOME Keyring oder KWallet) oder richten Sie einen Passwortbefehl ein.
error-unreachable = Der Server { $host } war nicht erreichbar: { $reason }.
    .hint = Prüfen Sie die Netzwerkverbindung und die Serveradresse. Werkbank arbeitet offline weiter.
error-timeout = Der Server { $host } hat nicht rechtzeitig geantwortet.
    .hint = Versuchen Sie es später erneut; wenn es wieder passiert, informieren Sie Ihre IT-Abteilung.
error-starttls-unavailable = Der Server { $host } bietet keine verschlüsselte Verbindung (STARTTLS) an.
    .hint = Verwenden Sie den verschlüsselten Port (zum Beispiel 993 oder 465) oder fragen Sie Ihre IT-Abteilung.
error-policy-invalid = Die Richtliniendatei { $file } ist nicht verwendbar: { $reason }.
    .hint = Korrigieren Sie die Datei ({ $line ->
        [unknown] { $file }
       *[other] Zeile { $line }, { $key }
    }) oder informieren Sie Ihre IT-Abteilung.
error-setting-unknown = Es gibt keine Einstellung namens { $key }.
    .hint = „werkbank-cli settings get“ zeigt alle Einstellungen.
error-setting-invalid = Der Wert { $value } passt nicht zur Einstellung { $key }: { $reason }.
    .hint = Verwenden Sie einen der erlaubten Werte.
error-account-not-found = Es gibt kein Konto { $account }.
    .hint = „werkbank-cli account list“ zeigt Ihre Konten.
error-account-exists = Ein Konto { $account } gibt es bereits.
    .hint = Wählen Sie einen anderen Namen oder entfernen Sie zuerst das vorhandene Konto.
error-module-disabled = Das Modul { $module } ist von Ihrer Organisation abgeschaltet.
    .hint = Fragen Sie Ihre IT-Abteilung, wenn Sie es brauchen.
error-service-not-configured = Das Konto { $account } hat keinen Dienst { $service }.
    .hint = Fügen Sie den Dienst in den Kontoeinstellungen hinzu.
error-discovery-failed = Für { $email } wurden keine Servereinstellungen gefunden.
    .hint = Geben Sie die Serveradressen von Hand ein; Ihre IT-Abteilung nennt sie Ihnen.
error-protocol-error = Der Server { $host } hat eine Antwort geschickt, die Werkbank nicht versteht: { $reason }.
    .hint = Versuchen Sie es später erneut; wenn es wieder passiert, informieren Sie Ihre IT-Abteilung.
error-invalid-input = Diese Eingabe ist nicht verwendbar: { $reason }.
    .hint = Korrigieren Sie die Eingabe und versuchen Sie es erneut.
error-io = Die Datei { $file } konnte nicht gelesen oder geschrieben werden: { $reason }.
    .hint = Prüfen Sie, ob der Datenträger voll ist und ob Sie dort schreiben dürfen.
error-password-missing = Für { $account } ist kein Passwort gespeichert.
    .hint = Geben Sie das Passwort einmal ein; Werkbank legt es im Schlüsselbund Ihres Systems ab.
error-password-command-failed = Der Passwortbefehl für { $account } ist fehlgeschlagen: { $reason }.
    .hint = Prüfen Sie den password_command im Konto oder in der Richtlinie.
error-pinning-forbidden = Ihre Organisation erlaubt nicht, Zertifikaten von Hand zu vertrauen.
    .hint = Bitten Sie Ihre IT-Abteilung, die richtige Zertifizierungsstelle zu installieren.
error-internal = In Werkbank ist ein Fehler aufgetreten: { $reason }.
    .hint = Bitte melden Sie das mit dem Diagnosepaket Ihrer IT-Abteilung.
